/**
 * The job thread as built: its worker runs compiled JavaScript, so this file takes the thread
 * from dist/ (`pnpm build` first, as for the API's tests). What it checks: backups and checks
 * taken there, and the record the thread writes inside a restore's own transaction, before any
 * job runner records the job (the one a crash between the commit and the runner's record leaves).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalStorage, type JobState, nodeCodec, Repository, readSnapshot } from "@qvault/core";
import {
  type BankDatabase,
  createChangeJournal,
  createJobStore,
  openBankDatabase,
  seedDemoBank,
  withBankSource,
} from "@qvault/question-bank";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backUpBank, createJobThread, type JobThread } from "../dist/index.js";

let dir: string;
let db: BankDatabase;
let repository: Repository;
let thread: JobThread;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-job-thread-"));
  db = await openBankDatabase({ file: join(dir, "bank.sqlite") });
  await seedDemoBank(db, { questions: 60 });
  repository = await Repository.init({
    storage: createLocalStorage(join(dir, "repository")),
    codec: nodeCodec,
  });
  thread = createJobThread(db, {
    database: join(dir, "bank.sqlite"),
    repository: join(dir, "repository"),
    s3: {},
    copyPassphrase: null,
    copyS3: {},
    passphrase: null,
  });
});
afterEach(async () => {
  await thread.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The bank's questions as the main thread reads them, by id. */
async function bankQuestions(): Promise<Map<string, unknown>> {
  return withBankSource(db, async (source) => {
    const all = new Map<string, unknown>();
    for await (const chunk of source.questions({}, 100)) for (const q of chunk) all.set(q.id, q);
    return all;
  });
}

describe("backups and checks in the job thread", () => {
  it("takes full and automatic snapshots of the bank as it is, with progress, leaving the journal to the server", async () => {
    const journal = createChangeJournal(db);
    const phases = new Set<string>();
    const full = await thread.backup(null, {
      compressionQuality: 4,
      progress: (progress) => phases.add(progress.phase),
    });
    expect(full.scope).toBe("FULL");
    expect(full.trigger).toBe("AUTOMATIC");
    expect(phases.has("reading")).toBe(true);
    const read = await readSnapshot(repository, full);
    expect(new Map(read.questions.map((q) => [q.id, q]))).toEqual(await bankQuestions());

    const [edited] = (await db.reader.query(`SELECT "id" FROM "question" LIMIT 1`)) as { id: string }[];
    await db.transaction((manager) =>
      manager.query(`UPDATE "question" SET "prompt" = 'changed in the bank' WHERE "id" = ?`, [edited!.id]),
    );
    expect((await journal.pending((await journal.positionOf(full.cursor))!)).count).toBe(1);
    const changes = await thread.backup(null, { compressionQuality: 4 });
    // Built on the full one from the journal's changes: the one edited question is all it read.
    expect(changes).toMatchObject({ scope: "FULL", trigger: "AUTOMATIC", parent: full.id });
    expect(changes.stats.changedCount).toBe(1);
    // The thread does not trim the journal: the server does, once it has the manifest.
    expect((await journal.pending(0)).count).toBeGreaterThan(0);

    const manual = await thread.backup({ scope: "FULL", note: "by hand" }, { compressionQuality: 4 });
    expect(manual).toMatchObject({ trigger: "MANUAL", note: "by hand", scope: "FULL" });
    const again = await readSnapshot(repository, manual);
    expect(again.questions.find((q) => q.id === edited!.id)?.prompt).toBe("changed in the bank");

    const report = await thread.check(true, {});
    expect(report.ok).toBe(true);
    expect(report.stats.snapshots).toBe(3);
  });

  it("stops a backup when cancelled and leaves no snapshot; refuses a bad request with its code", async () => {
    const controller = new AbortController();
    const backup = thread.backup(
      { scope: "FULL" },
      {
        compressionQuality: 4,
        signal: controller.signal,
        progress: () => controller.abort(),
      },
    );
    await expect(backup).rejects.toMatchObject({ code: "CANCELLED" });
    expect(await repository.listSnapshots()).toEqual([]);
    await expect(
      thread.backup({ scope: "SECTIONS", sectionIds: ["no such section"] }, { compressionQuality: 4 }),
    ).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    // The thread goes on serving.
    expect((await thread.backup({ scope: "FULL" }, { compressionQuality: 4 })).stats.questionCount).toBe(60);
  });
});

describe("restores in the job thread", () => {
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
