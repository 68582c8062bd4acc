/**
 * Records: what the repository stores of the bank, one per section and one per question (with
 * its answers). A record is serialized canonically (fixed key order, every optional field
 * present as null, answers in position order, no whitespace) and named by the SHA-256 of those
 * bytes, its *digest*: equal content has one digest and is stored once.
 *
 * Records hold content only. Bookkeeping the bank derives (version, timestamps) is not part of a
 * record, so an edit that is undone gives back the earlier digest.
 */
import { type Codec, utf8 } from "../codec/codec.js";

/** The kinds of question; the bank's rules on correct answers depend on it. Defined here only. */
export const QUESTION_TYPES = ["SINGLE_CHOICE", "MULTIPLE_CHOICE", "TRUE_FALSE", "SHORT_ANSWER"] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** The version of the record schema; records of older versions are upgraded on read. */
export const RECORD_SCHEMA_VERSION = 1;

export interface SectionRecord {
  id: string;
  name: string;
  description: string | null;
  position: number;
}

export interface AnswerRecord {
  id: string;
  text: string;
  isCorrect: boolean;
  position: number;
}

export interface QuestionRecord {
  id: string;
  sectionId: string;
  type: QuestionType;
  prompt: string;
  explanation: string | null;
  difficulty: number | null;
  tags: string[];
  audioPath: string | null;
  position: number;
  answers: AnswerRecord[];
}

/** The canonical bytes of a section record. */
export function encodeSection(section: SectionRecord): Uint8Array {
  return utf8.encode(
    JSON.stringify({
      description: section.description ?? null,
      id: section.id,
      name: section.name,
      position: section.position,
    }),
  );
}

/** The canonical bytes of a question record. */
export function encodeQuestion(question: QuestionRecord): Uint8Array {
  const answers = [...question.answers]
    .sort((a, b) => a.position - b.position)
    .map((answer) => ({
      id: answer.id,
      isCorrect: answer.isCorrect,
      position: answer.position,
      text: answer.text,
    }));
  return utf8.encode(
    JSON.stringify({
      answers,
      audioPath: question.audioPath ?? null,
      difficulty: question.difficulty ?? null,
      explanation: question.explanation ?? null,
      id: question.id,
      position: question.position,
      prompt: question.prompt,
      sectionId: question.sectionId,
      tags: [...question.tags],
      type: question.type,
    }),
  );
}

export function digestOf(codec: Codec, bytes: Uint8Array): string {
  return codec.sha256Hex(bytes);
}

export function decodeRecord<T>(bytes: Uint8Array): T {
  return JSON.parse(utf8.decode(bytes)) as T;
}
