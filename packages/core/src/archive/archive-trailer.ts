/**
 * The archive's trailer: what it tells of its snapshot, its sections with their questions, and
 * where each frame and record lies; its shape, and the rules a reader holds it to (see
 * packages/core/FORMAT.md, "Trailer").
 */
import { z } from "zod";
import type { QvaultError } from "../errors/qvault-error.js";
import { RECORD_KINDS } from "../repository/format.js";
import { SCOPES, type Scope, type SnapshotStats, TRIGGERS, type Trigger } from "../repository/manifest.js";
import { plural } from "../text/plural.js";
import {
  ARCHIVE_HEADER,
  ARCHIVE_LIMITS,
  ARCHIVE_RECORD_KINDS,
  ARCHIVE_VERSION,
  type ArchiveRecordKind,
  archiveDamaged,
} from "./archive-format.js";

/** What an archive tells of its snapshot: the manifest's fields that mean something elsewhere. */
export interface ArchiveSnapshot {
  id: string;
  time: string;
  trigger: Trigger;
  scope: Scope;
  note: string | null;
  selection: { sectionIds: string[] | null; questionIds: string[] | null };
  stats: SnapshotStats;
  recordSchemaVersion: number;
  /** The id of the repository the snapshot was exported from. */
  repository: string;
}

export interface ArchiveSection {
  id: string;
  name: string;
  position: number;
  /** Digest of the section's own record. */
  record: string;
  complete: boolean;
  /** [question id, digest], sorted by id. */
  questions: [id: string, digest: string][];
  /**
   * [question id, digest of its audio's file record], sorted by id (archive format 2); absent
   * when none of the section's questions has audio in the archive.
   */
  media?: [id: string, file: string][];
}

export interface ArchiveTrailer {
  archive: number;
  /** SHA-256 of the header, in hex. */
  header: string;
  createdAt: string;
  snapshot: ArchiveSnapshot;
  sections: ArchiveSection[];
  frames: [offset: number, length: number, sha256: string][];
  records: [digest: string, kind: ArchiveRecordKind, frame: number, offset: number, length: number][];
}

/** A trailer that passed every check, with each record's place in `trailer.records` by digest. */
export interface CheckedTrailer {
  trailer: ArchiveTrailer;
  recordIndex: Map<string, number>;
}

const DIGEST = /^[0-9a-f]{64}$/;
const digest = z.string().regex(DIGEST);
const id = z.string().min(1).max(200);
const count = z.number().int().min(0);

/**
 * The trailer's small fields. The three lists that grow with the bank (`sections` with their
 * questions, `frames`, `records`) are checked by hand in {@link checkTrailer}, in the same pass as
 * the rules: zod spent about 0.6 s on them for 100,000 questions, twice what the rules take.
 */
const headSchema = z.object({
  archive: z.number().int().min(1).max(ARCHIVE_VERSION),
  header: digest,
  createdAt: z.string().max(40),
  snapshot: z.object({
    id,
    time: z.string().max(40),
    trigger: z.enum(TRIGGERS),
    scope: z.enum(SCOPES),
    note: z.string().max(10_000).nullable(),
    selection: z.object({ sectionIds: z.array(id).nullable(), questionIds: z.array(id).nullable() }),
    stats: z.object({
      sectionCount: count,
      questionCount: count,
      changedCount: count,
      addedBytes: count,
      addedRecords: count,
      logicalBytes: count,
      durationMs: count,
    }),
    recordSchemaVersion: z.number().int().min(1),
    repository: z.string().max(200),
  }),
}) satisfies z.ZodType<Omit<ArchiveTrailer, "sections" | "frames" | "records">>;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isDigest = (value: unknown): value is string => typeof value === "string" && DIGEST.test(value);
const isId = (value: unknown): value is string =>
  typeof value === "string" && value.length >= 1 && value.length <= 200;

const COUNT = "a whole number ≥ 0";

function shapeError(path: string, expected: string): QvaultError {
  return archiveDamaged(`trailer ${path}: expected ${expected}`);
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw shapeError(path, "an array");
  return value;
}

/**
 * Checks `value` (the trailer's parsed JSON) against the trailer's shape and rules (see FORMAT.md,
 * "Trailer"): frames tiling the file from the header to `framesEnd`, records inside frames and
 * limits, each named once and only by the sections, no question twice, counts matching. Unknown
 * fields are dropped, as zod would.
 * @throws INTEGRITY_ERROR naming the first problem found.
 */
