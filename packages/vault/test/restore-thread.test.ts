/**
 * The restore thread as built: its worker runs compiled JavaScript, so this file takes the
 * thread from dist/ (`pnpm build` first, as for the API's tests). What it checks is the record
 * the thread writes inside the restore's own transaction, before any job runner records the job:
 * the one a crash between the commit and the runner's record leaves.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalStorage, type JobState, nodeCodec, Repository } from "@qvault/core";
import { type BankDatabase, createJobStore, openBankDatabase, seedDemoBank } from "@qvault/question-bank";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backUpBank, createRestoreThread, type RestoreThread } from "../dist/index.js";

let dir: string;
let db: BankDatabase;
let repository: Repository;
let thread: RestoreThread;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-restore-thread-"));
  db = await openBankDatabase({ file: join(dir, "bank.sqlite") });
  await seedDemoBank(db, { questions: 60 });
  repository = await Repository.init({
    storage: createLocalStorage(join(dir, "repository")),
    codec: nodeCodec,
  });
  thread = createRestoreThread(db, {
    databaseFile: join(dir, "bank.sqlite"),
    repositoryDir: join(dir, "repository"),
    passphrase: null,
  });
});
afterEach(async () => {
  await thread.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the restore thread", () => {
  it("records the job SUCCEEDED in the restore's transaction with the phases the restore went through", async () => {
    const snapshot = await backUpBank(db, repository, { scope: "FULL" });
    await db.transaction((manager) =>
      manager.query(`UPDATE "question" SET "prompt" = "prompt" || ' (edited)'`),
    );
    const store = createJobStore(db);
    const startedAt = new Date();
    const job: JobState = {
      id: "01a000000000restore1",
      kind: "RESTORE",
      status: "RUNNING",
      phase: null,
      phases: [],
      done: 0,
      total: null,
      bytesDone: 0,
      ratePerSecond: null,
      etaMs: null,
      message: null,
      error: null,
      createdAt: startedAt,
      startedAt,
      finishedAt: null,
      backupId: snapshot.id,
      safetyBackupId: null,
      params: {},
      report: null,
    };
    await store.save(job);

    const seen: string[] = [];
    await thread.restore({ backupId: snapshot.id, scope: "FULL", mode: "REPLACE" }, job, {
      compressionQuality: 5,
      progress: (progress) => {
        if (seen.at(-1) !== progress.phase) seen.push(progress.phase);
      },
    });

    const recorded = await store.get(job.id);
    expect(recorded?.status).toBe("SUCCEEDED");
    expect(seen.length).toBeGreaterThan(1);
    expect(recorded!.phases.map((entry) => entry.phase)).toEqual(seen);
    const times = recorded!.phases.map((entry) => entry.startedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(startedAt.getTime());
    expect(times.at(-1)).toBeLessThanOrEqual(recorded!.finishedAt!.getTime());
  });
});
