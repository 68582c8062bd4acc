/**
 * The heavy jobs run in a thread of their own, so that the server keeps answering while one
 * reads, hashes, compresses, compares and writes a whole bank: backups (every trigger), checks of
 * the repository, restore previews and restores. The server's event loop only passes messages.
 *
 * The thread (./job-worker.ts) opens the bank's SQLite file and the repository itself. A
 * restore's transaction is on the thread's connection; on the server's side it holds its turn in
 * {@link BankDatabase.exclusive}, so the server's own writes wait for it first-come, first-served
 * exactly as they wait for one of its transactions. A backup only reads the bank (and keeps its
 * digests in short transactions of its own, which wait for the server's like another process's).
 * The repository is safe to share between the two (files are immutable, writers take the
 * repository's lock). The thread starts at the first request and is started again after it
 * stops for any reason.
 */
import { Worker } from "node:worker_threads";
import {
  type BackupRequest,
  type CheckReport,
  deserializeError,
  type JobState,
  type Logger,
  type Progress,
  QvaultError,
  type RestoreRequest,
  type S3Settings,
  type SerializedError,
  type SnapshotManifest,
  silentLogger,
  throwIfCancelled,
  type ValidationReport,
} from "@qvault/core";
import type { BankDatabase } from "@qvault/question-bank";
import type { CopyRun, DrillRun } from "./jobs.js";
import type { RestoreSummary } from "./report-text.js";

export interface JobThreadOptions {
  /** The bank's database: a SQLite file's path or a `postgres://` URL. */
  database: string;
  /** The bank's media folder: a folder's path or an `s3://` location (reached with `s3`). */
  mediaDir: string;
  /** The repository: a folder's path or an `s3://` location. */
  repository: string;
  /** How to reach the object store of an `s3://` repository. */
  s3: S3Settings;
  passphrase: string | null;
  /** The passphrase of the repositories copies go to. */
  copyPassphrase: string | null;
  /** How to reach the object store of an `s3://` copy. */
  copyS3: S3Settings;
  /** Where restore drills put their scratch bank's files. @default the system's temporary folder */
  scratchDir?: string;
}

export type ToJobThread =
  | { type: "validate"; id: number; request: RestoreRequest }
  | { type: "restore"; id: number; request: RestoreRequest; job: JobState; compressionQuality: number }
  /** A backup of `request`, or of the changes the journal holds when it is null (AUTOMATIC). */
  | { type: "backup"; id: number; request: BackupRequest | null; compressionQuality: number }
  | { type: "check"; id: number; readData: boolean }
  | { type: "copy"; id: number; to: string }
  | { type: "drill"; id: number }
  | { type: "cancel"; id: number }
  | { type: "close" };

export type FromJobThread =
  | { type: "ready" }
  /** Something for the server's log (the thread has no logger of its own). */
  | { type: "log"; level: "error" | "warn" | "info"; fields: object; message: string }
  | { type: "progress"; id: number; progress: Progress }
  | { type: "safety"; id: number; safetyBackupId: string }
  | { type: "done"; id: number; value: unknown }
  | { type: "failed"; id: number; error: SerializedError };

/** How a job in the thread reports and is cancelled. */
export interface ThreadWork {
  signal?: AbortSignal;
  progress?: (progress: Progress) => void;
}

export interface JobThread {
  /**
   * Takes a snapshot of the bank (vault's `snapshotBank`), or of the changes the journal holds
   * when `request` is null (`snapshotBankChanges`); the journal is not trimmed here.
   * @throws what core's backup throws, with the same codes.
   */
  backup(
    request: BackupRequest | null,
    options: ThreadWork & { compressionQuality: number },
  ): Promise<SnapshotManifest>;
  /** Checks the repository (core's `check`). */
  check(readData: boolean, options: ThreadWork): Promise<CheckReport>;
  /** Copies the snapshots the repository at `to` lacks into it, creating it the first time (./copy.ts). */
  copy(to: string, options: ThreadWork): Promise<CopyRun>;
  /** Restores the newest full backup into a scratch bank and compares it (./drill.ts). */
  drill(options: ThreadWork): Promise<DrillRun>;
  /** Plans and validates a restore against the bank as it is now; writes nothing. */
  validate(request: RestoreRequest): Promise<ValidationReport>;
  /**
   * Runs a restore (core's `restore`) for `job`, recording it SUCCEEDED in the restore's own
   * transaction. @throws what core's restore throws, with the same codes.
   */
  restore(
    request: RestoreRequest,
    job: JobState,
    options: ThreadWork & { compressionQuality: number; onSafetyBackup?: (id: string) => void },
  ): Promise<RestoreSummary>;
  /** Closes the thread; later calls fail. */
  close(): Promise<void>;
}

