/**
 * Regression tests of the bugs the hardening suites found, one per fix, small and deterministic
 * (the suites find them by chance; these pin them down).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  backup,
  check,
  createJobRunner,
  createLocalStorage,
  type JobState,
  nodeCodec,
  Repository,
  restore,
  StorageError,
  toQvaultError,
} from "@qvault/core";
import { memoryBankSource } from "@qvault/core/testing";
import {
  type BankDatabase,
  createBankTarget,
  createJobStore,
  openBankDatabase,
  seedDemoBank,
  withBankSource,
} from "@qvault/question-bank";
import { afterEach, describe, expect, it } from "vitest";
import { makeBank } from "../src/fixtures.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "qvault-regression-"));
  dirs.push(dir);
  return dir;
}

describe("a failure of the repository's storage", () => {
  it("is STORAGE_ERROR with the system's code and what to do, not an internal error", () => {
    for (const [code, advice] of [
      ["ENOSPC", /disk is full: free some space/],
      ["EACCES", /permission denied: give qvault's user write access/],
      ["EIO", /I\/O error/],
    ] as const) {
      const error = toQvaultError(new StorageError(code, `${code}: injected`, "data/s0/pack"));
      expect(error.code).toBe("STORAGE_ERROR");
      expect(error.details).toEqual({ reason: code, path: "data/s0/pack" });
      expect(error.message).toMatch(advice);
      expect(error.message).toContain(code);
    }
  });
});

describe("a restore's job recorded in the restore's own transaction", () => {
  let db: BankDatabase;
  afterEach(async () => {
    await db?.close();
  });

  it("stays SUCCEEDED through a late progress update and a restart's INTERRUPTED marking", async () => {
    const dir = tempDir();
    db = await openBankDatabase({ file: join(dir, "bank.sqlite") });
    await seedDemoBank(db, { questions: 30 });
    const repository = await Repository.init({
      storage: createLocalStorage(join(dir, "repo")),
      codec: nodeCodec,
    });
    const snapshot = await withBankSource(db, (source) => backup(repository, source, { scope: "FULL" }));
    const store = createJobStore(db);
    const running: JobState = {
      id: "01a000000000aaaaaaaa",
      kind: "RESTORE",
      status: "RUNNING",
      phase: "applying",
      phases: [],
      done: 1,
      total: 2,
      bytesDone: 0,
      ratePerSecond: null,
      etaMs: null,
      message: null,
      error: null,
      createdAt: new Date(),
      startedAt: new Date(),
      finishedAt: null,
      backupId: snapshot.id,
      safetyBackupId: null,
      params: {},
      report: null,
    };
    await store.save(running);
    const target = createBankTarget(db, {
      beforeCommit: (manager, result) =>
        store.saveWithin(manager, {
          ...running,
          status: "SUCCEEDED",
          finishedAt: new Date(),
          report: { undo: (result as { undo: unknown }).undo },
        }),
    });
    await restore(repository, target, { backupId: snapshot.id, scope: "FULL", mode: "REPLACE" });
    expect((await store.get(running.id))?.status).toBe("SUCCEEDED");
    // A progress update queued behind the restore's transaction lands after it.
    await store.save({ ...running, phase: "verifying" });
    expect((await store.get(running.id))?.status).toBe("SUCCEEDED");
    // The process dies before the runner records the outcome; the next start marks what was cut off.
    expect(await store.markInterrupted()).toBe(0);
    const job = await store.get(running.id);
    expect(job?.status).toBe("SUCCEEDED");
    expect((job?.report as { undo?: unknown } | null)?.undo).toMatchObject({
      scope: "FULL",
      mode: "REPLACE",
    });
  });

  it("is not recorded when the restore rolls back", async () => {
    const dir = tempDir();
    db = await openBankDatabase({ file: join(dir, "bank.sqlite") });
    const target = createBankTarget(db, {
      beforeCommit: () => {
        throw new Error("beforeCommit must not run after a failed restore");
      },
    });
    await expect(
      target.transaction(async () => {
        throw new Error("validation failed");
      }),
    ).rejects.toThrow("validation failed");
  });
});

describe("a manifest copied over another's", () => {
  it("is refused as damaged instead of passing for the snapshot whose path it has", async () => {
    const dir = tempDir();
    const repository = await Repository.init({ storage: createLocalStorage(dir), codec: nodeCodec });
    const bank = makeBank(1, 3);
    const first = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    bank.questions[0]!.prompt = "changed";
    const second = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const storage = createLocalStorage(dir);
    const paths = await storage.list("snapshots/");
    const firstPath = paths.find((p) => p.endsWith(`/${first.id}`))!;
    const secondPath = paths.find((p) => p.endsWith(`/${second.id}`))!;
    await storage.delete(firstPath);
    await storage.write(firstPath, await storage.read(secondPath));
    const reopened = await Repository.open({ storage, codec: nodeCodec });
    expect((await reopened.listSnapshots()).map((m) => m.id)).toEqual([second.id]);
    await expect(reopened.getSnapshot(first.id)).rejects.toMatchObject({ code: "INTEGRITY_ERROR" });
    const report = await check(reopened, { readData: true });
    expect(report.problems).toMatchObject([{ kind: "manifest", path: firstPath, snapshots: [first.id] }]);
  });
});

describe("a cancel that arrives once a job's work has returned", () => {
  it("leaves the job SUCCEEDED: what the work did is done, it is not 'Cancelled; nothing was changed'", async () => {
    const saved = new Map<string, JobState>();
    let n = 0;
    const jobs = createJobRunner({
      store: { save: async (job) => void saved.set(job.id, job) },
      newId: () => `job-${n++}`,
    });
    let commit!: () => void;
    const committed = new Promise<void>((resolve) => {
      commit = resolve;
    });
    // The work is past its last cancellation point (a restore's commit) when the cancel comes.
    const job = await jobs.enqueue("RESTORE", {}, async () => {
      await committed;
      return { message: "restored" };
    });
    await jobs.cancel(job.id);
    commit();
    await jobs.idle();
    expect(saved.get(job.id)).toMatchObject({ status: "SUCCEEDED", message: "restored" });
  });
});
