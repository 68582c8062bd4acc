/**
 * The HTTP side of archive requests: authentication and roles as for /graphql, the passphrase
 * header, spooling an upload to a file within a size limit, and errors as JSON `{ code, message }`
 * with the HTTP status of their code.
 */
import { createWriteStream } from "node:fs";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { ERROR_CODES, QvaultError, serializeError, toQvaultError } from "@qvault/core";
import type { ApiKeys, Role } from "@qvault/question-bank";
import { formatBytes } from "@qvault/vault";
import type { Request, Response } from "express";
import { GraphQLError } from "graphql";
import { hasRole } from "../graphql/context.js";
import { requireKey } from "./auth.js";

const PASSPHRASE_HEADER = "x-qvault-passphrase";
export const UPLOAD_PREFIX = "import-";

/** A refusal with an HTTP status of its own (413, 415) besides its code's. */
export function refusal(status: number, message: string, field: string): QvaultError {
  return new QvaultError("BAD_USER_INPUT", message, { details: { field, status } });
}

export function sendError(res: Response, thrown: unknown): void {
  const error = toQvaultError(thrown);
  if (error.code === "INTERNAL_SERVER_ERROR") res.log?.error({ err: error.cause ?? error }, "request failed");
  const status = (error.details?.status as number | undefined) ?? ERROR_CODES[error.code].httpStatus;
  if (status === 401) res.set("www-authenticate", "Bearer");
  if (status === 413) res.set("connection", "close");
  const { code, message } = serializeError(error);
  res.status(status).json({ code, message });
}

export async function authorize(apiKeys: ApiKeys, req: Request, needed: Role) {
  let key: Awaited<ReturnType<typeof requireKey>>;
  try {
    key = await requireKey(apiKeys, req.headers.authorization);
  } catch (error) {
    if (error instanceof GraphQLError) throw new QvaultError("UNAUTHENTICATED", error.message);
    throw error;
  }
  if (!hasRole(key.role, needed))
    throw new QvaultError(
      "FORBIDDEN",
      `This needs the ${needed} role; the key "${key.name}" is ${key.role}`,
      {
        details: { needed, role: key.role },
      },
    );
  return key;
}

/** The passphrase of the `X-Qvault-Passphrase` header, or null. @throws BAD_USER_INPUT */
export function passphraseOf(req: Request, minLength: number): string | null {
  const raw = req.headers[PASSPHRASE_HEADER];
  if (raw === undefined || raw === "") return null;
  let value: string;
  try {
    value = decodeURIComponent(String(raw));
  } catch {
    throw refusal(
      400,
      "X-Qvault-Passphrase must be percent-encoded UTF-8 (encodeURIComponent)",
      "passphrase",
    );
  }
  if (value.length < minLength || value.length > 1024)
    throw refusal(400, `The passphrase must be ${minLength} to 1024 characters`, "passphrase");
  return value;
}

/** Spools the request body to `file`. @throws BAD_USER_INPUT (413) past `max` bytes. */
export function receive(req: Request, file: string, max: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(file, { flags: "wx" });
    let size = 0;
    let settled = false;
    const settle = (error: unknown) => {
      if (settled) return;
      settled = true;
      if (error) {
        req.unpipe(out);
        req.pause();
        out.destroy();
        reject(error);
      } else resolve(size);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) settle(refusal(413, `The archive is larger than ${formatBytes(max)}`, "body"));
    });
    req.on("close", () => {
      if (!req.complete) settle(new QvaultError("BAD_USER_INPUT", "The upload was cut off"));
    });
    req.on("error", settle);
    out.on("error", settle);
    out.on("finish", () => settle(null));
    req.pipe(out);
  });
}

/** Removes uploads a crash left behind. */
export async function sweep(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const name of await readdir(dir))
    if (name.startsWith(UPLOAD_PREFIX)) await rm(join(dir, name), { force: true });
}
