import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backup, createLocalStorage, nodeCodec, Repository, restore } from "@qvault/core";
import { testDatabase } from "@qvault/test-server/database";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type BankDatabase,
  createBankTarget,
  createChangeJournal,
  createQuestionBank,
  openBankDatabase,
  type QuestionBank,
  Section,
  seedDemoBank,
  withBankSource,
} from "../src/index.js";

let dir: string;
let db: BankDatabase;
let bank: QuestionBank;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-journal-"));
  db = await openBankDatabase(testDatabase(dir));
  await seedDemoBank(db, { questions: 30 });
  await db.transaction((m) => m.query(`DELETE FROM "change_journal"`));
  bank = createQuestionBank(db);
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = () =>
  db.reader.query(
    `SELECT "entity", "entityId", "questionId", "sectionId", "op", "origin" FROM "change_journal" ORDER BY "seq"`,
  );

describe("the change journal", () => {
  it("records every committed edit in its transaction, with the question and section it touches", async () => {
    const section = await bank.createSection({ name: "Journal" });
    const q = await bank.createQuestion({
      sectionId: section.id,
      type: "TRUE_FALSE",
      prompt: "Is it?",
      answers: [
        { text: "Yes", isCorrect: true },
        { text: "No", isCorrect: false },
      ],
    });
    await bank.updateQuestion(q.id, {
      sectionId: section.id,
      type: "TRUE_FALSE",
      prompt: "Is it really?",
      answers: [
        { text: "Yes", isCorrect: true },
        { text: "No", isCorrect: false },
      ],
    });
    await bank.deleteQuestion(q.id);
    const journal = await rows();
    expect(journal.filter((r: any) => r.entity === "section")).toEqual([
      {
        entity: "section",
        entityId: section.id,
        questionId: null,
        sectionId: section.id,
        op: "insert",
        origin: "edit",
      },
    ]);
    const ops = journal.filter((r: any) => r.entity === "question").map((r: any) => r.op);
    expect(ops).toEqual(["insert", "update", "delete"]);
    expect(journal.filter((r: any) => r.entity !== "section").every((r: any) => r.questionId === q.id)).toBe(
      true,
    );
    expect(
      journal.filter((r: any) => r.entity === "question").every((r: any) => r.sectionId === section.id),
    ).toBe(true);
    const changes = await createChangeJournal(db).changesSince(0);
    expect(changes.questionIds).toEqual([q.id]);
    expect(changes.sectionIds).toEqual([section.id]);
  });

  it("records nothing of a transaction that rolls back", async () => {
    await expect(
      db.transaction(async (manager) => {
        const now = new Date();
        await manager.insert(Section, {
          id: "rolled",
          name: "Rolled back",
          description: null,
          position: 999,
          createdAt: now,
          updatedAt: now,
        });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await rows()).toEqual([]);
    const sectionId = (await bank.listSections())[0]!.id;
    await expect(
      bank.importQuestions(sectionId, [
        {
          sectionId,
          type: "TRUE_FALSE",
          prompt: "ok",
          answers: [
            { text: "a", isCorrect: true },
            { text: "b", isCorrect: false },
          ],
        },
        {
          sectionId,
          type: "TRUE_FALSE",
          prompt: "ok",
          position: 0,
          answers: [
            { text: "a", isCorrect: true },
            { text: "b", isCorrect: false },
          ],
        },
      ]),
    ).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    expect(await rows()).toEqual([]);
  });

  it("marks bulk imports and restores by origin, and catches SQL written behind the ORM's back", async () => {
    const sectionId = (await bank.listSections())[0]!.id;
    await bank.importQuestions(sectionId, [
      {
        sectionId,
        type: "TRUE_FALSE",
        prompt: "Imported",
        answers: [
          { text: "a", isCorrect: true },
          { text: "b", isCorrect: false },
        ],
      },
    ]);
    expect(new Set((await rows()).map((r: any) => r.origin))).toEqual(new Set(["import"]));
    await db.transaction((m) => m.query(`DELETE FROM "change_journal"`));

    const repository = await Repository.init({
      storage: createLocalStorage(join(dir, "repo")),
      codec: nodeCodec,
    });
    const snapshot = await withBankSource(db, (source) => backup(repository, source, { scope: "FULL" }));
    const victim = (await bank.listQuestions({ first: 1 })).edges[0]!.node;
    await db.transaction((m) =>
      m.query(`UPDATE "question" SET "prompt" = 'behind the back' WHERE "id" = ?`, [victim.id]),
    );
    expect(await rows()).toEqual([
      expect.objectContaining({ entity: "question", entityId: victim.id, op: "update", origin: "edit" }),
    ]);
    await db.transaction((m) => m.query(`DELETE FROM "change_journal"`));

    await restore(repository, createBankTarget(db), {
      backupId: snapshot.id,
      scope: "QUESTIONS",
      questionIds: [victim.id],
      mode: "REPLACE",
    });
    const restored = await rows();
    expect(restored.length).toBeGreaterThan(0);
    expect(new Set(restored.map((r: any) => r.origin))).toEqual(new Set(["restore"]));
    // the mark ends with the transaction
    await bank.createSection({ name: "After" });
    expect((await rows()).at(-1)).toMatchObject({ origin: "edit" });
  });

  it("counts what waits for a backup and trims what a snapshot covers", async () => {
    const journal = createChangeJournal(db);
    await bank.createSection({ name: "One" });
    await bank.createSection({ name: "Two" });
    const pending = await journal.pending();
    expect(pending.count).toBe(2);
    expect(pending.oldestAt!.getTime()).toBeLessThanOrEqual(Date.now());
    await journal.trim(pending.lastSeq - 1);
    expect((await journal.pending()).count).toBe(1);
    expect((await journal.pending(pending.lastSeq)).count).toBe(0);
  });

  it("counts a question once, however many of its rows and edits wait", async () => {
    const journal = createChangeJournal(db);
    await db.transaction((m) => m.query(`DELETE FROM "change_journal"`));
    const section = await bank.createSection({ name: "Counted" });
    const input = (prompt: string) => ({
      sectionId: section.id,
      type: "SINGLE_CHOICE" as const,
      prompt,
      answers: [
        { text: "a", isCorrect: true },
        { text: "b", isCorrect: false },
        { text: "c", isCorrect: false },
      ],
    });
    const question = await bank.createQuestion(input("first"));
    await bank.updateQuestion(question.id, input("second"));
    await bank.updateQuestion(question.id, input("third"));
    const rows = await db.reader.query(`SELECT COUNT(*) AS n FROM "change_journal"`);
    expect(Number(rows[0].n)).toBeGreaterThan(6);
    expect((await journal.pending()).count).toBe(2);
  });
});
