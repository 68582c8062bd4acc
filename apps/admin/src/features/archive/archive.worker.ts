/**
 * The archive viewer's worker: opens a `.qvar` file the user chose with core's own reader
 * (`@qvault/core/web`: openArchive, verifyArchive, the reader's browse and record reads) over
 * brotli-wasm and WebCrypto, off the page's thread, and answers the page's calls
 * (archive-protocol.ts). Hashing, decrypting and decompressing all happen here, so the page stays
 * responsive whatever the file's size.
 *
 * The file is read by slices of the File the page passed, never as a whole and never over the
 * network: the only requests this worker makes are for its own code and brotli-wasm's .wasm file,
 * when it starts. One archive is open at a time; opening another drops it and stops its check.
 */
import {
  type ArchiveReader,
  type ArchiveSource,
  type Codec,
  createWebCodec,
  isQvaultError,
  openArchive,
  type Progress,
  type QuestionRecord,
  QvaultError,
  readMedia,
  verifyArchive,
} from "@qvault/core/web";
import brotliPromise from "brotli-wasm";
import type {
  ArchiveCall,
  ArchiveCalls,
  ArchiveFailure,
  ArchiveRequest,
  WorkerMessage,
} from "./archive-protocol";

/** Decompressed frames kept for browsing: a 100,000-question archive (about 100 MB) stays whole. */
const CACHE_BYTES = 128 * 1024 * 1024;
/** At most one progress message per request in this many milliseconds, besides the last. */
const PROGRESS_EVERY_MS = 100;

/** The worker's global scope, as far as this file uses it (the DOM library types `self` as a window). */
const scope = self as unknown as {
  postMessage(message: WorkerMessage): void;
  addEventListener(type: "message", listener: (event: MessageEvent<ArchiveRequest>) => void): void;
};

const post = (message: WorkerMessage) => scope.postMessage(message);

function failureOf(error: unknown): ArchiveFailure {
  if (isQvaultError(error)) return { code: error.code, message: error.message };
  return { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) };
}

const codecReady: Promise<Codec> = brotliPromise.then((brotli) => createWebCodec(brotli));
codecReady.then(
  () => post({ type: "ready", failure: null }),
  (error: unknown) => post({ type: "ready", failure: failureOf(error) }),
);

/** A File read by slices. */
function fileSource(file: Blob): ArchiveSource {
  return {
    size: file.size,
    async read(offset, length) {
      return new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
    },
  };
}

interface OpenArchive {
  reader: ArchiveReader;
  /** Where each question is: its section and the digest of its record. */
  located: Map<string, { sectionId: string; digest: string }>;
  /** Stops the archive's check when another archive replaces it. */
  closed: AbortController;
}

let current: OpenArchive | null = null;
let opening = 0;

function openOne(): OpenArchive {
  if (!current) throw new QvaultError("NOT_FOUND", "No archive is open");
  return current;
}

type Handler<K extends ArchiveCall> = (
  params: ArchiveCalls[K]["params"],
  progress: (progress: Progress) => void,
) => Promise<ArchiveCalls[K]["result"]>;

const handlers: { [K in ArchiveCall]: Handler<K> } = {
  async open({ file, passphrase }, progress) {
    const ticket = ++opening;
    current?.closed.abort();
    current = null;
    const codec = await codecReady;
    const started = performance.now();
    const reader = await openArchive(fileSource(file), {
      codec,
      passphrase,
      progress,
      cacheBytes: CACHE_BYTES,
    });
    const openMs = performance.now() - started;
    const located = new Map<string, { sectionId: string; digest: string }>();
    for (const section of reader.sections)
      for (const [id, digest] of reader.questions(section.id))
        located.set(id, { sectionId: section.id, digest });
    // A later `open` has replaced this one meanwhile: its archive is the open one.
    if (ticket === opening) current = { reader, located, closed: new AbortController() };
    return {
      fileName: file.name,
      size: file.size,
      createdAt: reader.createdAt,
      encrypted: reader.header.encrypted,
      formatVersion: reader.header.version,
      snapshot: reader.snapshot,
      sections: reader.sections,
      frameCount: reader.frameCount,
      recordCount: reader.recordCount,
      openMs,
    };
  },

  async check(_params, progress) {
    const archive = openOne();
    return verifyArchive(archive.reader, { progress, signal: archive.closed.signal });
  },

  async browse(request) {
    const page = await openOne().reader.browse(request);
    return {
      rows: page.edges.map(({ node: { question, digest } }) => ({
        id: question.id,
        sectionId: question.sectionId,
        type: question.type,
        prompt: question.prompt,
        answerCount: question.answers.length,
        digest,
      })),
      hasNextPage: page.hasNextPage,
      endCursor: page.endCursor,
      totalCount: page.totalCount,
    };
  },

  async question({ questionId }) {
    const archive = openOne();
    const where = archive.located.get(questionId);
    if (!where) throw new QvaultError("NOT_FOUND", `The archive holds no question ${questionId}`);
    const records = await archive.reader.readRecords<QuestionRecord>([where.digest]);
    return { question: records.get(where.digest)!, digest: where.digest };
  },

  async audio({ questionId }) {
    const { reader, located } = openOne();
    const where = located.get(questionId);
    const file = where && reader.media(where.sectionId).find(([id]) => id === questionId)?.[1];
    if (!where || !file)
      throw new QvaultError("NOT_FOUND", `The archive holds no audio of question ${questionId}`);
    const question = (await reader.readRecords<QuestionRecord>([where.digest])).get(where.digest)!;
    const bytes = await readMedia(reader, reader.codec, file);
    return { bytes, mimeType: question.audio?.mimeType ?? "application/octet-stream" };
  },
};

async function answer<K extends ArchiveCall>(id: number, call: K, params: ArchiveCalls[K]["params"]) {
  let last = 0;
  const progress = (update: Progress) => {
    const now = performance.now();
    if (now - last < PROGRESS_EVERY_MS && update.done !== update.total) return;
    last = now;
    post({ type: "progress", id, progress: update });
  };
  try {
    const result = await (handlers[call] as Handler<K>)(params, progress);
    post({ type: "done", id, call, result } as WorkerMessage);
  } catch (error) {
    post({ type: "failed", id, failure: failureOf(error) });
  }
}

scope.addEventListener("message", (event) => {
  const { id, call, params } = event.data;
  void answer(id, call, params);
});
