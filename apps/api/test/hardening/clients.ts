/**
 * Clients for the hardening suites: one operation over HTTP or WebSocket answered the same way,
 * and a raw WebSocket that sends whatever it is given and records what comes back.
 */
import { request } from "node:http";
import type { Client } from "graphql-ws";
import WebSocket from "ws";
import type { TestServer } from "../helpers/test-server.js";
import type { OperationKind } from "./schema-inventory.js";

export interface Answer {
  /** The HTTP status; 0 over WebSocket. */
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, any> }[];
  /** Over WebSocket, when the connection closed instead of answering. */
  closed?: { code: number; reason: string };
}

/** The first answer to one operation over `client`; the subscription is ended after it. */
export function firstAnswer(
  client: Client,
  query: string,
  variables: Record<string, unknown>,
): Promise<Answer> {
  return new Promise((resolve) => {
    let settled = false;
    let stop = () => {};
    const settle = (answer: Answer) => {
      if (settled) return;
      settled = true;
      resolve(answer);
      stop();
    };
    stop = client.subscribe(
      { query, variables },
      {
        next: (value) => settle({ status: 0, ...(value as object) }),
        error: (error: any) =>
          settle(
            Array.isArray(error)
              ? { status: 0, errors: error }
              : { status: 0, closed: { code: error?.code, reason: String(error?.reason ?? error) } },
          ),
        complete: () => settle({ status: 0 }),
      },
    );
  });
}

const wsClients = new WeakMap<TestServer, Client>();

/** One operation as `kind` travels: queries and mutations over HTTP, subscriptions over WebSocket. */
export async function send(
  t: TestServer,
  kind: OperationKind,
  query: string,
  variables: Record<string, unknown>,
  key?: string | null,
): Promise<Answer> {
  if (kind !== "subscription") return t.gql(query, variables, key);
  if (key !== undefined) return firstAnswer(t.ws(key), query, variables);
  let client = wsClients.get(t);
  if (!client) {
    client = t.ws();
    wsClients.set(t, client);
  }
  return firstAnswer(client, query, variables);
}

export interface RawSocket {
  socket: WebSocket;
  /** Messages received, parsed when they are JSON. */
  messages: any[];
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  send(data: string | Buffer): void;
  /** The next message received, or null after `ms`. */
  next(ms?: number): Promise<any>;
  /** Sends connection_init with `key` and waits for connection_ack. */
  init(key: string): Promise<void>;
  close(): void;
}

/** A WebSocket to /graphql speaking `protocol` (graphql-transport-ws unless said; null for none). */
export async function rawSocket(
  t: TestServer,
  protocol: string | null = "graphql-transport-ws",
): Promise<RawSocket> {
  const url = `${t.url.replace(/^http/, "ws")}/graphql`;
  const socket = protocol === null ? new WebSocket(url) : new WebSocket(url, protocol);
  const messages: any[] = [];
  const waiting: ((message: any) => void)[] = [];
  socket.on("message", (data) => {
    let message: any = String(data);
    try {
      message = JSON.parse(message);
    } catch {}
    messages.push(message);
    waiting.shift()?.(message);
  });
  socket.on("error", () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on("close", (code, reason) => resolve({ code, reason: String(reason) })),
  );
  await new Promise<void>((resolve) => {
    socket.once("open", () => resolve());
    socket.once("close", () => resolve());
    socket.once("error", () => resolve());
  });
  const raw: RawSocket = {
    socket,
    messages,
    closed,
    send: (data) => socket.send(data),
    next: (ms = 2_000) =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), ms);
        waiting.push((message) => {
          clearTimeout(timer);
          resolve(message);
        });
      }),
    async init(key) {
      const ack = raw.next();
      raw.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${key}` } }));
      const message = await ack;
      if (message?.type !== "connection_ack")
        throw new Error(`no connection_ack: ${JSON.stringify(message)}`);
    },
    close: () => socket.close(),
  };
  return raw;
}

/** POSTs `total` bytes to `url` without a declared length (chunked), reading the answer as soon as it comes. */
export function postChunked(
  url: string,
  headers: Record<string, string>,
  total: number,
): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", headers });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => {
        let body: any = text;
        try {
          body = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode!, body });
      });
    });
    // Writing after the server has answered and closed may fail; the answer is what counts.
    req.on("error", (error) => setTimeout(() => reject(error), 1_000));
    const chunk = Buffer.alloc(64 * 1024, 32);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}
