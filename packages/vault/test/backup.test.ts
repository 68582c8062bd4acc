import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createLocalStorage,
  encodeQuestion,
  nodeCodec,
  type Progress,
  Repository,
  readSnapshot,
  type SnapshotManifest,
} from "@qvault/core";
import {
  type BankDatabase,
  createChangeJournal,
  openBankDatabase,
  seedDemoBank,
  withBankSource,
} from "@qvault/question-bank";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backUpBank, backUpBankChanges } from "../src/index.js";

let dir: string;
let db: BankDatabase;
let repository: Repository;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-vault-backup-"));
  db = await openBankDatabase({ file: join(dir, "bank.sqlite") });
  await seedDemoBank(db, { questions: 120 });
  repository = await Repository.init({
    storage: createLocalStorage(join(dir, "repository")),
    codec: nodeCodec,
  });
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every question of `bank` as canonical bytes, by id. */
async function bankRecords(bank: BankDatabase): Promise<Map<string, string>> {
  return withBankSource(bank, async (source) => {
    const all = new Map<string, string>();
    for await (const chunk of source.questions({}, 100))
      for (const q of chunk) all.set(q.id, new TextDecoder().decode(encodeQuestion(q)));
    return all;
  });
}

async function snapshotRecords(manifest: SnapshotManifest): Promise<Map<string, string>> {
  const { questions } = await readSnapshot(repository, manifest);
  return new Map(questions.map((q) => [q.id, new TextDecoder().decode(encodeQuestion(q))]));
}

/** The questions a backup said it would read (its "reading" phase's total). */
function readingTotal(phases: Progress[]): number | null {
  return phases.find((p) => p.phase === "reading")?.total ?? null;
}

const editSql = (sql: string) => db.transaction((manager) => manager.query(sql));

describe("full backups built from the change journal", () => {
  it("read only the questions the journal names since the newest full snapshot, and hold the whole bank", async () => {
    const first = await backUpBank(db, repository, { scope: "FULL" });
    expect(first.cursor).toMatch(/^[0-9a-f-]{36}:\d+$/);
    await editSql(`UPDATE "question" SET "prompt" = 'edited once' WHERE "rowid" % 40 = 0`);
    await editSql(`DELETE FROM "question" WHERE "rowid" = 7`);
    const progress: Progress[] = [];
    const second = await backUpBank(
      db,
      repository,
      { scope: "FULL", note: "by hand" },
      { progress: (p) => progress.push(p) },
    );
    expect(second).toMatchObject({ trigger: "MANUAL", note: "by hand", scope: "FULL", parent: first.id });
    // Three edited questions and one deleted: that is all the backup read.
    expect(readingTotal(progress)).toBe(4);
    expect(second.stats.changedCount).toBe(3);
    expect(await snapshotRecords(second)).toEqual(await bankRecords(db));
    // The journal rows the snapshot covers are gone; an unchanged bank then reads nothing.
    expect((await createChangeJournal(db).pending(0)).count).toBe(0);
    const progress2: Progress[] = [];
    const third = await backUpBankChanges(db, repository, { progress: (p) => progress2.push(p) });
    expect(readingTotal(progress2)).toBe(0);
    expect(third.stats.addedRecords).toBe(0);
    expect(await snapshotRecords(third)).toEqual(await bankRecords(db));
  });

  it("read the whole bank when the journal lost rows after the newest full snapshot's cursor", async () => {
    const first = await backUpBank(db, repository, { scope: "FULL" });
    await editSql(`UPDATE "question" SET "prompt" = 'not in the journal' WHERE "rowid" = 3`);
    // Rows removed behind qvault's back: the journal no longer names every change.
    await editSql(`DELETE FROM "change_journal"`);
    const progress: Progress[] = [];
    const second = await backUpBankChanges(db, repository, { progress: (p) => progress.push(p) });
    expect(second.parent).toBe(first.id);
    expect(readingTotal(progress)).toBe(120);
    expect(await snapshotRecords(second)).toEqual(await bankRecords(db));
    expect([...(await snapshotRecords(second)).values()].some((r) => r.includes("not in the journal"))).toBe(
      true,
    );
  });

  it("read the whole bank when the newest full snapshot was taken from another bank", async () => {
    await backUpBank(db, repository, { scope: "FULL" });
    // Another bank, with its own id and journal, backed up into the same repository, after as many
    // journal rows as the first bank's cursor covers and more.
    const other = await openBankDatabase({ file: join(dir, "other.sqlite") });
    try {
      await seedDemoBank(other, { questions: 150, seed: 9 });
      await other.transaction((manager) =>
        manager.query(`UPDATE "question" SET "prompt" = "prompt" || ' (other bank)'`),
      );
      const progress: Progress[] = [];
      const snapshot = await backUpBankChanges(other, repository, { progress: (p) => progress.push(p) });
      expect(readingTotal(progress)).toBe(150);
      expect(await snapshotRecords(snapshot)).toEqual(await bankRecords(other));
    } finally {
      await other.close();
    }
  });

  it("build on this bank's newest full snapshot, passing over a newer one of another bank", async () => {
    const own = await backUpBank(db, repository, { scope: "FULL" });
    const other = await openBankDatabase({ file: join(dir, "other.sqlite") });
    try {
      await seedDemoBank(other, { questions: 30, seed: 5 });
      await backUpBank(other, repository, { scope: "FULL" });
    } finally {
      await other.close();
    }
    await editSql(`UPDATE "question" SET "prompt" = 'edited after' WHERE "rowid" IN (4, 9)`);
    const progress: Progress[] = [];
    const next = await backUpBank(db, repository, { scope: "FULL" }, { progress: (p) => progress.push(p) });
    expect(next.parent).toBe(own.id);
    expect(readingTotal(progress)).toBe(2);
    expect(await snapshotRecords(next)).toEqual(await bankRecords(db));
  });
});
