/**
 * An HTTP proxy on loopback between the AWS SDK and an S3-protocol server, which breaks
 * requests the way networks and object stores do: it drops the connection before answering,
 * answers 500 InternalError or 503 SlowDown, or sends an answer's headers and only half its body
 * before cutting the connection. Which requests it breaks is set per run: requests are counted
 * from 1 (`requests`); a fault at `from` breaks that request alone (`once`) or every one from
 * there on (an outage).
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export const FAULT_KINDS = ["drop", "error500", "slowDown", "cutBody"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultPlan {
  kind: FaultKind;
  /** The first request broken (1-based). */
  from: number;
  /** Break that request alone (true), or it and every later one (false). */
  once: boolean;
}

export interface S3FaultProxy {
  /** `http://127.0.0.1:<port>`, the endpoint to give the SDK. */
  readonly endpoint: string;
  /** Requests seen since the last {@link reset}. */
  readonly requests: number;
  /** Requests broken since the last {@link reset}. */
  readonly broken: number;
  /** Counts from zero again, with `plan` (or none). */
  reset(plan?: FaultPlan | null): void;
  close(): Promise<void>;
}

const XML_ERROR = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/** Starts a proxy to the S3-protocol server at `target` (`http://127.0.0.1:<port>`). */
export async function startS3FaultProxy(target: string): Promise<S3FaultProxy> {
  const upstream = new URL(target);
  let requests = 0;
  let broken = 0;
  let plan: FaultPlan | null = null;

  const forward = (incoming: IncomingMessage, body: Buffer, answer: (response: IncomingMessage) => void) => {
    const outgoing = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      answer,
    );
    outgoing.on("error", () => incoming.socket.destroy());
    outgoing.end(body);
  };

  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const n = ++requests;
      const fault = plan && (plan.once ? n === plan.from : n >= plan.from) ? plan.kind : null;
      if (fault) broken++;
      const body = Buffer.concat(chunks);
      if (fault === "drop") {
        incoming.socket.destroy();
        return;
      }
      if (fault === "error500" || fault === "slowDown") {
        const [status, code, message] =
          fault === "error500"
            ? [500, "InternalError", "We encountered an internal error. Please try again."]
            : [503, "SlowDown", "Please reduce your request rate."];
        response.writeHead(status, { "content-type": "application/xml" });
        response.end(XML_ERROR(code, message));
        return;
      }
      forward(incoming, body, (answer) => {
        if (fault !== "cutBody") {
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
          return;
        }
        // The headers promise the whole body; half of it comes, then the connection ends.
        const parts: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => parts.push(chunk));
        answer.on("end", () => {
          const whole = Buffer.concat(parts);
          response.writeHead(answer.statusCode ?? 502, {
            ...answer.headers,
            "content-length": String(whole.length),
          });
          if (whole.length < 2) {
            incoming.socket.destroy();
            return;
          }
          response.write(whole.subarray(0, whole.length >> 1), () => incoming.socket.destroy());
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get broken() {
      return broken;
    },
    reset(next = null) {
      requests = 0;
      broken = 0;
      plan = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
