import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testDatabase } from "@qvault/test-server/database";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BankDatabase,
  createQuestionBank,
  openBankDatabase,
  QUESTION_TYPES,
  type QuestionBank,
} from "../src/index.js";

let dir: string;
let db: BankDatabase;
let bank: QuestionBank;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-bank-"));
  db = await openBankDatabase(testDatabase(dir));
  bank = createQuestionBank(db);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const text = (max: number) =>
  fc.string({ minLength: 1, maxLength: max, unit: "grapheme" }).filter((s) => s.trim() === s && s.length > 0);

/** Any question the rules accept. */
const validQuestion = fc
  .record({
    type: fc.constantFrom(...QUESTION_TYPES),
    prompt: text(300),
    explanation: fc.option(text(300), { nil: null }),
    difficulty: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
    tags: fc.uniqueArray(text(20), { maxLength: 5 }),
    texts: fc.array(text(80), { minLength: 2, maxLength: 6 }),
    correct: fc.nat(),
    extra: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  })
  .map(({ texts, correct, extra, ...q }) => {
    const answers =
      q.type === "TRUE_FALSE"
        ? texts.slice(0, 2).map((t, i) => ({ text: t, isCorrect: i === correct % 2 }))
        : q.type === "SHORT_ANSWER"
          ? texts.map((t) => ({ text: t, isCorrect: true }))
          : texts.map((t, i) => ({
              text: t,
              isCorrect: i === correct % texts.length || (q.type === "MULTIPLE_CHOICE" && extra[i]!),
            }));
    return { ...q, answers };
  });

describe("the question bank", () => {
  it("reads back every valid question exactly as written (property)", async () => {
    const section = await bank.createSection({ name: "Property" });
    await fc.assert(
      fc.asyncProperty(validQuestion, async (input) => {
        const created = await bank.createQuestion({ ...input, sectionId: section.id });
        const read = (await bank.getQuestion(created.id))!;
        expect({
          type: read.type,
          prompt: read.prompt,
          explanation: read.explanation,
          difficulty: read.difficulty,
          tags: read.tags,
          answers: read.answers.map((a) => ({ text: a.text, isCorrect: a.isCorrect })),
        }).toEqual(input);
        expect(read.answers.map((a) => a.position)).toEqual(input.answers.map((_, i) => i));
      }),
      { numRuns: 60 },
    );
  });

  it("refuses every question that breaks the correct-answer rules, writing nothing (property)", async () => {
    const section = await bank.createSection({ name: "Refusals" });
    await fc.assert(
      fc.asyncProperty(validQuestion, async (input) => {
        const broken = {
          ...input,
          sectionId: section.id,
          answers: input.answers.map((a) => ({
            ...a,
            isCorrect: false,
          })),
        };
        await expect(bank.createQuestion(broken)).rejects.toMatchObject({
          code: "BAD_USER_INPUT",
          details: { field: "answers" },
        });
      }),
      { numRuns: 40 },
    );
    expect((await bank.listQuestions({ sectionId: section.id })).totalCount).toBe(0);
  });

  it("moves a question to another section at the end of it, raising its version", async () => {
    const from = await bank.createSection({ name: "From" });
    const to = await bank.createSection({ name: "To" });
    const answers = [
      { text: "True", isCorrect: true },
      { text: "False", isCorrect: false },
    ];
    await bank.createQuestion({ sectionId: to.id, type: "TRUE_FALSE", prompt: "Already there", answers });
    const q = await bank.createQuestion({
      sectionId: from.id,
      type: "TRUE_FALSE",
      prompt: "Moving",
      answers,
    });
    const moved = await bank.updateQuestion(q.id, {
      sectionId: to.id,
      type: "TRUE_FALSE",
      prompt: "Moving",
      answers,
    });
    expect(moved).toMatchObject({ sectionId: to.id, position: 1, version: 2 });
  });
});
