import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BankTarget,
  type BankTransaction,
  backup,
  createLocalStorage,
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
  dir = mkdtempSync(join(tmpdir(), "qvault-restore-"));
  db = await openBankDatabase(testDatabase(dir));
  await seedDemoBank(db, { questions: 120 });
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

/** Every row of every bank table, as text: equal strings mean a byte-for-byte equal bank. */
async function rows(): Promise<string> {
  const out: unknown[] = [];
  for (const table of ["section", "question", "answer"])
    out.push(await db.reader.query(`SELECT * FROM "${table}" ORDER BY "id"`));
  return JSON.stringify(out);
}

/** The bank's content (no versions or timestamps). */
async function content(): Promise<string> {
  return JSON.stringify([
    await db.reader.query(`SELECT "id","name","description","position" FROM "section" ORDER BY "id"`),
    await db.reader.query(
      `SELECT "id","sectionId","type","prompt","explanation","difficulty","tags","audioPath","position" FROM "question" ORDER BY "id"`,
    ),
    await db.reader.query(
      `SELECT "id","questionId","text","isCorrect","position" FROM "answer" ORDER BY "id"`,
    ),
  ]);
}

async function snapshot() {
  return withBankSource(db, (source) => backup(repository, source, { scope: "FULL" }));
}

async function edit() {
  const page = await bank.listQuestions({ first: 5 });
  const [a, b, c] = page.edges.map((e) => e.node);
  await bank.updateQuestion(a!.id, {
    sectionId: a!.sectionId,
    type: a!.type,
    prompt: "Rewritten",
    answers: a!.answers.map((x) => ({ text: x.text, isCorrect: x.isCorrect })),
  });
  await bank.deleteQuestion(b!.id);
  const sections = await bank.listSections();
  await bank.updateQuestion(c!.id, {
    sectionId: sections[3]!.id,
    type: c!.type,
    prompt: c!.prompt,
    answers: c!.answers.map((x) => ({ text: x.text, isCorrect: x.isCorrect })),
  });
  await bank.createQuestion({
    sectionId: sections[1]!.id,
    type: "TRUE_FALSE",
    prompt: "Added later",
    answers: [
      { text: "True", isCorrect: true },
      { text: "False", isCorrect: false },
    ],
  });
  await bank.createSection({ name: "Added section" });
}

/** Deletes the last section the demo made, with every question it holds. */
async function dropSection() {
  const sections = (await bank.listSections()).filter((s) => s.name !== "Added section");
  await db.transaction((m) => m.query(`DELETE FROM "section" WHERE "id" = ?`, [sections.at(-1)!.id]));
}

