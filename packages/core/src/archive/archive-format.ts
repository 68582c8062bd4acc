/**
 * Archive files: one snapshot in one portable file (see packages/core/FORMAT.md, "Archive files",
 * the normative spec; archive format 1, versioned apart from the repository format).
 *
 *   header   "QVAR" | kind 'S' | version | flags (1 = encrypted) | 0 | scrypt N, r, p (u32) | salt (32) | 0 × 12
 *   frames   sealed frames of records, as in packs
 *   trailer  a sealed frame: the snapshot's metadata, its sections and questions, the frame and record index
 *   footer   trailer length (u32) | SHA-256(trailer) | SHA-256(every byte before this field) | "QVAR"
 *
 * This module holds the header and footer and their checks (the trailer is archive-trailer.ts);
 * it reads and writes no files.
 */
import type { ScryptParams } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import { LIMITS, RECORD_KINDS } from "../repository/format.js";

/**
 * The archive format version this code writes and reads up to. Version 2 added media (chunks and
 * file records, and each section's `media`); version 1 archives are read as they were.
 */
export const ARCHIVE_VERSION = 2;
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

/** Record kinds an archive holds (media chunks and file records from version 2). */
export const ARCHIVE_RECORD_KINDS = [
  RECORD_KINDS.section,
  RECORD_KINDS.question,
  RECORD_KINDS.chunk,
  RECORD_KINDS.file,
] as const;
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
