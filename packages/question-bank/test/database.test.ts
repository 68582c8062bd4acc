import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type BankDatabase, createQuestionBank, openBankDatabase, Section } from "../src/index.js";

const dirs: string[] = [];
const dbs: BankDatabase[] = [];
async function open(): Promise<{ db: BankDatabase; file: string }> {
  const dir = mkdtempSync(join(tmpdir(), "qvault-db-"));
  dirs.push(dir);
  const file = join(dir, "bank.sqlite");
  const db = await openBankDatabase({ file });
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
});
