/**
 * How the question types read in the admin, in the bank and in backups alike, and how each marks
 * its correct answers.
 */
import type { QuestionType } from "../gql/graphql";

export const QUESTION_TYPES = {
  SINGLE_CHOICE: { label: "Single choice", color: "blue", correct: "one" },
  MULTIPLE_CHOICE: { label: "Multiple choice", color: "violet", correct: "some" },
  TRUE_FALSE: { label: "True / false", color: "teal", correct: "one" },
  SHORT_ANSWER: { label: "Short answer", color: "orange", correct: "all" },
} as const satisfies Record<QuestionType, { label: string; color: string; correct: "one" | "some" | "all" }>;

/** How many answers a type marks correct: exactly one, at least one, or every one. */
export type Correctness = (typeof QUESTION_TYPES)[QuestionType]["correct"];

export const QUESTION_TYPE_OPTIONS = (Object.keys(QUESTION_TYPES) as QuestionType[]).map((value) => ({
  value,
  label: QUESTION_TYPES[value].label,
}));

export const DIFFICULTY_LABELS: Record<number, string> = {
  1: "1 · Easy",
  2: "2 · Fairly easy",
  3: "3 · Medium",
  4: "4 · Hard",
  5: "5 · Very hard",
};
