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
  nodeCodec,
  Repository,
  type RestoreResult,
  serializeError,
  withPhase,
} from "@qvault/core";
import { createJobStore, openBankDatabase } from "@qvault/question-bank";
import { describeRestore, type RestoreSummary } from "./report-text.js";
import { previewRestore, type RestorePreview, restoreBank } from "./restore.js";
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

async function answer(message: ToRestoreThread & { id: number }): Promise<unknown> {
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
      const failure = serializeError(error);
      if (failure.code === "INTERNAL_SERVER_ERROR") console.error("restore thread:", error);
      post({ type: "failed", id: message.id, error: failure });
    },
  );
});
post({ type: "ready" });
