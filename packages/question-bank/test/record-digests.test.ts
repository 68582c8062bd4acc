import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BankSource,
  backup,
  createLocalStorage,
  digestOf,
  encodeQuestion,
  nodeCodec,
  planRestore,
  Repository,
  restore,
} from "@qvault/core";
import { testDatabase } from "@qvault/test-server/database";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type BankDatabase,
  createBankTarget,
  createChangeJournal,
  createQuestionBank,
  openBankDatabase,
  type QuestionBank,
  seedDemoBank,
  withBankSource,
} from "../src/index.js";

let dir: string;
let db: BankDatabase;
let bank: QuestionBank;
let repository: Repository;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-digests-"));
  db = await openBankDatabase(testDatabase(dir));
  await seedDemoBank(db, { questions: 60 });
  bank = createQuestionBank(db);
  repository = await Repository.init({
    storage: createLocalStorage(join(dir, "repository")),
    codec: nodeCodec,
  });
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Each question's kept digest, and the digest of its record as the bank reads it now. */
async function digests(): Promise<Map<string, { kept: string | null; actual: string }>> {
  const kept = new Map<string, string | null>(
    (
      await db.reader.query(
        `SELECT q."id", d."digest" AS "recordDigest" FROM "question" q LEFT JOIN "question_digest" d ON d."questionId" = q."id"`,
      )
    ).map((row: { id: string; recordDigest: string | null }) => [row.id, row.recordDigest]),
  );
  const out = new Map<string, { kept: string | null; actual: string }>();
  await withBankSource(db, async (source) => {
    for await (const chunk of source.questions({}, 100))
      for (const q of chunk)
        out.set(q.id, { kept: kept.get(q.id) ?? null, actual: digestOf(nodeCodec, encodeQuestion(q)) });
  });
  return out;
}

const fullBackup = () => withBankSource(db, (source) => backup(repository, source, { scope: "FULL" }));

/** A source that counts the questions read whole. */
function counting(source: BankSource) {
  const counted = { read: 0 };
  return {
    counted,
    source: {
      ...source,
      async *questions(filter, chunkSize) {
        for await (const chunk of source.questions(filter, chunkSize)) {
          counted.read += chunk.length;
          yield chunk;
        }
      },
    } satisfies BankSource,
  };
}

describe("each question's kept record digest", () => {
  it("is kept by a backup, and is the digest of the question's record", async () => {
    expect([...(await digests()).values()].every((d) => d.kept === null)).toBe(true);
    await fullBackup();
    const after = [...(await digests()).values()];
    expect(after.length).toBe(60);
    for (const d of after) expect(d.kept).toBe(d.actual);
  });

  it("is forgotten by an edit through the API, by SQL behind qvault's back, and by a change of answers", async () => {
    await fullBackup();
    const [a, b, c] = (await bank.listQuestions({ first: 3 })).edges.map((e) => e.node);
    await bank.updateQuestion(a!.id, {
      sectionId: a!.sectionId,
      type: a!.type,
      prompt: "Rewritten",
      answers: a!.answers.map((x) => ({ text: x.text, isCorrect: x.isCorrect })),
    });
    await db.transaction((m) => m.query(`UPDATE "question" SET "prompt" = 'behind' WHERE "id" = ?`, [b!.id]));
    await db.transaction((m) =>
      m.query(`UPDATE "answer" SET "text" = 'other' WHERE "questionId" = ?`, [c!.id]),
    );
    const gone = (await bank.listQuestions({ first: 4 })).edges[3]!.node;
    await bank.deleteQuestion(gone.id);
    const dangling = await db.reader.query(
      `SELECT COUNT(*) AS "n" FROM "question_digest" WHERE "questionId" NOT IN (SELECT "id" FROM "question")`,
    );
    expect(Number(dangling[0].n)).toBe(0);
    const now = await digests();
    for (const q of [a!, b!, c!]) expect(now.get(q.id)!.kept).toBeNull();
    const rest = [...now].filter(([id]) => ![a!.id, b!.id, c!.id, gone.id].includes(id));
    for (const [, d] of rest) expect(d.kept).toBe(d.actual);
    // Storing a digest is not a change of the bank.
    const journal = createChangeJournal(db);
    const before = await journal.pending();
    await fullBackup();
    expect((await journal.pending()).lastSeq).toBe(before.lastSeq);
    for (const d of (await digests()).values()) expect(d.kept).toBe(d.actual);
  });

  it("lets a backup of an unchanged bank, and a plan, read no question whole", async () => {
    const first = await fullBackup();
    const second = await withBankSource(db, async (source) => {
      const watched = counting(source);
      const manifest = await backup(repository, watched.source, { scope: "FULL" });
      expect(watched.counted.read).toBe(0);
      const plan = await planRestore(repository, watched.source, {
        backupId: first.id,
        scope: "FULL",
        mode: "REPLACE",
      });
      expect(plan.counts).toMatchObject({ ADDED: 0, CHANGED: 0, DELETED: 0 });
      expect(watched.counted.read).toBe(0);
      return manifest;
    });
    expect(second.stats.logicalBytes).toBe(first.stats.logicalBytes);
    expect(second.sections.map((s) => s.listing)).toEqual(first.sections.map((s) => s.listing));
  });

  it.each([
    ["is not kept for a question changed after the backup began reading it", false],
    ["is not kept at all once the journal was trimmed past the read", true],
  ])("%s", async (_name, trim) => {
    const victim = (await bank.listQuestions({ first: 1 })).edges[0]!.node;
    const journal = createChangeJournal(db);
    await withBankSource(db, async (source) => {
      let stale = "";
      for await (const chunk of source.questions({ questionIds: [victim.id] }, 10))
        stale = digestOf(nodeCodec, encodeQuestion(chunk[0]!));
      await db.transaction((m) =>
        m.query(`UPDATE "question" SET "prompt" = 'changed meanwhile' WHERE "id" = ?`, [victim.id]),
      );
      // Trimmed, the journal no longer shows the change: only its gap can tell.
      if (trim) await journal.trim((await journal.pending()).lastSeq);
      await source.keepDigests!([{ id: victim.id, digest: stale }]);
    });
    expect((await digests()).get(victim.id)!.kept).toBeNull();
  });

  it("is kept by a restore for what it wrote, and the restore journals a row per question, none per answer", async () => {
    const a = await fullBackup();
    const [q] = (await bank.listQuestions({ first: 1 })).edges.map((e) => e.node);
    await bank.updateQuestion(q!.id, {
      sectionId: q!.sectionId,
      type: q!.type,
      prompt: "Rewritten",
      answers: q!.answers.map((x) => ({ text: `${x.text}!`, isCorrect: x.isCorrect })),
    });
    await db.transaction((m) => m.query(`DELETE FROM "change_journal"`));
    await restore(repository, createBankTarget(db), { backupId: a.id, scope: "FULL", mode: "REPLACE" });
    for (const d of (await digests()).values()) expect(d.kept).toBe(d.actual);
    const journal: { entity: string; entityId: string; origin: string }[] = await db.reader.query(
      `SELECT "entity", "entityId", "origin" FROM "change_journal"`,
    );
    expect(journal.length).toBeGreaterThan(0);
    expect(new Set(journal.map((r) => `${r.entity}:${r.entityId}`))).toEqual(new Set([`question:${q!.id}`]));
    expect(new Set(journal.map((r) => r.origin))).toEqual(new Set(["restore"]));
    const changes = await createChangeJournal(db).changesSince(0);
    expect(changes.questionIds).toEqual([q!.id]);
    expect(changes.sectionIds).toEqual([q!.sectionId]);
  });
});
