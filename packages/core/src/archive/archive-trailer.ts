/**
 * The archive's trailer: what it tells of its snapshot, its sections with their questions, and
 * where each frame and record lies; its schema, and the rules a reader holds it to (see
 * packages/core/FORMAT.md, "Trailer").
 */
import { z } from "zod";
import { RECORD_KINDS } from "../repository/format.js";
import { SCOPES, type Scope, type SnapshotStats, TRIGGERS, type Trigger } from "../repository/manifest.js";
import {
  ARCHIVE_HEADER,
  ARCHIVE_LIMITS,
  ARCHIVE_RECORD_KINDS,
  ARCHIVE_VERSION,
  type ArchiveRecordKind,
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

const digest = z.string().regex(/^[0-9a-f]{64}$/);
const id = z.string().min(1).max(200);
const count = z.number().int().min(0);

export const trailerSchema = z.object({
  archive: z.literal(ARCHIVE_VERSION),
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
  sections: z.array(
    z.object({
      id,
      name: z.string(),
      position: count,
      record: digest,
      complete: z.boolean(),
      questions: z.array(z.tuple([id, digest])),
    }),
  ),
  frames: z.array(z.tuple([count, count, digest])),
  records: z.array(z.tuple([digest, z.enum(ARCHIVE_RECORD_KINDS), count, count, count])),
}) satisfies z.ZodType<ArchiveTrailer>;

/**
 * What breaks the trailer's own rules (see FORMAT.md, "Trailer"), or null: frames tiling the file
 * from the header to `framesEnd`, records inside frames and limits, each named once and only by
 * the sections, counts matching.
 */
export function trailerProblem(trailer: ArchiveTrailer, framesEnd: number): string | null {
  let expected = ARCHIVE_HEADER;
  for (const [offset, length] of trailer.frames) {
    if (
      offset !== expected ||
      length === 0 ||
      length > ARCHIVE_LIMITS.frameMaxBytes + ARCHIVE_LIMITS.sealSlack
    )
      return "its frames do not tile the file";
    expected += length;
  }
  if (expected !== framesEnd) return "its frames do not tile the file";
  const kinds = new Map<string, ArchiveRecordKind>();
  for (const [digest, kind, frame, offset, length] of trailer.records) {
    if (frame >= trailer.frames.length) return `record ${digest} lies in no frame`;
    if (length > ARCHIVE_LIMITS.recordBytes || offset + length > ARCHIVE_LIMITS.frameMaxBytes)
      return `record ${digest} is larger than the format allows`;
    if (kinds.has(digest)) return `record ${digest} is listed twice`;
    kinds.set(digest, kind);
  }
  const named = new Set<string>();
  const sectionIds = new Set<string>();
  const questionIds = new Set<string>();
  for (const section of trailer.sections) {
    if (sectionIds.has(section.id)) return `section ${section.id} is listed twice`;
    sectionIds.add(section.id);
    if (kinds.get(section.record) !== RECORD_KINDS.section)
      return `the record of section ${section.id} is missing`;
    named.add(section.record);
    for (const [id, digest] of section.questions) {
      if (questionIds.has(id)) return `question ${id} is listed twice`;
      questionIds.add(id);
      if (kinds.get(digest) !== RECORD_KINDS.question) return `the record of question ${id} is missing`;
      named.add(digest);
    }
  }
  if (named.size !== kinds.size) return `${kinds.size - named.size} record(s) are named by no section`;
  const { stats } = trailer.snapshot;
  if (stats.sectionCount !== sectionIds.size || stats.questionCount !== questionIds.size)
    return "its counts do not match its sections";
  return null;
}
