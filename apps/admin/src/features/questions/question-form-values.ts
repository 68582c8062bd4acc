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

/**
 * The answers after switching to `type`: a one-correct type keeps only the first correct
 * answer (or marks the first one when none was); other types keep the marks as they are.
 */
export function answersForType(type: QuestionType, answers: AnswerFormValue[]): AnswerFormValue[] {
  if (QUESTION_TYPES[type].correct !== "one") return answers;
  const first = Math.max(
    0,
    answers.findIndex((answer) => answer.isCorrect),
  );
  return answers.map((answer, index) => ({ ...answer, isCorrect: index === first }));
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
