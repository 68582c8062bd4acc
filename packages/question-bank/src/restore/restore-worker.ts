/**
 * The restore thread's own side (see ./restore-thread.ts): it opens the bank and the repository
 * itself and answers the server's messages: `validate` plans and validates a restore, `restore`
 * runs one, `cancel` aborts one, `close` closes the bank. Restores' CPU work (reading and hashing
 * the bank, decoding and comparing records, writing rows, verifying them) runs here, off the
 * server's event loop.
 */
import { readlinkSync } from "node:fs";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";
import {
  createLocalStorage,
  isQvaultError,
  nodeCodec,
  planRestore,
  Repository,
  type RestoreResult,
  restore,
  validateRestore,
} from "@qvault/core";
import { withBankSource } from "../backup/bank-source.js";
import { describeRestore, type RestoreSummary } from "../backup/report-text.js";
import { openBankDatabase } from "../data-source.js";
import { createJobStore } from "../jobs/job-store.js";
import { createBankTarget } from "./bank-target.js";
import type { FromRestoreThread, RestoreThreadOptions, ToRestoreThread } from "./restore-thread.js";

// A restore is background work: where threads have their own priority (Linux), this one yields
// the CPU to the server's event loop, so that the API answers promptly while a restore runs.
try {
  setPriority(Number(readlinkSync("/proc/thread-self").split("/").pop()), 10);
} catch {
  // Elsewhere the thread keeps the process's priority.
}

const options = workerData as RestoreThreadOptions;
const port = parentPort!;
const post = (message: FromRestoreThread) => port.postMessage(message);

const db = await openBankDatabase({ file: options.databaseFile });
const repository = await Repository.open({
  storage: createLocalStorage(options.repositoryDir),
  codec: nodeCodec,
  passphrase: options.passphrase,
});
const store = createJobStore(db);
const target = createBankTarget(db);
const running = new Map<number, AbortController>();

const summary = (result: RestoreResult): RestoreSummary => ({
  counts: result.plan.counts,
  warnings: result.validation.warnings,
  undo: result.undo,
  safetyBackupId: result.safetyBackupId,
});

async function answer(message: ToRestoreThread & { id: number }): Promise<unknown> {
  if (message.type === "validate")
    return withBankSource(db, async (source) =>
      validateRestore(repository, target, await planRestore(repository, source, message.request)),
    );
  if (message.type !== "restore") return undefined;
  const { request, job } = message;
  repository.setCompressionQuality(message.compressionQuality);
  const controller = new AbortController();
  running.set(message.id, controller);
  const state = { ...job };
  // The job is recorded SUCCEEDED in the restore's own transaction: a crash between the commit
  // and the runner's record of it must not show an applied restore as INTERRUPTED.
  const committing = createBankTarget(db, {
    beforeCommit: (manager, result) =>
      store.saveWithin(manager, {
        ...state,
        ...describeRestore(request, summary(result as RestoreResult)),
        status: "SUCCEEDED",
        error: null,
        etaMs: 0,
        finishedAt: new Date(),
      }),
  });
  try {
    const result = await restore(repository, committing, request, {
      signal: controller.signal,
      progress: (progress) => {
        Object.assign(state, { phase: progress.phase, done: progress.done, total: progress.total });
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

port.on("message", (message: ToRestoreThread) => {
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
      if (!isQvaultError(error)) console.error("restore thread:", error);
      post({
        type: "failed",
        id: message.id,
        error: isQvaultError(error)
          ? { code: error.code, message: error.message, details: error.details }
          : { code: "INTERNAL_SERVER_ERROR", message: "Internal error" },
      });
    },
  );
});
post({ type: "ready" });
