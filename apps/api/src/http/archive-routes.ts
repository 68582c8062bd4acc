/**
 * Archives over HTTP (see packages/core/FORMAT.md, "Archive files"):
 *
 * - `GET /backups/:id/archive` (any role) streams a backup as a `.qvar` archive, chunked, at the
 *   pace the client reads it;
 * - `POST /backups/import` (OPERATOR or ADMIN) takes an archive as the raw request body, spools it
 *   to a temporary file under the data folder (at most `importMaxBytes`), and imports it as an
 *   IMPORT job (so it waits its turn behind other jobs, holds the writer lock while it writes,
 *   and shows live progress), answering once the job ends.
 *
 * Both authenticate like /graphql (`Authorization: Bearer <key>`). An archive's passphrase comes
 * in the `X-Qvault-Passphrase` header, percent-encoded UTF-8 (what encodeURIComponent gives),
 * never in the URL, and is never stored. Errors are JSON `{ code, message }`.
 */
import { randomBytes } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ARCHIVE_EXTENSION, isQvaultError } from "@qvault/core";
import type { ApiKeys } from "@qvault/question-bank";
import { formatBytes, type Vault } from "@qvault/vault";
import { Router } from "express";
import {
  authorize,
  passphraseOf,
  receive,
  refusal,
  sendError,
  sweep,
  UPLOAD_PREFIX,
} from "./archive-requests.js";

export interface ArchiveRoutesOptions {
  apiKeys: ApiKeys;
  repo: Vault;
  /** Folder for uploads while they are imported; left-overs of a crash are removed at start. */
  tempDir: string;
  /** Largest archive accepted, in bytes. */
  importMaxBytes: number;
}

/** The archive routes, mounted by the server before the admin's client-side routes. */
export async function createArchiveRoutes(options: ArchiveRoutesOptions): Promise<Router> {
  const { apiKeys, repo, tempDir, importMaxBytes } = options;
  await sweep(tempDir);
  const router = Router();

  router.get("/backups/:id/archive", async (req, res) => {
    try {
      await authorize(apiKeys, req, "VIEWER");
      const passphrase = passphraseOf(req, 8);
      const id = String(req.params.id);
      const chunks = repo.exportArchive(id, passphrase)[Symbol.asyncIterator]();
      // The first chunk comes once the backup is found: an unknown id is still a clean 404.
      const first = await chunks.next();
      res.status(200).set({
        "content-type": "application/octet-stream",
        "content-disposition": `attachment; filename="qvault-${id.replace(/[^A-Za-z0-9_-]/g, "_")}${ARCHIVE_EXTENSION}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      async function* body() {
        if (!first.done) yield first.value;
        for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
      }
      await pipeline(Readable.from(body(), { objectMode: false }), res);
    } catch (error) {
      if (!res.headersSent) return sendError(res, error);
      // Mid-stream: the response is cut short, so the client holds no footer and refuses the file.
      if (isQvaultError(error))
        req.log.warn({ backupId: req.params.id, err: error }, "archive download stopped mid-stream");
      res.destroy();
    }
  });

  router.post("/backups/import", async (req, res) => {
    let file: string | null = null;
    try {
      const key = await authorize(apiKeys, req, "OPERATOR");
      const passphrase = passphraseOf(req, 1);
      const type = req.headers["content-type"];
      if (type && !/^application\/octet-stream\s*(;|$)/i.test(type))
        throw refusal(
          415,
          "Send the archive as the request body, as application/octet-stream",
          "content-type",
        );
      if (Number(req.headers["content-length"]) > importMaxBytes)
        throw refusal(413, `The archive is larger than ${formatBytes(importMaxBytes)}`, "body");
      file = join(tempDir, `${UPLOAD_PREFIX}${randomBytes(8).toString("hex")}${ARCHIVE_EXTENSION}`);
      const size = await receive(req, file, importMaxBytes);
      if (size === 0) throw refusal(400, "The request body is empty: send the archive", "body");
      const manifest = await repo.importArchive(file, { passphrase, size, key: key.name });
      res.status(201).json({
        backupId: manifest.id,
        questionCount: manifest.stats.questionCount,
        sectionCount: manifest.stats.sectionCount,
        addedBytes: manifest.stats.addedBytes,
        addedRecords: manifest.stats.addedRecords,
        scope: manifest.scope,
        note: manifest.note,
      });
    } catch (error) {
      sendError(res, error);
    } finally {
      if (file) await rm(file, { force: true });
    }
  });

  return router;
}
