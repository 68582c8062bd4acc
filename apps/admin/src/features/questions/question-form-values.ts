/**
 * The editor's form values and their two conversions: from a loaded question, and to the
 * `QuestionInput` that updateQuestion replaces the question with. The answers keep their list
 * order, so the server's `answers.N.text` names the form's N-th answer row.
 */
import type { QuestionInput, QuestionType } from "../../gql/graphql";
import { QUESTION_TYPES } from "../../lib/question-types";

export interface AnswerFormValue {
  /** React key only; answers are replaced as a list on save. */
  key: string;
  text: string;
  isCorrect: boolean;
}

export interface QuestionFormValues {
  sectionId: string;
  type: QuestionType;
  prompt: string;
  explanation: string;
  /** "1".."5", or null for no difficulty (Select values are strings). */
  difficulty: string | null;
  tags: string[];
  audioPath: string;
  answers: AnswerFormValue[];
}

export interface LoadedQuestion {
  type: QuestionType;
  prompt: string;
  explanation: string | null;
  difficulty: number | null;
  tags: string[];
  audioPath: string | null;
  position: number;
  section: { id: string };
  answers: { id: string; text: string; isCorrect: boolean; position: number }[];
}

let keys = 0;
/** A fresh answer row. */
export function newAnswer(isCorrect = false): AnswerFormValue {
  keys += 1;
  return { key: `new-${keys}`, text: "", isCorrect };
}

export function toFormValues(question: LoadedQuestion): QuestionFormValues {
  return {
    sectionId: question.section.id,
    type: question.type,
    prompt: question.prompt,
    explanation: question.explanation ?? "",
    difficulty: question.difficulty == null ? null : String(question.difficulty),
    tags: [...question.tags],
    audioPath: question.audioPath ?? "",
    answers: [...question.answers]
      .sort((a, b) => a.position - b.position)
      .map((answer) => ({ key: answer.id, text: answer.text, isCorrect: answer.isCorrect })),
  };
}

/** The message an answer gets when an earlier answer has the same text. */
export function duplicateMessage(earlier: number): string {
  return `Same as answer ${earlier + 1}: each answer must differ`;
}

/**
 * An error for each answer whose text repeats an earlier answer's (ignoring case and the spaces
 * around it), keyed by the form path of its text (`answers.2.text`). Empty texts are left to
 * the server's own rule.
 */
export function duplicateAnswerErrors(answers: readonly AnswerFormValue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const first = new Map<string, number>();
  answers.forEach((answer, index) => {
    const text = answer.text.trim().toLocaleLowerCase();
    if (!text) return;
    const earlier = first.get(text);
    if (earlier === undefined) first.set(text, index);
    else errors[`answers.${index}.text`] = duplicateMessage(earlier);
  });
  return errors;
}

/**
 * The full input for updateQuestion. The question keeps its position inside its own section
 * and is appended at the end of another one it moves to.
 */
export function toQuestionInput(values: QuestionFormValues, original: LoadedQuestion): QuestionInput {
  const everyAnswerCorrect = QUESTION_TYPES[values.type].correct === "all";
  return {
    sectionId: values.sectionId,
    type: values.type,
    prompt: values.prompt,
    explanation: values.explanation.trim() === "" ? null : values.explanation,
    difficulty: values.difficulty === null ? null : Number(values.difficulty),
    tags: values.tags,
    audioPath: values.audioPath.trim() === "" ? null : values.audioPath.trim(),
    position: values.sectionId === original.section.id ? original.position : null,
    answers: values.answers.map((answer, index) => ({
      text: answer.text,
      isCorrect: everyAnswerCorrect || answer.isCorrect,
      position: index,
    })),
  };
}

/** Form fields the editor shows errors on; an `issues` field maps to one of them or to none. */
export function formFieldOf(serverField: string): string | null {
  if (/^answers\.\d+\.text$/.test(serverField)) return serverField;
  const top = serverField.split(".")[0] ?? "";
  if (
    ["sectionId", "type", "prompt", "explanation", "difficulty", "tags", "audioPath", "answers"].includes(top)
  )
    return top;
  return null;
}
