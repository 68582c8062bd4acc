/**
 * Archives through a server's HTTP routes (apps/api, `http/archive-routes.ts`): the download of
 * `GET /backups/:id/archive` as a stream of chunks, and the upload of an archive as the raw body
 * of `POST /backups/import`, streamed from a file or stdin. Neither holds an archive in memory.
 *
 * The archive's passphrase travels in `X-Qvault-Passphrase`, percent-encoded UTF-8. A refusal's
 * JSON `{code, message}` becomes a QvaultError with that code, so it ends the command with the same
 * exit code as the same failure without a server.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { Readable } from "node:stream";
import { deserializeError, type ProgressSink, QvaultError } from "@qvault/core";
import { CliError } from "../output/exit-codes.js";
import type { ServerClient } from "../target/server.js";

/** What the server answers a successful import with. */
export interface ImportAnswer {
  backupId: string;
  questionCount: number;
  sectionCount: number;
  addedBytes: number;
  addedRecords: number;
  scope: string;
  note: string | null;
}

function headers(server: ServerClient, passphrase: string | null): Record<string, string> {
  return {
    authorization: server.authorization,
    ...(passphrase ? { "x-qvault-passphrase": encodeURIComponent(passphrase) } : {}),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The error a refusal stands for: the server's code when it answered as a qvault server. */
function refusalOf(server: ServerClient, status: number, text: string): Error {
  const body = parseJson(text) as { code?: unknown; message?: unknown } | null;
  if (typeof body?.code === "string" && typeof body.message === "string")
    return deserializeError({ ...body, details: { status } });
  return new CliError("SERVER_UNREACHABLE", `${server.url} answered HTTP ${status}, not as a qvault server`);
}

/**
 * The archive of `snapshotId`, chunk by chunk as the server writes it; `progress` gets the bytes
 * received (phase "downloading"). Stopping the iteration cancels the download.
 * @throws the server's refusal (NOT_FOUND, ACCESS_DENIED's codes, BAD_USER_INPUT); CliError
 * SERVER_UNREACHABLE; CANCELLED when `signal` aborts; CliError FAILURE when the server cuts the
 * archive short.
 */
export async function* downloadArchive(
  server: ServerClient,
  snapshotId: string,
  options: { passphrase: string | null; signal: AbortSignal; progress: ProgressSink },
): AsyncGenerator<Uint8Array> {
  const url = `${server.url}/backups/${encodeURIComponent(snapshotId)}/archive`;
  const cancelled = (cause: unknown) =>
    new QvaultError("CANCELLED", "The download was stopped; no archive was kept", { cause });
  let response: Response;
  try {
    response = await fetch(url, { headers: headers(server, options.passphrase), signal: options.signal });
  } catch (cause) {
    if (options.signal.aborted) throw cancelled(cause);
    throw new CliError("SERVER_UNREACHABLE", `Cannot reach the server at ${server.url}`, { cause });
  }
  if (response.status !== 200 || !response.body)
    throw refusalOf(server, response.status, await response.text().catch(() => ""));
  const reader = response.body.getReader();
  let bytes = 0;
  let finished = false;
  try {
    for (;;) {
      let next: Awaited<ReturnType<typeof reader.read>>;
      try {
        next = await reader.read();
      } catch (cause) {
        if (options.signal.aborted) throw cancelled(cause);
        throw new CliError(
          "FAILURE",
          `The server stopped sending the archive after ${bytes} bytes (its log says why); no archive was kept`,
          { cause },
        );
      }
      if (next.done) break;
      bytes += next.value.length;
      options.progress({ phase: "downloading", done: bytes, total: null, bytes });
      yield next.value;
    }
    finished = true;
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
  }
}

/**
 * Sends an archive to the server's import, and resolves with its answer and the bytes sent: `body` is read as it is sent (`size`, when known, goes
 * in Content-Length, so the server can refuse a file too large at once); `progress` gets the bytes
 * sent (phase "uploading"), then phase "importing" while the server checks and stores it.
 * Aborting `signal` during the upload stops it and nothing is imported; once the upload is
 * complete the server imports on its own, and `onLateAbort` is called instead.
 * @throws the server's refusal (INTEGRITY_ERROR, WRONG_PASSPHRASE, UNSUPPORTED_VERSION,
 * VALIDATION_FAILED, BAD_USER_INPUT, ACCESS_DENIED's codes); CliError SERVER_UNREACHABLE; CANCELLED.
 */
export function uploadArchive(
  server: ServerClient,
  body: { stream: Readable; size: number | null },
  options: { passphrase: string | null; signal: AbortSignal; progress: ProgressSink; onLateAbort(): void },
): Promise<{ answer: ImportAnswer; bytes: number }> {
  const url = new URL(`${server.url}/backups/import`);
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let sent = 0;
    let uploaded = false;
    let answered = false;
    let responded = false;
    const request = send(url, {
      method: "POST",
      headers: {
        ...headers(server, options.passphrase),
        "content-type": "application/octet-stream",
        ...(body.size !== null ? { "content-length": String(body.size) } : {}),
      },
    });
    const fail = (error: unknown) => {
      if (answered) return;
      answered = true;
      options.signal.removeEventListener("abort", abort);
      body.stream.unpipe(request);
      body.stream.destroy();
      request.destroy();
      reject(error);
    };
    const abort = () => {
      if (uploaded) return options.onLateAbort();
      fail(new QvaultError("CANCELLED", "The upload was stopped; nothing was imported"));
    };
    options.signal.addEventListener("abort", abort, { once: true });
    body.stream.on("data", (chunk: Buffer) => {
      sent += chunk.length;
      options.progress({ phase: "uploading", done: sent, total: body.size, bytes: sent });
    });
    body.stream.on("error", fail);
    request.on("finish", () => {
      uploaded = true;
      options.progress({
        phase: "importing",
        done: 0,
        total: null,
        bytes: sent,
        message: "the server checks the archive, then stores it",
      });
    });
    request.on("error", (cause) => {
      // Once an answer has come, it decides, not a write the server no longer reads.
      if (!responded)
        fail(new CliError("SERVER_UNREACHABLE", `Cannot send the archive to ${server.url}`, { cause }));
    });
    request.on("response", (response: IncomingMessage) => {
      responded = true;
      // The server may answer before it has read everything (a refusal): stop sending.
      body.stream.unpipe(request);
      const parts: Buffer[] = [];
      response.on("data", (part: Buffer) => parts.push(part));
      const broken = (cause?: unknown) =>
        fail(new CliError("SERVER_UNREACHABLE", `${server.url} broke off its answer`, { cause }));
      response.on("error", broken);
      response.on("close", () => {
        if (!response.complete) broken();
      });
      response.on("end", () => {
        const text = Buffer.concat(parts).toString("utf8");
        if (response.statusCode !== 201) return fail(refusalOf(server, response.statusCode ?? 0, text));
        let answer: ImportAnswer;
        try {
          answer = JSON.parse(text) as ImportAnswer;
        } catch {
          return fail(refusalOf(server, 201, text));
        }
        answered = true;
        options.signal.removeEventListener("abort", abort);
        request.destroy();
        resolve({ answer, bytes: sent });
      });
    });
    body.stream.pipe(request);
  });
}
