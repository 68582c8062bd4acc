/**
 * The schema of records as stored, checked before a record is restored, and the upgrades that
 * bring records of older record-schema versions to the current one. A record of a newer version
 * than this code knows is refused.
 */
import { z } from "zod";
import { QUESTION_TYPES, type QuestionRecord, RECORD_SCHEMA_VERSION, type SectionRecord } from "./record.js";

const id = z.string().min(1).max(200);
const position = z.number().int().min(0);

export const sectionRecordSchema = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  position,
});

export const questionRecordSchema = z.object({
  id,
  sectionId: id,
  type: z.enum(QUESTION_TYPES),
  prompt: z.string(),
  explanation: z.string().nullable(),
  difficulty: z.number().int().nullable(),
  tags: z.array(z.string()),
  audioPath: z.string().nullable(),
  audio: z
    .object({
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int().min(0),
      mimeType: z.string().min(1).max(100),
      durationMs: z.number().int().min(0).nullable(),
    })
    .nullable()
    .optional(),
  position,
  answers: z.array(z.object({ id, text: z.string(), isCorrect: z.boolean(), position })),
});

/** Upgraders by the version they upgrade from: `UPGRADES[v]` turns a version-v record into v+1. */
const UPGRADES: Record<number, { section?: (r: unknown) => unknown; question?: (r: unknown) => unknown }> = {
  // Version 2 only added the optional `audio`.
  1: { section: (r) => r, question: (r) => r },
};

export type RecordCheck<T> = { ok: true; record: T } | { ok: false; message: string };

function upgrade(kind: "section" | "question", value: unknown, version: number): RecordCheck<unknown> {
  if (version > RECORD_SCHEMA_VERSION)
    return {
      ok: false,
      message: `written with record schema ${version}; this qvault reads up to ${RECORD_SCHEMA_VERSION}`,
    };
  let current = value;
  for (let v = version; v < RECORD_SCHEMA_VERSION; v++) {
    const step = UPGRADES[v]?.[kind];
    if (!step) return { ok: false, message: `no upgrade from record schema ${v}` };
    current = step(current);
  }
  return { ok: true, record: current };
}

function checkWith<T>(
  schema: z.ZodType<T>,
  kind: "section" | "question",
  value: unknown,
  version: number,
): RecordCheck<T> {
  const upgraded = upgrade(kind, value, version);
  if (!upgraded.ok) return upgraded;
  const result = schema.safeParse(upgraded.record);
  if (result.success) return { ok: true, record: result.data };
  const issue = result.error.issues[0]!;
  return { ok: false, message: `${issue.path.join(".") || kind}: ${issue.message}` };
}

/** Upgrades a stored section record of `version` and checks its shape. */
export function checkSectionRecord(value: unknown, version: number): RecordCheck<SectionRecord> {
  return checkWith(sectionRecordSchema, "section", value, version);
}

/** Upgrades a stored question record of `version` and checks its shape. */
export function checkQuestionRecord(value: unknown, version: number): RecordCheck<QuestionRecord> {
  return checkWith(questionRecordSchema as z.ZodType<QuestionRecord>, "question", value, version);
}
