/**
 * What switching a question's type does to its answers, said before it is done. Each type marks
 * its correct answers its own way (see `QUESTION_TYPES`): single choice and true/false exactly
 * one, multiple choice some, short answer every one; true/false has exactly two answers. A switch
 * that has to drop a mark, mark an answer, accept wrong answers or remove answers returns the
 * changes in words, for the editor to confirm; a switch that changes nothing returns none.
 *
 * Answers never change silently: `changes` lists every answer whose text or mark the switch
 * alters, by its number (1-based, as the editor labels them).
 */
import type { QuestionType } from "../../gql/graphql";
import { pluralWord } from "../../lib/plural";
import { QUESTION_TYPES } from "../../lib/question-types";
import { type AnswerFormValue, newAnswer } from "./question-form-values";

export interface TypeChange {
  answers: AnswerFormValue[];
  /** What happens to the answers, one sentence each; empty when nothing does. */
  changes: string[];
}

function numbers(indexes: number[]): string {
  const labels = indexes.map((index) => String(index + 1));
  const list =
    labels.length <= 1 ? labels.join("") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  return `${pluralWord(labels.length, "answer")} ${list}`;
}

function quoted(answer: AnswerFormValue): string {
  const text = answer.text.trim();
  return text ? `“${text.length > 40 ? `${text.slice(0, 40)}…` : text}”` : "(empty)";
}

/** The answers after switching to `type`, and what that changes (see the module's header). */
export function planTypeChange(type: QuestionType, answers: AnswerFormValue[]): TypeChange {
  const label = QUESTION_TYPES[type].label.toLowerCase();
  const correctness = QUESTION_TYPES[type].correct;
  const changes: string[] = [];
  let next = answers;

  if (type === "TRUE_FALSE" && answers.length !== 2) {
    if (answers.length > 2) {
      // Keep the (first) correct answer and the first other one.
      const correct = Math.max(
        0,
        answers.findIndex((answer) => answer.isCorrect),
      );
      const other = answers.findIndex((_, index) => index !== correct);
      const kept = [correct, other].sort((a, b) => a - b);
      const removed = answers.map((_, index) => index).filter((index) => !kept.includes(index));
      changes.push(
        `${numbers(removed)} (${removed.map((index) => quoted(answers[index]!)).join(", ")}) will be removed: a true / false question has exactly two answers.`,
      );
      next = kept.map((index) => answers[index]!);
    } else {
      const added = [...answers];
      for (const text of ["True", "False"].slice(answers.length)) added.push({ ...newAnswer(), text });
      changes.push(
        `${answers.length === 0 ? "Two answers, “True” and “False”, will be added" : "An answer “False” will be added"}: a true / false question has exactly two answers.`,
      );
      next = added;
    }
  }

  if (correctness === "one") {
    const correct = next
      .map((answer, index) => (answer.isCorrect ? index : -1))
      .filter((index) => index >= 0);
    const keep = correct[0] ?? 0;
    if (correct.length > 1)
      changes.push(
        `${numbers(correct.slice(1))} will no longer be marked correct: a ${label} question has one correct answer, and answer ${keep + 1} stays it.`,
      );
    else if (correct.length === 0 && next.length > 0)
      changes.push(
        `Answer ${keep + 1} will be marked correct: a ${label} question needs one correct answer.`,
      );
    next = next.map((answer, index) => ({ ...answer, isCorrect: index === keep }));
  } else if (correctness === "all") {
    const wrong = next.map((answer, index) => (answer.isCorrect ? -1 : index)).filter((index) => index >= 0);
    if (wrong.length > 0)
      changes.push(
        `${numbers(wrong)}, now marked wrong, will be accepted: a short-answer question accepts every answer listed.`,
      );
  }
  return {
    answers: next,
    changes: changes.map((change) => change.charAt(0).toUpperCase() + change.slice(1)),
  };
}