export function checkTrailer(value: unknown, framesEnd: number): CheckedTrailer {
  const head = headSchema.safeParse(value);
  if (!head.success) {
    const issue = head.error.issues[0]!;
    throw archiveDamaged(`trailer ${issue.path.join(".")}: ${issue.message}`);
  }
  const body = value as Record<string, unknown>;

  const frames = list(body.frames, "frames") as ArchiveTrailer["frames"];
  let expected = ARCHIVE_HEADER;
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i];
    if (!Array.isArray(frame) || frame.length !== 3) throw shapeError(`frames.${i}`, "an array of 3");
    const [offset, length, hash] = frame;
    if (!isCount(offset)) throw shapeError(`frames.${i}.0`, COUNT);
    if (!isCount(length)) throw shapeError(`frames.${i}.1`, COUNT);
    if (!isDigest(hash)) throw shapeError(`frames.${i}.2`, "a SHA-256 in hex");
    if (
      offset !== expected ||
      length === 0 ||
      length > ARCHIVE_LIMITS.frameMaxBytes + ARCHIVE_LIMITS.sealSlack
    )
      throw archiveDamaged("its frames do not tile the file");
    expected += length;
  }
  if (expected !== framesEnd) throw archiveDamaged("its frames do not tile the file");

  const records = list(body.records, "records") as ArchiveTrailer["records"];
  const recordIndex = new Map<string, number>();
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (!Array.isArray(record) || record.length !== 5) throw shapeError(`records.${i}`, "an array of 5");
    const [digest, kind, frame, offset, length] = record;
    if (!isDigest(digest)) throw shapeError(`records.${i}.0`, "a digest");
    if (!ARCHIVE_RECORD_KINDS.includes(kind as ArchiveRecordKind))
      throw shapeError(`records.${i}.1`, `one of ${ARCHIVE_RECORD_KINDS.join(", ")}`);
    if (!isCount(frame)) throw shapeError(`records.${i}.2`, COUNT);
    if (!isCount(offset)) throw shapeError(`records.${i}.3`, COUNT);
    if (!isCount(length)) throw shapeError(`records.${i}.4`, COUNT);
    if (frame >= frames.length) throw archiveDamaged(`record ${digest} lies in no frame`);
    if (length > ARCHIVE_LIMITS.recordBytes || offset + length > ARCHIVE_LIMITS.frameMaxBytes)
      throw archiveDamaged(`record ${digest} is larger than the format allows`);
    if (recordIndex.has(digest)) throw archiveDamaged(`record ${digest} is listed twice`);
    recordIndex.set(digest, i);
  }

  const named = new Uint8Array(records.length);
  let namedCount = 0;
  /** Marks `digest` named; false when no record of `kind` has it. */
  const name = (digest: unknown, kind: ArchiveRecordKind): boolean => {
    const index = typeof digest === "string" ? recordIndex.get(digest) : undefined;
    if (index === undefined || records[index]![1] !== kind) return false;
    if (!named[index]) namedCount++;
    named[index] = 1;
    return true;
  };
  const sections: ArchiveSection[] = [];
  const sectionIds = new Set<string>();
  const questionIds = new Set<string>();
  const listed = list(body.sections, "sections");
  for (let i = 0; i < listed.length; i++) {
    const section = listed[i];
    const path = `sections.${i}`;
    if (!isObject(section)) throw shapeError(path, "an object");
    const { id, name: sectionName, position, record, complete } = section;
    if (!isId(id)) throw shapeError(`${path}.id`, "an id");
    if (typeof sectionName !== "string") throw shapeError(`${path}.name`, "a string");
    if (!isCount(position)) throw shapeError(`${path}.position`, COUNT);
    if (typeof complete !== "boolean") throw shapeError(`${path}.complete`, "a boolean");
    const questions = list(section.questions, `${path}.questions`) as ArchiveSection["questions"];
    if (sectionIds.has(id)) throw archiveDamaged(`section ${id} is listed twice`);
    sectionIds.add(id);
    // A digest found among the records passed the digest check there; only one not found is tested.
    if (!name(record, RECORD_KINDS.section)) {
      if (!isDigest(record)) throw shapeError(`${path}.record`, "a digest");
      throw archiveDamaged(`the record of section ${id} is missing`);
    }
    for (let j = 0; j < questions.length; j++) {
      const entry = questions[j];
      if (!Array.isArray(entry) || entry.length !== 2)
        throw shapeError(`${path}.questions.${j}`, "an array of 2");
      const [questionId, digest] = entry;
      if (!isId(questionId)) throw shapeError(`${path}.questions.${j}.0`, "an id");
      if (questionIds.has(questionId)) throw archiveDamaged(`question ${questionId} is listed twice`);
      questionIds.add(questionId);
      if (!name(digest, RECORD_KINDS.question)) {
        if (!isDigest(digest)) throw shapeError(`${path}.questions.${j}.1`, "a digest");
        throw archiveDamaged(`the record of question ${questionId} is missing`);
      }
    }
    const media =
      section.media === undefined
        ? undefined
        : (list(section.media, `${path}.media`) as ArchiveSection["media"])!;
    const own = new Set(questions.map(([questionId]) => questionId));
    for (let j = 0; j < (media?.length ?? 0); j++) {
      const entry = media![j];
      if (!Array.isArray(entry) || entry.length !== 2)
        throw shapeError(`${path}.media.${j}`, "an array of 2");
      const [questionId, file] = entry;
      if (!own.has(questionId))
        throw archiveDamaged(`media of question ${String(questionId)}, which section ${id} does not list`);
      if (!name(file, RECORD_KINDS.file)) {
        if (!isDigest(file)) throw shapeError(`${path}.media.${j}.1`, "a digest");
        throw archiveDamaged(`the audio file record of question ${questionId} is missing`);
      }
    }
    sections.push({
      id,
      name: sectionName,
      position,
      record: record as string,
      complete,
      questions,
      ...(media ? { media } : {}),
    });
  }
  if (
    head.data.archive < 2 &&
    records.some(([, kind]) => kind === RECORD_KINDS.chunk || kind === RECORD_KINDS.file)
  )
    throw archiveDamaged("media records in an archive of format 1");
  // Chunks are named by the file records, which are read to check them (verify-archive.ts).
  for (let i = 0; i < records.length; i++)
    if (records[i]![1] === RECORD_KINDS.chunk && !named[i]) {
      named[i] = 1;
      namedCount++;
    }
  if (namedCount !== records.length)
    throw archiveDamaged(`${plural(records.length - namedCount, "record")} named by no section`);
  const { stats } = head.data.snapshot;
  if (stats.sectionCount !== sectionIds.size || stats.questionCount !== questionIds.size)
    throw archiveDamaged("its counts do not match its sections");
  return { trailer: { ...head.data, sections, frames, records }, recordIndex };
}
