/**
 * The rules of the bank: what every section and question must satisfy before it is written,
 * by the API, a bulk import, or (later) a restore. A broken rule is a BAD_USER_INPUT error whose
 * `details.field` is the path of the offending field (`prompt`, `answers.2.text`).
 */
import { badInput, QUESTION_TYPES } from "@qvault/core";
import { z } from "zod";

export const LIMITS = {
  nameLength: 200,
  descriptionLength: 5_000,
  promptLength: 10_000,
  explanationLength: 20_000,
  answerLength: 2_000,
  answers: 20,
  tags: 20,
  tagLength: 50,
  audioPathLength: 500,
  position: 1_000_000_000,
  importQuestions: 5_000,
} as const;

/** Text of the bank holds no NUL character (U+0000): PostgreSQL cannot store one. */
const text = () =>
  z.string().refine((value) => !value.includes("\u0000"), "must not contain the NUL character (U+0000)");
const nonEmpty = (max: number) =>
  text().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);
const position = z
  .number()
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(LIMITS.position, `must be at most ${LIMITS.position}`);
const optionalText = (max: number) =>
  text()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((value) => (value ? value : null));

export const sectionSchema = z.object({
  name: nonEmpty(LIMITS.nameLength),
  description: optionalText(LIMITS.descriptionLength),
  position: position.nullish(),
});

const answerSchema = z.object({
  text: nonEmpty(LIMITS.answerLength),
  isCorrect: z.boolean(),
  position: position.nullish(),
});

export const questionSchema = z
  .object({
    sectionId: text().min(1, "must not be empty"),
    type: z.enum(QUESTION_TYPES),
    prompt: nonEmpty(LIMITS.promptLength),
    explanation: optionalText(LIMITS.explanationLength),
    difficulty: z.number().int("must be a whole number").min(1).max(5).nullish(),
    tags: z
      .array(nonEmpty(LIMITS.tagLength))
      .max(LIMITS.tags, `at most ${LIMITS.tags} tags`)
      .nullish()
      .transform((tags) => tags ?? []),
    audioPath: optionalText(LIMITS.audioPathLength).refine(
      (path) => path === null || !path.split(/[\\/]/).includes(".."),
      "must not contain '..'",
    ),
    position: position.nullish(),
    answers: z.array(answerSchema).max(LIMITS.answers, `at most ${LIMITS.answers} answers`),
  })
  .superRefine((question, ctx) => {
    const correct = question.answers.filter((answer) => answer.isCorrect).length;
    const count = question.answers.length;
    const problem = (() => {
      switch (question.type) {
        case "SINGLE_CHOICE":
          if (count < 2) return "a single-choice question needs at least 2 answers";
          if (correct !== 1)
            return `a single-choice question needs exactly one correct answer, not ${correct}`;
          return null;
        case "TRUE_FALSE":
          if (count !== 2) return "a true/false question needs exactly 2 answers";
          if (correct !== 1) return `a true/false question needs exactly one correct answer, not ${correct}`;
          return null;
        case "MULTIPLE_CHOICE":
          if (count < 2) return "a multiple-choice question needs at least 2 answers";
          if (correct < 1) return "a multiple-choice question needs at least one correct answer";
          return null;
        case "SHORT_ANSWER":
          if (count < 1) return "a short-answer question needs at least one accepted answer";
          if (correct !== count)
            return "every answer of a short-answer question is an accepted one (isCorrect)";
          return null;
      }
    })();
    if (problem) ctx.addIssue({ code: "custom", path: ["answers"], message: problem });
    const tags = new Set<string>();
    question.tags.forEach((tag, index) => {
      if (tags.has(tag))
        ctx.addIssue({ code: "custom", path: ["tags", index], message: `duplicate tag "${tag}"` });
      tags.add(tag);
    });
    const positions = new Set<number>();
    question.answers.forEach((answer, index) => {
      if (answer.position == null) return;
      if (positions.has(answer.position))
        ctx.addIssue({
          code: "custom",
          path: ["answers", index, "position"],
          message: `position ${answer.position} is used by another answer`,
        });
      positions.add(answer.position);
    });
  });

export type SectionInput = z.input<typeof sectionSchema>;
export type QuestionInput = z.input<typeof questionSchema>;
export type AnswerInput = z.input<typeof answerSchema>;
export type CheckedSection = z.output<typeof sectionSchema>;
export type CheckedQuestion = z.output<typeof questionSchema>;

/**
 * Checks `value` against `schema`, prefixing field paths with `prefix`.
 * @throws QvaultError BAD_USER_INPUT naming the first offending field; all issues in `details.issues`.
 */
export function check<S extends z.ZodType>(schema: S, value: unknown, prefix = ""): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    field: prefix + issue.path.join("."),
    message: issue.message,
  }));
  const first = issues[0] ?? { field: prefix || "input", message: "is invalid" };
  throw badInput(first.field, `${first.field}: ${first.message}`, { issues });
}
