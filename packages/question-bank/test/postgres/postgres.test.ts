/**
 * What only PostgreSQL has: journal positions in commit order across connections, edits behind
 * qvault's back journaled by PL/pgSQL triggers, a rolled-back edit leaving a gap the journal
 * tolerates, and a bank moved between SQLite and PostgreSQL through a backup, record for record.
 * Runs in the "question-bank (postgres)" project only (the root vitest.config.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backup, createLocalStorage, nodeCodec, Repository, restore } from "@qvault/core";
import { testDatabase } from "@qvault/test-server/database";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type BankDatabase,
  changesSinceCursor,
  createBankTarget,
  createChangeJournal,
  createQuestionBank,
  journalCursor,
  openBankDatabase,
  seedDemoBank,
  withBankSource,
} from "../../src/index.js";

let dir: string;
let where: { file: string } | { url: string };
let db: BankDatabase;
const opened: BankDatabase[] = [];

async function open(where: { file: string } | { url: string }): Promise<BankDatabase> {
  const database = await openBankDatabase(where);
  opened.push(database);
  return database;
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-pg-"));
  where = testDatabase(dir);
  db = await open(where);
});
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close();
  rmSync(dir, { recursive: true, force: true });
});

const section = (id: string, position: number) =>
  `INSERT INTO "section" ("id", "name", "description", "position", "createdAt", "updatedAt") VALUES ('${id}', '${id}', NULL, ${position}, now(), now())`;

describe("the bank on PostgreSQL", () => {
  it("speaks PostgreSQL's dialect and says where it is without a password", () => {
    expect(db.dialect.name).toBe("postgres");
    expect(db.location).toMatch(/^postgres:\/\/qvault@127\.0\.0\.1:\d+\/t_/);
  });

  it("hands out journal positions in commit order when two connections write at once", async () => {
    const other = await open(where);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const order: string[] = [];
    // A journals first and holds its transaction open; B's journal write waits for A's commit.
    const first = db.transaction(async (m) => {
      await m.query(section("a", 1));
      await held;
      order.push("a commits");
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = other.transaction(async (m) => {
      await m.query(section("b", 2));
      order.push("b wrote");
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(["a commits", "b wrote"]);
    const rows: { entityId: string; seq: number }[] = await db.reader.query(
      `SELECT "entityId", "seq" FROM "change_journal" WHERE "entity" = 'section' ORDER BY "seq"`,
    );
    expect(rows.map((r) => r.entityId)).toEqual(["a", "b"]);
  });

  it("keeps no digest that a writer of another connection, not yet committed, makes stale", async () => {
    await seedDemoBank(db, { questions: 30 });
    const repository = await Repository.init({
      storage: createLocalStorage(join(dir, "repository")),
      codec: nodeCodec,
    });
    const [victim] = await db.reader.query(`SELECT "id" FROM "question" ORDER BY "id" LIMIT 1`);
    const other = await open(where);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // An edit through another connection, journaled but not committed while the backup reads.
    const edit = other.transaction(async (m) => {
      await m.query(`UPDATE "question" SET "prompt" = 'edited meanwhile' WHERE "id" = ?`, [victim.id]);
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const backedUp = withBankSource(db, (source) => backup(repository, source, { scope: "FULL" }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    release();
    await Promise.all([edit, backedUp]);
    // The backup read the question before the edit; the digest it read is not kept for it.
    const kept = await db.reader.query(`SELECT "digest" FROM "question_digest" WHERE "questionId" = ?`, [
      victim.id,
    ]);
    expect(kept).toEqual([]);
    const others = await db.reader.query(`SELECT COUNT(*) AS "n" FROM "question_digest"`);
    expect(Number(others[0].n)).toBe(29);
  });

  it("journals edits behind qvault's back, and a rolled-back edit leaves a gap that loses nothing", async () => {
    await seedDemoBank(db, { questions: 20 });
    const cursor = await withBankSource(db, (_source, query) => journalCursor(query));
    const [victim] = await db.reader.query(`SELECT "id" FROM "question" ORDER BY "id" LIMIT 1`);
    // A transaction that journals and rolls back burns positions of the sequence.
    await expect(
      db.transaction(async (m) => {
        await m.query(`UPDATE "question" SET "prompt" = 'never' WHERE "id" = ?`, [victim.id]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    await db.reader.query(`UPDATE "answer" SET "text" = 'behind the back' WHERE "questionId" = $1`, [
      victim.id,
    ]);
    const since = await withBankSource(db, (_source, query) => changesSinceCursor(query, cursor));
    expect(since?.changes.questionIds).toEqual([victim.id]);
    // Trimmed past the cursor, the journal no longer names every change since it.
    const journal = createChangeJournal(db);
    await journal.trim(since!.changes.lastSeq);
    expect(await withBankSource(db, (_source, query) => changesSinceCursor(query, cursor))).toBeNull();
  });

  it("moves a bank from SQLite to PostgreSQL and back through one repository, record for record", async () => {
    const repository = await Repository.init({
      storage: createLocalStorage(join(dir, "repository")),
      codec: nodeCodec,
    });
    const lite = await open({ file: join(dir, "from.sqlite") });
    await seedDemoBank(lite, { questions: 150 });
    const fromLite = await withBankSource(lite, (source) => backup(repository, source, { scope: "FULL" }));
    const into = await restore(repository, createBankTarget(db), {
      backupId: fromLite.id,
      mode: "REPLACE",
      scope: "FULL",
    });
    expect(into.written).toBeGreaterThan(0);
    const fromPostgres = await withBankSource(db, (source) => backup(repository, source, { scope: "FULL" }));
    // The same records, so the snapshot of the PostgreSQL bank stores nothing new.
    expect(fromPostgres.stats.addedRecords).toBe(0);
    const back = await open({ file: join(dir, "back.sqlite") });
    await restore(repository, createBankTarget(back), {
      backupId: fromPostgres.id,
      mode: "REPLACE",
      scope: "FULL",
    });
    // Every question with its answers, page by page, without what each bank stamps itself.
    const list = async (bank: BankDatabase) => {
      const all: unknown[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await createQuestionBank(bank).listQuestions({ first: 100, after });
        for (const { node } of page.edges)
          all.push({ ...node, createdAt: undefined, updatedAt: undefined, version: undefined });
        if (!page.hasNextPage) return all;
        after = page.endCursor ?? undefined;
      }
    };
    expect(await list(db)).toEqual(await list(lite));
    expect(await list(back)).toEqual(await list(lite));
  });
});