describe("restoring into the SQLite bank", () => {
  it("a section gone since the backup comes back from its records as stored, beside edited sections", async () => {
    const before = await content();
    const a = await snapshot();
    await edit();
    await dropSection();
    const target = createBankTarget(db);
    const calls: string[] = [];
    const watched: BankTarget = {
      ...target,
      transaction: (work) =>
        target.transaction((tx) =>
          work({
            ...tx,
            putQuestions: (qs) => {
              calls.push("putQuestions");
              return tx.putQuestions(qs);
            },
            putEncodedQuestions: (qs) => {
              calls.push("putEncodedQuestions");
              return tx.putEncodedQuestions!(qs);
            },
          }),
        ),
    };
    await restore(repository, watched, { backupId: a.id, scope: "FULL", mode: "REPLACE" });
    expect(new Set(calls)).toEqual(new Set(["putQuestions", "putEncodedQuestions"]));
    expect(await content()).toBe(before);
  });

  it("a FULL REPLACE gives back the backup's content exactly, keeping ids; undo gives back the edits", async () => {
    const before = await content();
    const a = await snapshot();
    await edit();
    const edited = await content();
    const result = await restore(repository, createBankTarget(db), {
      backupId: a.id,
      scope: "FULL",
      mode: "REPLACE",
    });
    expect(result.plan.counts).toMatchObject({ ADDED: 1, CHANGED: 2, DELETED: 2 });
    expect(await content()).toBe(before);
    const again = await withBankSource(db, (source) =>
      planRestore(repository, source, { backupId: a.id, scope: "FULL", mode: "REPLACE" }),
    );
    expect(again.counts).toMatchObject({ ADDED: 0, CHANGED: 0, DELETED: 0 });
    await restore(repository, createBankTarget(db), result.undo);
    expect(await content()).toBe(edited);
  });

  it("a restored question's version rises, and the bank's own rules are a restore's rules", async () => {
    const a = await snapshot();
    const first = (await bank.listQuestions({ first: 1 })).edges[0]!.node;
    await bank.updateQuestion(first.id, {
      sectionId: first.sectionId,
      type: first.type,
      prompt: "Changed",
      answers: first.answers.map((x) => ({ text: x.text, isCorrect: x.isCorrect })),
    });
    await restore(repository, createBankTarget(db), {
      backupId: a.id,
      scope: "QUESTIONS",
      questionIds: [first.id],
      mode: "REPLACE",
    });
    const restored = (await bank.getQuestion(first.id))!;
    expect(restored.prompt).toBe(first.prompt);
    expect(restored.version).toBe(3);
    const target = createBankTarget(db);
    expect(
      target.checkQuestion({
        ...restored,
        tags: restored.tags,
        answers: restored.answers.map((x) => ({ ...x, isCorrect: true })),
      }),
    ).toEqual([expect.objectContaining({ field: "answers" })]);
  });

  it.each([
    "deleteQuestions",
    "deleteSections",
    "parkQuestions",
    "putQuestions",
    "putEncodedQuestions",
  ] as const)("a failure in %s rolls back: every row byte-for-byte as before", async (method) => {
    const a = await snapshot();
    await edit();
    await dropSection();
    const before = await rows();
    const real = createBankTarget(db);
    const failing: BankTarget = {
      ...real,
      transaction: (work) =>
        real.transaction((tx) =>
          work({
            ...tx,
            [method]: async (...args: never[]) => {
              await (tx[method]! as (...a: never[]) => Promise<void>)(...args);
              throw new Error(`injected failure after ${method}`);
            },
          }),
        ),
    };
    await expect(
      restore(repository, failing, { backupId: a.id, scope: "FULL", mode: "REPLACE" }),
    ).rejects.toThrow("injected");
    expect(await rows()).toBe(before);
  });

  it("cancelled mid-apply, the bank is byte-for-byte as before", async () => {
    const a = await snapshot();
    await edit();
    const before = await rows();
    const controller = new AbortController();
    await expect(
      restore(
        repository,
        createBankTarget(db),
        { backupId: a.id, scope: "FULL", mode: "REPLACE" },
        {
          signal: controller.signal,
          progress: (p) => p.phase === "applying" && p.done > 0 && controller.abort(),
        },
      ),
    ).rejects.toMatchObject({ code: "CANCELLED" });
    expect(await rows()).toBe(before);
  });
});

describe("verifying what a restore wrote", () => {
  /** The bank's target, its writes of questions changed: each prompt gets a mark the backup lacks. */
  const altering = (): BankTarget => {
    const target = createBankTarget(db);
    const decoder = new TextDecoder();
    const alter = (tx: BankTransaction): BankTransaction => ({
      ...tx,
      putQuestions: (questions) => tx.putQuestions(questions.map((q) => ({ ...q, prompt: `${q.prompt}!` }))),
      putEncodedQuestions: (questions) =>
        tx.putEncodedQuestions!(
          questions.map(({ id, bytes }) => {
            const record = JSON.parse(decoder.decode(bytes));
            return { id, bytes: encodeQuestion({ ...record, prompt: `${record.prompt}!` }) };
          }),
        ),
    });
    return { ...target, transaction: (work) => target.transaction((tx) => work(alter(tx))) };
  };

  it("refuses with INTEGRITY_ERROR, the bank as it was, whether questions were written whole or placed one by one", async () => {
    const first = await snapshot();
    await edit();
    // The edited sections' questions are placed one by one; a dropped section's come back whole.
    await dropSection();
    const before = await rows();
    await expect(
      restore(repository, altering(), { backupId: first.id, scope: "FULL", mode: "REPLACE" }),
    ).rejects.toMatchObject({ code: "INTEGRITY_ERROR" });
    expect(await rows()).toBe(before);
    // Unaltered, the same restore verifies and gives back the backup.
    await restore(repository, createBankTarget(db), { backupId: first.id, scope: "FULL", mode: "REPLACE" });
  });
});
