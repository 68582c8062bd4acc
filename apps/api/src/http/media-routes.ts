/**
 * Media over HTTP: the questions' audio files.
 *
 * - `PUT /questions/:id/audio` (ADMIN) takes an audio file as the raw request body
 *   (`Content-Type: audio/*`, at most `mediaMaxBytes`; its type is told by its bytes, not by the
 *   header) and makes it the question's audio, replacing any it had, in one transaction with the
 *   change journal; it answers the question's `audio`.
 * - `DELETE /questions/:id/audio` (ADMIN) takes the question's audio away.
 * - `GET /media/<path>` (any role) serves the file at `<path>` of the media folder now.
 * - `GET /backups/:id/media/:sha256` (any role) serves the file of that SHA-256 a backup holds.
 *
 * Reads answer byte ranges (`Range: bytes=…`, 206), so that players can seek. All of them
 * authenticate like /graphql (`Authorization: Bearer <key>`); errors are JSON `{ code, message }`.
 */
import { QvaultError } from "@qvault/core";
import type { ApiKeys, BankDatabase, QuestionBank } from "@qvault/question-bank";
import { formatBytes, type Vault } from "@qvault/vault";
import { type Request, type Response, Router } from "express";
import { fileTypeFromBuffer } from "file-type";
import getRawBody from "raw-body";
import { authorize, refusal, sendError } from "./archive-requests.js";

export interface MediaRoutesOptions {
  apiKeys: ApiKeys;
  bank: QuestionBank;
  db: BankDatabase;
  repo: Vault;
  /** Largest audio file accepted, in bytes. */
  mediaMaxBytes: number;
}

/** A question's audio as the routes answer it. */
function audioBody(question: { audioPath: string | null; audio: unknown }) {
  return question.audio && question.audioPath
    ? { path: question.audioPath, ...(question.audio as object) }
    : null;
}

/**
 * Sends a file of `size` bytes, or the byte range the request asks for, reading only what is
 * sent through `read`.
 */
async function sendFile(
  req: Request,
  res: Response,
  size: number,
  read: (offset: number, length: number) => Promise<Uint8Array>,
  type: string,
): Promise<void> {
  res.set({ "accept-ranges": "bytes", "content-type": type, "x-content-type-options": "nosniff" });
  const ranges = req.range(size, { combine: true });
  if (ranges === -1) {
    res.status(416).set("content-range", `bytes */${size}`).end();
    return;
  }
  const whole = !(Array.isArray(ranges) && ranges.type === "bytes" && ranges.length === 1);
  const start = whole ? 0 : ranges[0]!.start;
  const end = whole ? size - 1 : ranges[0]!.end;
  const bytes = await read(start, end - start + 1);
  if (!whole) res.status(206).set("content-range", `bytes ${start}-${end}/${size}`);
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
}

/** The media routes, mounted by the server before the admin's client-side routes. */
export function createMediaRoutes(options: MediaRoutesOptions): Router {
  const { apiKeys, bank, db, repo, mediaMaxBytes } = options;
  const router = Router();

  router.put("/questions/:id/audio", async (req, res) => {
    try {
      await authorize(apiKeys, req, "ADMIN");
      const type = req.headers["content-type"] ?? "";
      if (!/^audio\/[\w.+-]+\s*(;|$)/i.test(type))
        throw refusal(
          415,
          "Send the audio file as the request body, with Content-Type audio/*",
          "content-type",
        );
      if (Number(req.headers["content-length"]) > mediaMaxBytes)
        throw refusal(413, `The audio file is larger than ${formatBytes(mediaMaxBytes)}`, "body");
      let body: Buffer;
      try {
        body = await getRawBody(req, { limit: mediaMaxBytes });
      } catch (error) {
        if ((error as { type?: string }).type === "entity.too.large")
          throw refusal(413, `The audio file is larger than ${formatBytes(mediaMaxBytes)}`, "body");
        throw new QvaultError("BAD_USER_INPUT", "The upload was cut off", { details: { field: "body" } });
      }
      const question = await bank.setAudio(String(req.params.id), new Uint8Array(body));
      res.status(200).json({ audio: audioBody(question) });
    } catch (error) {
      sendError(res, error);
    }
  });

  router.delete("/questions/:id/audio", async (req, res) => {
    try {
      await authorize(apiKeys, req, "ADMIN");
      const question = await bank.removeAudio(String(req.params.id));
      res.status(200).json({ audio: audioBody(question) });
    } catch (error) {
      sendError(res, error);
    }
  });

  router.get("/media/*path", async (req, res) => {
    try {
      await authorize(apiKeys, req, "VIEWER");
      const path = (req.params as { path: string[] }).path.join("/");
      // The folder's own files (a change's temporary and kept ones) are not media: no size.
      const size = db.media ? await db.media.size(path) : null;
      if (!db.media || size === null) throw new QvaultError("NOT_FOUND", `No media file at ${path}`);
      const media = db.media;
      const head = await media.readRange(path, 0, Math.min(size, 4100));
      res.set("cache-control", "no-cache");
      await sendFile(
        req,
        res,
        size,
        (offset, length) => media.readRange(path, offset, length),
        (await fileTypeFromBuffer(head))?.mime ?? "application/octet-stream",
      );
    } catch (error) {
      sendError(res, error);
    }
  });

  router.get("/backups/:id/media/:sha256", async (req, res) => {
    try {
      await authorize(apiKeys, req, "VIEWER");
      const bytes = await repo.backupMedia(String(req.params.id), String(req.params.sha256));
      const type = await fileTypeFromBuffer(bytes);
      // A stored file never changes: it is named by its content.
      res.set("cache-control", "private, max-age=31536000, immutable");
      await sendFile(
        req,
        res,
        bytes.length,
        async (offset, length) => bytes.subarray(offset, offset + length),
        type?.mime ?? "application/octet-stream",
      );
    } catch (error) {
      sendError(res, error);
    }
  });

  return router;
}
