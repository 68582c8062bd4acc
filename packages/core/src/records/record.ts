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

/**
 * The version of the record schema; records of older versions are upgraded on read. Version 2
 * added a question's `audio`, present only when set: a version-1 record is a version-2 record.
 */
export const RECORD_SCHEMA_VERSION = 2;

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

/** A media file as a record names it: by its content. */
export interface MediaRef {
  /** SHA-256 of the file's bytes. */
  sha256: string;
  bytes: number;
  mimeType: string;
  /** Its length when played, when known. */
  durationMs: number | null;
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
  /** The audio file at `audioPath`, by content; absent or null when the bank holds none. */
  audio?: MediaRef | null;
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
      // Only when set, so that a question without audio has the bytes it had in version 1.
      ...(question.audio
        ? {
            audio: {
              bytes: question.audio.bytes,
              durationMs: question.audio.durationMs ?? null,
              mimeType: question.audio.mimeType,
              sha256: question.audio.sha256,
            },
          }
        : {}),
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
