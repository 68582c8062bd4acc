/**
 * Archive files: one snapshot in one portable file (see packages/core/FORMAT.md, "Archive files",
 * the normative spec; archive format 1, versioned apart from the repository format).
 *
 *   header   "QVAR" | kind 'S' | version | flags (1 = encrypted) | 0 | scrypt N, r, p (u32) | salt (32) | 0 × 12
 *   frames   sealed frames of records, as in packs
 *   trailer  a sealed frame: the snapshot's metadata, its sections and questions, the frame and record index
 *   footer   trailer length (u32) | SHA-256(trailer) | SHA-256(every byte before this field) | "QVAR"
 *
 * This module holds the layout and its checks only; it reads and writes no files.
 */
import { z } from "zod";
import type { ScryptParams } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import { LIMITS, RECORD_KINDS } from "../repository/format.js";
import { SCOPES, type Scope, type SnapshotStats, TRIGGERS, type Trigger } from "../repository/manifest.js";

/** The archive format version this code writes and reads up to. */
export const ARCHIVE_VERSION = 1;
/** The file extension of archives. */
export const ARCHIVE_EXTENSION = ".qvar";
export const ARCHIVE_HEADER = 64;
export const ARCHIVE_FOOTER = 72;
/** The envelope's tail: the whole-file SHA-256 and the closing magic. */
export const ARCHIVE_TAIL = 36;

const MAGIC = [0x51, 0x56, 0x41, 0x52];
const KIND_SNAPSHOT = 0x53;
const FLAG_ENCRYPTED = 1;
const SALT = 32;

export const ARCHIVE_LIMITS = {
  /** Raw bytes gathered into one frame before it is sealed. */
  frameBytes: LIMITS.frameBytes,
  recordBytes: 16 * 1024 * 1024,
  /** Decompressed bytes of one frame. */
  frameMaxBytes: 32 * 1024 * 1024,
  /** Decompressed bytes of the trailer. */
  trailerMaxBytes: 256 * 1024 * 1024,
  /** What brotli and GCM may add to a frame's size, at most. */
  sealSlack: 1024 * 1024,
} as const;

/** Record kinds an archive holds. */
export const ARCHIVE_RECORD_KINDS = [RECORD_KINDS.section, RECORD_KINDS.question] as const;
export type ArchiveRecordKind = (typeof ARCHIVE_RECORD_KINDS)[number];

export interface ArchiveKdf extends ScryptParams {
  salt: Uint8Array;
}

export interface ArchiveHeader {
  version: number;
  encrypted: boolean;
  kdf: ArchiveKdf | null;
}

export function archiveDamaged(why: string, details: Record<string, unknown> = {}, cause?: unknown) {
  return new QvaultError("INTEGRITY_ERROR", `The archive is damaged: ${why}`, {
    details: { archive: true, ...details },
    cause,
  });
}

/** @throws BAD_USER_INPUT when `kdf` breaks the format's rules (see {@link checkKdf}). */
export function encodeHeader(kdf: ArchiveKdf | null): Uint8Array {
  const header = new Uint8Array(ARCHIVE_HEADER);
  header.set(MAGIC, 0);
  header[4] = KIND_SNAPSHOT;
  header[5] = ARCHIVE_VERSION;
  if (kdf) {
    const problem = checkKdf(kdf);
    if (problem)
      throw new QvaultError("BAD_USER_INPUT", `scrypt parameters: ${problem}`, {
        details: { field: "scrypt" },
      });
    header[6] = FLAG_ENCRYPTED;
    const view = new DataView(header.buffer);
    view.setUint32(8, kdf.N, true);
    view.setUint32(12, kdf.r, true);
    view.setUint32(16, kdf.p, true);
    header.set(kdf.salt, 20);
  }
  return header;
}

/** Why scrypt parameters break the format's rules, or null when they keep them. */
export function checkKdf(kdf: ArchiveKdf): string | null {
  const { N, r, p } = kdf;
  if (!Number.isInteger(N) || N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0)
    return "N must be a power of two from 2 to 2^20";
  if (!Number.isInteger(r) || r < 1 || r > 32) return "r must be from 1 to 32";
  if (!Number.isInteger(p) || p < 1 || p > 16) return "p must be from 1 to 16";
  if (128 * N * r > 512 * 1024 * 1024) return "128 · N · r must be at most 512 MiB";
  if (kdf.salt.length !== SALT) return `the salt must be ${SALT} bytes`;
  return null;
}

/** True when `bytes` starts with the archive's magic. */
export function startsWithMagic(bytes: Uint8Array): boolean {
  return MAGIC.every((byte, i) => bytes[i] === byte);
}

/** True when `bytes` ends with the archive's magic. */
export function endsWithMagic(bytes: Uint8Array): boolean {
  return MAGIC.every((byte, i) => bytes[bytes.length - 4 + i] === byte);
}

/**
 * Reads a header whose bytes the whole-file hash has already vouched for.
 * @throws UNSUPPORTED_VERSION for a newer version; INTEGRITY_ERROR for anything else out of rule.
 */
export function decodeHeader(header: Uint8Array): ArchiveHeader {
  const version = header[5]!;
  if (version > ARCHIVE_VERSION)
    throw new QvaultError(
      "UNSUPPORTED_VERSION",
      `The archive was written in archive format ${version}; this qvault reads up to ${ARCHIVE_VERSION}`,
      { details: { archive: true, version, supported: ARCHIVE_VERSION } },
    );
  if (version < 1) throw archiveDamaged(`unknown format version ${version}`);
  if (header[4] !== KIND_SNAPSHOT) throw archiveDamaged("not an archive of a snapshot");
  const flags = header[6]!;
  if ((flags & ~FLAG_ENCRYPTED) !== 0 || header[7] !== 0 || header.subarray(52).some((b) => b !== 0))
    throw archiveDamaged("unknown flags or reserved bytes set");
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const params = { N: view.getUint32(8, true), r: view.getUint32(12, true), p: view.getUint32(16, true) };
  const salt = header.slice(20, 20 + SALT);
  if (!(flags & FLAG_ENCRYPTED)) {
    if (params.N || params.r || params.p || salt.some((b) => b !== 0))
      throw archiveDamaged("key parameters in an archive that is not encrypted");
    return { version, encrypted: false, kdf: null };
  }
  const kdf = { ...params, salt };
  const problem = checkKdf(kdf);
  if (problem) throw archiveDamaged(`scrypt parameters out of range: ${problem}`);
  return { version, encrypted: true, kdf };
}

export function encodeFooter(trailerLength: number, trailerHash: Uint8Array): Uint8Array {
  const footer = new Uint8Array(ARCHIVE_FOOTER);
  new DataView(footer.buffer).setUint32(0, trailerLength, true);
  footer.set(trailerHash, 4);
  footer.set(MAGIC, 68);
  return footer;
}

export function decodeFooter(footer: Uint8Array): { trailerLength: number; trailerHash: Uint8Array } {
  return {
    trailerLength: new DataView(footer.buffer, footer.byteOffset, footer.byteLength).getUint32(0, true),
    trailerHash: footer.subarray(4, 36),
  };
}

// ---- the trailer ----

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
