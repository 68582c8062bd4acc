import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createJobRunner } from "@qvault/core";
import { afterEach, describe, expect, it } from "vitest";
import { numberPlaceholders } from "../src/data-source.js";
import {
  type BankDatabase,
  bankLocation,
  createJobStore,
  createQuestionBank,
  openBankDatabase,
  Section,
} from "../src/index.js";

const dirs: string[] = [];
const dbs: BankDatabase[] = [];
async function open(at?: string, busyTimeoutMs?: number): Promise<{ db: BankDatabase; file: string }> {
  let file = at;
  if (!file) {
    const dir = mkdtempSync(join(tmpdir(), "qvault-db-"));
    dirs.push(dir);
    file = join(dir, "bank.sqlite");
  }
  const db = await openBankDatabase({ file, busyTimeoutMs });
  dbs.push(db);
  return { db, file };
}
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the bank's database", () => {
  it("is made by migrations that match the entities exactly", async () => {
    const { db } = await open();
    const pending = await db.reader.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it("runs in WAL mode with foreign keys on", async () => {
    const { db } = await open();
    expect(await db.reader.query("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
    expect(await db.reader.query("PRAGMA foreign_keys")).toEqual([{ foreign_keys: 1 }]);
  });

  it("opens again without re-running migrations, keeping the data", async () => {
    const { db, file } = await open();
    await createQuestionBank(db).createSection({ name: "Kept" });
    await db.close();
    dbs.splice(dbs.indexOf(db), 1);
    const again = await openBankDatabase({ file });
    dbs.push(again);
    expect((await createQuestionBank(again).listSections()).map((s) => s.name)).toEqual(["Kept"]);
  });

  it("queues concurrent write transactions instead of failing them", async () => {
    const { db } = await open();
    const bank = createQuestionBank(db);
    const results = await Promise.allSettled(
      Array.from({ length: 25 }, (_, i) => bank.createSection({ name: `S${i}` })),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const sections = await bank.listSections();
    expect(sections).toHaveLength(25);
    expect(new Set(sections.map((s) => s.position)).size).toBe(25);
  });

  it("never shows readers a transaction that is not committed, and a failed one leaves nothing", async () => {
    const { db } = await open();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted!: () => void;
    const insertedSignal = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const failing = db.transaction(async (manager) => {
      const now = new Date();
      await manager.insert(Section, {
        id: "s1",
        name: "uncommitted",
        description: null,
        position: 0,
        createdAt: now,
        updatedAt: now,
      });
      inserted();
      await gate;
      throw new Error("rolled back");
    });
    await insertedSignal;
    expect(await db.reader.manager.count(Section)).toBe(0);
    release();
    await expect(failing).rejects.toThrow("rolled back");
    expect(await db.reader.manager.count(Section)).toBe(0);
  });

  it("lets a transaction that reads first still write when another process commits meanwhile", async () => {
    const { db, file } = await open();
    const { db: other } = await open(file);
    const bank = createQuestionBank(db);
    const otherBank = createQuestionBank(other);
    let otherDone!: Promise<unknown>;
    await db.transaction(async (manager) => {
      const before = await manager.count(Section);
      // Another process writes while this transaction is between its read and its write.
      otherDone = otherBank.createSection({ name: "from elsewhere" });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const now = new Date();
      await manager.insert(Section, {
        id: "mine",
        name: "mine",
        description: null,
        position: before + 100,
        createdAt: now,
        updatedAt: now,
      });
    });
    await otherDone;
    expect((await bank.listSections()).map((s) => s.name).sort()).toEqual(["from elsewhere", "mine"]);
  });

  it("keeps running jobs and records their outcome when another process holds the lock past the busy timeout", async () => {
    const { db, file } = await open(undefined, 100);
    const { db: other } = await open(file);
    const store = createJobStore(db);
    let n = 0;
    const jobs = createJobRunner({ store, newId: () => `job-${++n}` });
    let held!: Promise<unknown>;
    let enqueued!: () => void;
    const secondEnqueued = new Promise<void>((resolve) => {
      enqueued = resolve;
    });
    const first = await jobs.enqueue("BACKUP", {}, async () => {
      // The second job is stored before the other process takes the lock: enqueueing is not what
      // this test is about.
      await secondEnqueued;
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      // Another process takes the write lock for 600 ms, six times the busy timeout, just as the
      // job ends: storing its outcome has to wait it out.
      held = other.transaction(async (manager) => {
        await manager.query("DELETE FROM section WHERE id = 'none'");
        locked();
        await new Promise((resolve) => setTimeout(resolve, 600));
      });
      await lockTaken;
      return { message: "first" };
    });
    const second = await jobs.enqueue("VERIFY", {}, async () => ({ message: "second" }));
    enqueued();
    await jobs.idle();
    await held;
    const third = await jobs.enqueue("VERIFY", {}, async () => ({ message: "third" }));
    await jobs.idle();
    for (const [job, message] of [
      [first, "first"],
      [second, "second"],
      [third, "third"],
    ] as const)
      expect(await store.get(job.id)).toMatchObject({ status: "SUCCEEDED", message });
  });

  it("fails a job whose start cannot be recorded, and goes on with the next", async () => {
    const { db, file } = await open(undefined, 100);
    const { db: other } = await open(file);
    const store = createJobStore(db);
    let n = 0;
    const updates = new Map<string, string>();
    const jobs = createJobRunner({
      store,
      newId: () => `job-${++n}`,
      onUpdate: (job) => updates.set(job.id, job.status),
      finalSaveRetriesMs: [],
    });
    let release!: () => void;
    let held!: Promise<unknown>;
    let enqueued!: () => void;
    const secondEnqueued = new Promise<void>((resolve) => {
      enqueued = resolve;
    });
    const ran: string[] = [];
    await jobs.enqueue("BACKUP", {}, async () => {
      await secondEnqueued;
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => {
        locked = resolve;
      });
      // Another process holds the write lock until the queue is idle: the second job's start
      // cannot be recorded.
      held = other.transaction(async (manager) => {
        await manager.query("DELETE FROM section WHERE id = 'none'");
        locked();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      });
      await lockTaken;
      ran.push("first");
      return {};
    });
    const second = await jobs.enqueue("VERIFY", {}, async () => {
      ran.push("second");
      return {};
    });
    enqueued();
    await jobs.idle();
    release();
    await held;
    const third = await jobs.enqueue("VERIFY", {}, async () => {
      ran.push("third");
      return {};
    });
    await jobs.idle();
    expect(ran).toEqual(["first", "third"]);
    expect(updates.get(second.id)).toBe("FAILED");
    expect(await store.get(third.id)).toMatchObject({ status: "SUCCEEDED" });
  });

  it("keeps the phases a job went through, with when each began; a job stored before them has none", async () => {
    const { db, file } = await open();
    const store = createJobStore(db);
    let n = 0;
    const jobs = createJobRunner({ store, newId: () => `job-${++n}` });
    const job = await jobs.enqueue("BACKUP", {}, async ({ progress }) => {
      progress({ phase: "reading", done: 0, total: 2, bytes: 0 });
      await new Promise((resolve) => setTimeout(resolve, 10));
      progress({ phase: "writing", done: 0, total: 1, bytes: 0 });
      return {};
    });
    await jobs.idle();
    const { db: other } = await open(file);
    const stored = await createJobStore(other).get(job.id);
    expect(stored?.phases).toEqual([
      { phase: "reading", startedAt: expect.any(Date) },
      { phase: "writing", startedAt: expect.any(Date) },
    ]);
    expect(stored!.phases[1]!.startedAt.getTime()).toBeGreaterThan(stored!.phases[0]!.startedAt.getTime());
    expect(stored!.phases[0]!.startedAt.getTime()).toBeGreaterThanOrEqual(stored!.startedAt!.getTime());

    await db.transaction((manager) => manager.query(`UPDATE "job" SET "phases" = NULL`));
    expect((await store.get(job.id))?.phases).toEqual([]);
  });

  it("records who acknowledged a failed job and when, once, and refuses other jobs", async () => {
    const { db, file } = await open();
    const store = createJobStore(db);
    let n = 0;
    const jobs = createJobRunner({ store, newId: () => `job-${++n}` });
    const failed = await jobs.enqueue("BACKUP", {}, async () => {
      throw new Error("disk on fire");
    });
    const done = await jobs.enqueue("VERIFY", {}, async () => ({}));
    await jobs.idle();
    expect((await store.get(failed.id))?.acknowledged).toBeNull();

    const at = new Date("2026-11-24T10:00:00.000Z");
    const acknowledged = await store.acknowledge(failed.id, "ops key", at);
    expect(acknowledged).toMatchObject({ status: "FAILED", acknowledged: { at, by: "ops key" } });
    // A second acknowledgment keeps the first; a save of the runner's state does not clear it.
    await store.acknowledge(failed.id, "someone else");
    const { acknowledged: _, ...state } = (await store.get(failed.id))!;
    await store.save(state);
    expect((await store.get(failed.id))?.acknowledged).toEqual({ at, by: "ops key" });

    await expect(store.acknowledge(done.id, "ops key")).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await store.acknowledge("job-none", "ops key")).toBeNull();
    const { db: other } = await open(file);
    expect((await createJobStore(other).get(failed.id))?.acknowledged).toEqual({ at, by: "ops key" });
  });
});

describe("the database a bank lives in", () => {
  it("reads a postgres:// URL as PostgreSQL and anything else as a SQLite file", () => {
    expect(bankLocation("postgres://u:p@db:5432/bank")).toEqual({ url: "postgres://u:p@db:5432/bank" });
    expect(bankLocation("postgresql://db/bank")).toEqual({ url: "postgresql://db/bank" });
    expect(bankLocation("data/postgres.sqlite")).toEqual({ file: "data/postgres.sqlite" });
  });

  it("numbers ? placeholders for PostgreSQL, leaving quoted text, comments and function bodies alone", () => {
    expect(numberPlaceholders(`SELECT 1`)).toBe(`SELECT 1`);
    expect(numberPlaceholders(`UPDATE "t" SET "a" = ?, "b" = '?''?' WHERE "c?" IN (?, ?)`)).toBe(
      `UPDATE "t" SET "a" = $1, "b" = '?''?' WHERE "c?" IN ($2, $3)`,
    );
    expect(numberPlaceholders(`SELECT ? -- why?\nFROM x WHERE y = ?`)).toBe(
      `SELECT $1 -- why?\nFROM x WHERE y = $2`,
    );
    expect(numberPlaceholders(`DO $$ BEGIN PERFORM ?; END $$; SELECT ?`)).toBe(
      `DO $$ BEGIN PERFORM ?; END $$; SELECT $1`,
    );
    expect(numberPlaceholders(`SELECT $tag$ ? $tag$, ?`)).toBe(`SELECT $tag$ ? $tag$, $1`);
  });

  it("refuses to open without a file or a URL", async () => {
    await expect(openBankDatabase({})).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });
});
