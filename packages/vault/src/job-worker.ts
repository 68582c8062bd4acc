/**
 * The job thread's own side (see ./job-thread.ts): it opens the bank and the repository itself
 * and answers the server's messages: `backup` takes a snapshot, `check` checks the repository,
 * `copy` copies snapshots to a second repository, `drill` restores the newest backup into a
 * scratch bank and compares it,
 * `validate` plans and validates a restore, `restore` runs one, `cancel` aborts a job, `close`
 * closes the bank. The CPU work of these jobs (reading, hashing and compressing the bank,
 * decompressing and checking records, comparing, writing rows, verifying them) runs here, off the
 * server's event loop.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import {
  check,
  createStorage,
  nodeCodec,
  type Progress,
  Repository,
  type RestoreResult,
  serializeError,
  withPhase,
} from "@qvault/core";
import { bankLocation, createJobStore, openBankDatabase } from "@qvault/question-bank";
import { snapshotBank, snapshotBankChanges } from "./backup.js";
import { copyRepository } from "./copy.js";
import { drillNewestBackup } from "./drill.js";
import type { FromJobThread, JobThreadOptions, ToJobThread } from "./job-thread.js";
import { describeRestore, type RestoreSummary } from "./report-text.js";
import { previewRestore, type RestorePreview, restoreBank } from "./restore.js";

// The thread's jobs are background work: where threads have their own priority (Linux), this one yields
// the CPU to the server's event loop, so that the API answers promptly while a restore runs.
try {
  setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), 10);
} catch {
  // Elsewhere the thread keeps the process's priority.
}

const options = workerData as JobThreadOptions;
const port = parentPort!;
const post = (message: FromJobThread) => port.postMessage(message);

const db = await openBankDatabase({
  ...bankLocation(options.database),
  mediaDir: options.mediaDir,
  mediaS3: options.s3,
});
const repository = await Repository.open({
  storage: createStorage(options.repository, options.s3),
  codec: nodeCodec,
  passphrase: options.passphrase,
});
const store = createJobStore(db);
const running = new Map<number, AbortController>();
/** The last preview validated, by its request: the restore of that request validates no more. */
let validated: { key: string; preview: RestorePreview } | null = null;
const keyOf = (request: object) => JSON.stringify(request);

const summary = (result: RestoreResult): RestoreSummary => ({
  counts: result.plan.counts,
  warnings: result.validation.warnings,
  undo: result.undo,
  safetyBackupId: result.safetyBackupId,
});

/** Runs `work` as the cancellable job `id`, its progress posted to the server. */
async function runJob<T>(
  id: number,
  work: (options: { signal: AbortSignal; progress: (progress: Progress) => void }) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    return await work({
      signal: controller.signal,
      progress: (progress) => post({ type: "progress", id, progress }),
    });
  } finally {
    running.delete(id);
  }
}

async function answer(message: ToJobThread & { id: number }): Promise<unknown> {
  if (message.type === "backup") {
    repository.setCompressionQuality(message.compressionQuality);
    const { request } = message;
    return runJob(message.id, (work) =>
      request ? snapshotBank(db, repository, request, work) : snapshotBankChanges(db, repository, work),
    );
  }
  if (message.type === "check")
    return runJob(message.id, (work) => check(repository, { readData: message.readData, ...work }));
  if (message.type === "copy") {
    const target = { location: message.to, s3: options.copyS3, passphrase: options.copyPassphrase };
    return runJob(message.id, (work) => copyRepository(repository, target, work));
  }
  if (message.type === "drill")
    return runJob(message.id, (work) =>
      drillNewestBackup(repository, options.database, { ...work, scratchDir: options.scratchDir }),
    );
  if (message.type === "validate") {
    const { plan, validation, revision } = await previewRestore(db, repository, message.request);
    validated = { key: keyOf(message.request), preview: { plan, validation, revision } };
    return validation;
  }
  if (message.type !== "restore") return undefined;
  const { request, job } = message;
  repository.setCompressionQuality(message.compressionQuality);
  const controller = new AbortController();
  running.set(message.id, controller);
  const state = { ...job };
  // The job is recorded SUCCEEDED in the restore's own transaction: a crash between the commit
  // and the runner's record of it must not show an applied restore as INTERRUPTED. That record
  // keeps the phases the restore went through, as the runner's own would.
  const preview = validated?.key === keyOf(request) ? validated.preview : undefined;
  validated = null;
  try {
    const result = await restoreBank(db, repository, request, {
      validated: preview,
      beforeCommit: (manager, result) =>
        store.saveWithin(manager, {
          ...state,
          ...describeRestore(request, summary(result)),
          status: "SUCCEEDED",
          error: null,
          etaMs: 0,
          finishedAt: new Date(),
        }),
      signal: controller.signal,
      progress: (progress) => {
        Object.assign(state, {
          phase: progress.phase,
          phases: withPhase(state.phases, progress.phase),
          done: progress.done,
          total: progress.total,
        });
        post({ type: "progress", id: message.id, progress });
      },
      onSafetyBackup: (safetyBackupId) => {
        state.safetyBackupId = safetyBackupId;
        post({ type: "safety", id: message.id, safetyBackupId });
      },
    });
    return summary(result);
  } finally {
    running.delete(message.id);
  }
}

port.on("message", (message: ToJobThread) => {
  if (message.type === "cancel") {
    running.get(message.id)?.abort();
    return;
  }
  if (message.type === "close") {
    void db.close().finally(() => port.close());
    return;
  }
  answer(message).then(
    (value) => post({ type: "done", id: message.id, value }),
    (error: unknown) => {
      const failure = serializeError(error);
      if (failure.code === "INTERNAL_SERVER_ERROR")
        post({
          type: "log",
          level: "error",
          fields: { err: serializeError(error), stack: (error as Error)?.stack ?? null },
          message: "job thread: internal error",
        });
      post({ type: "failed", id: message.id, error: failure });
    },
  );
});
post({ type: "ready" });