interface Call {
  resolve(value: unknown): void;
  reject(error: unknown): void;
  progress?: (progress: Progress) => void;
  onSafetyBackup?: (id: string) => void;
}

export function createJobThread(
  db: BankDatabase,
  options: JobThreadOptions,
  /** Where the thread's own failures are told. */
  log: Logger = silentLogger,
): JobThread {
  let worker: Worker | null = null;
  const calls = new Map<number, Call>();
  let nextId = 1;

  const stopped = (reason: string) => {
    worker = null;
    for (const call of calls.values())
      call.reject(new QvaultError("INTERNAL_SERVER_ERROR", `The job thread stopped: ${reason}`));
    calls.clear();
  };

  let closed = false;
  const thread = (): Worker => {
    if (worker) return worker;
    if (closed) throw new QvaultError("INTERNAL_SERVER_ERROR", "The server is stopping; jobs are closed");
    const started = new Worker(new URL("./job-worker.js", import.meta.url), { workerData: options });
    started.on("message", (message: FromJobThread) => {
      if (message.type === "ready") return;
      if (message.type === "log") {
        log[message.level](message.fields, message.message);
        return;
      }
      const call = calls.get(message.id);
      if (!call) return;
      if (message.type === "progress") call.progress?.(message.progress);
      else if (message.type === "safety") call.onSafetyBackup?.(message.safetyBackupId);
      else {
        calls.delete(message.id);
        if (message.type === "done") call.resolve(message.value);
        else call.reject(deserializeError(message.error));
      }
    });
    started.on("error", (error) => {
      log.error({ err: error }, "job thread failed");
      if (worker === started) stopped(error.message);
    });
    started.on("exit", (code) => {
      if (worker === started) stopped(`exit code ${code}`);
    });
    worker = started;
    return started;
  };

  const call = <T>(message: ToJobThread & { id: number }, hooks: Omit<Call, "resolve" | "reject"> = {}) =>
    new Promise<T>((resolve, reject) => {
      const started = thread();
      calls.set(message.id, { resolve: resolve as (value: unknown) => void, reject, ...hooks });
      started.postMessage(message);
    });

  /** Runs a cancellable job in the thread: `signal` aborting sends it a cancel. */
  const cancellable = async <T>(
    message: (id: number) => ToJobThread & { id: number },
    signal: AbortSignal | undefined,
    hooks: Omit<Call, "resolve" | "reject">,
  ): Promise<T> => {
    throwIfCancelled(signal);
    const id = nextId++;
    const cancel = () => worker?.postMessage({ type: "cancel", id } satisfies ToJobThread);
    signal?.addEventListener("abort", cancel, { once: true });
    try {
      return await call<T>(message(id), hooks);
    } finally {
      signal?.removeEventListener("abort", cancel);
    }
  };

  return {
    backup(request, { compressionQuality, signal, progress }) {
      return cancellable<SnapshotManifest>(
        (id) => ({ type: "backup", id, request, compressionQuality }),
        signal,
        { progress },
      );
    },
    check(readData, { signal, progress }) {
      return cancellable<CheckReport>((id) => ({ type: "check", id, readData }), signal, { progress });
    },
    copy(to, { signal, progress }) {
      return cancellable<CopyRun>((id) => ({ type: "copy", id, to }), signal, { progress });
    },
    drill({ signal, progress }) {
      return cancellable<DrillRun>((id) => ({ type: "drill", id }), signal, { progress });
    },
    validate(request) {
      return call<ValidationReport>({ type: "validate", id: nextId++, request });
    },
    restore(request, job, { compressionQuality, signal, progress, onSafetyBackup }) {
      return db.exclusive(() =>
        cancellable<RestoreSummary>(
          (id) => ({ type: "restore", id, request, job: { ...job }, compressionQuality }),
          signal,
          { progress, onSafetyBackup },
        ),
      );
    },
    async close() {
      closed = true;
      const closing = worker;
      if (!closing) return;
      worker = null;
      await new Promise<void>((resolve) => {
        closing.once("exit", () => resolve());
        closing.postMessage({ type: "close" } satisfies ToJobThread);
        // A thread that does not close in time is stopped.
        setTimeout(() => void closing.terminate(), 5000).unref();
      });
    },
  };
}
