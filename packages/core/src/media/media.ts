/**
 * Media in the repository: the files questions name (audio first), stored by content.
 *
 * Terms: a media *file* is named by the SHA-256 of its bytes (its `sha256`, as the bank and the
 * API know it). It is split into content-defined *chunks* (FastCDC: 64 KiB to 1 MiB, about
 * 256 KiB), each a record of kind `c` named by its own SHA-256, stored once however many files,
 * questions or snapshots share it, alone in a frame and not compressed (audio is compressed
 * already). A *file record* (kind `f`, canonical JSON `{"bytes","chunks":[[digest, length]…],"sha256"}`)
 * lists a file's chunks in order and is named, as every record, by the SHA-256 of its own bytes.
 * A snapshot names its media through each section's *media listing*: a listing (FORMAT.md,
 * "Records") whose entries map a file's `sha256` to its file record's digest.
 *
 * Invariants: chunk boundaries depend on the content alone, so a file whose second half changed
 * shares its first half's chunks with the file before; a file is read back whole only after every
 * chunk's digest and the file's SHA-256 are checked, so damaged media is never handed out.
 */
import { type Codec, concatBytes, utf8 } from "../codec/codec.js";
import { isQvaultError, QvaultError } from "../errors/qvault-error.js";
import type { ListingRef } from "../repository/listing.js";
import type { SnapshotSection } from "../repository/manifest.js";
import type { ReadOptions } from "../repository/record-reader.js";

/** FastCDC's sizes for media chunks, in bytes. */
export const MEDIA_CHUNKS = { min: 64 * 1024, average: 256 * 1024, max: 1024 * 1024 } as const;

/** A file record: a media file's size, its chunks in order, and its SHA-256. */
export interface MediaFileRecord {
  bytes: number;
  chunks: [digest: string, length: number][];
  sha256: string;
}

/** What {@link storeMedia} stored of one file. */
export interface StoredMedia {
  sha256: string;
  bytes: number;
  /** The digest of its file record: the value of its entry in a media listing. */
  file: string;
}

/**
 * True for a path a media file may have under the bank's media folder: relative, `/`-separated,
 * without empty, `.` or `..` parts, backslashes or control characters, at most 500 characters.
 */
export function isSafeMediaPath(path: string): boolean {
  return (
    path.length > 0 &&
    path.length <= 500 &&
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
    !/[\\\u0000-\u001f\u007f]/.test(path) &&
    path.split("/").every((part) => part !== "" && part !== "." && part !== "..")
  );
}

/** The canonical bytes of a file record. */
export function encodeMediaFile(record: MediaFileRecord): Uint8Array {
  return utf8.encode(JSON.stringify({ bytes: record.bytes, chunks: record.chunks, sha256: record.sha256 }));
}

/** What reads media back: records by digest, each checked (a repository's or an archive's reader). */
export interface MediaReader {
  readBytes(digests: Iterable<string>, options?: ReadOptions): Promise<Map<string, Uint8Array>>;
}

/** Reads a file record. @throws INTEGRITY_ERROR when it is missing, damaged or not a file record. */
export async function readMediaFile(reader: MediaReader, file: string): Promise<MediaFileRecord> {
  const record = parseMediaFile((await reader.readBytes([file])).get(file)!);
  if (!record)
    throw new QvaultError("INTEGRITY_ERROR", `media file record ${file} is malformed`, { details: { file } });
  return record;
}

/** A file record's bytes as a record, or null when they are not one. */
function parseMediaFile(bytes: Uint8Array): MediaFileRecord | null {
  let record: MediaFileRecord;
  try {
    record = JSON.parse(utf8.decode(bytes)) as MediaFileRecord;
  } catch {
    return null;
  }
  const total = Array.isArray(record?.chunks)
    ? record.chunks.reduce((sum, c) => sum + (Array.isArray(c) ? Number(c[1]) : Number.NaN), 0)
    : Number.NaN;
  return typeof record?.sha256 === "string" && Number.isSafeInteger(record.bytes) && total === record.bytes
    ? record
    : null;
}

/**
 * Reads the file records `digests` name, in one pass where none is damaged; a missing or
 * damaged one is left out (`damaged` says which), not thrown.
 */
export async function readMediaFiles(
  reader: MediaReader,
  digests: Iterable<string>,
): Promise<{ files: Map<string, MediaFileRecord>; damaged: string[] }> {
  const wanted = [...new Set(digests)];
  const files = new Map<string, MediaFileRecord>();
  const damaged: string[] = [];
  try {
    const read = await reader.readBytes(wanted);
    for (const digest of wanted) {
      const record = parseMediaFile(read.get(digest)!);
      if (record) files.set(digest, record);
      else damaged.push(digest);
    }
    return { files, damaged };
  } catch (error) {
    if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
  }
  // One of them is missing or damaged: one by one (frames read above come from the reader's cache).
  for (const digest of wanted) {
    try {
      files.set(digest, await readMediaFile(reader, digest));
    } catch (error) {
      if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
      damaged.push(digest);
    }
  }
  return { files, damaged };
}

/**
 * Reads a media file back whole: its chunks, then the whole by its SHA-256, which covers every
 * chunk (the chunks' own digests are checked only when it does not match, to name the damage).
 * @throws INTEGRITY_ERROR when anything is missing or damaged.
 */
export async function readMedia(reader: MediaReader, codec: Codec, file: string): Promise<Uint8Array> {
  const record = await readMediaFile(reader, file);
  const digests = new Set(record.chunks.map(([digest]) => digest));
  const assemble = (found: Map<string, Uint8Array>) =>
    concatBytes(record.chunks.map(([digest]) => found.get(digest)!));
  const bytes = assemble(await reader.readBytes(digests, { chunksChecked: true }));
  if (bytes.length !== record.bytes || codec.sha256Hex(bytes) !== record.sha256) {
    // Read again with every chunk checked: a damaged one is named by the read.
    await reader.readBytes(digests);
    throw new QvaultError("INTEGRITY_ERROR", `media file ${record.sha256} does not match its SHA-256`, {
      details: { sha256: record.sha256, file },
    });
  }
  return bytes;
}

/** The media a section of a snapshot names, as {@link sectionMedia} reads it. */
export interface SectionMedia {
  /** The media listing's base and deltas. */
  listing: string[];
  /** Question id to its file record's digest. */
  entries: Map<string, string>;
  /** The file records read, by digest. */
  files: Map<string, MediaFileRecord>;
  /** File records that are missing or damaged. */
  damaged: string[];
}

/**
 * The media `section` names: its media listing, the file records it names and (through them)
 * their chunks. @throws INTEGRITY_ERROR when the listing cannot be read.
 */
export async function sectionMedia(
  repository: {
    readListing(ref: ListingRef): Promise<{ entries: Map<string, string> }>;
    records: MediaReader;
  },
  section: Pick<SnapshotSection, "media">,
  /** `whole`: every file record must be read; one missing or damaged throws INTEGRITY_ERROR. */
  options: { whole?: boolean } = {},
): Promise<SectionMedia> {
  if (!section.media) return { listing: [], entries: new Map(), files: new Map(), damaged: [] };
  const entries = (await repository.readListing(section.media)).entries;
  const { files, damaged } = await readMediaFiles(repository.records, entries.values());
  if (options.whole && damaged.length)
    throw new QvaultError("INTEGRITY_ERROR", `media file record ${damaged[0]} is missing or damaged`, {
      details: { damaged: damaged.slice(0, 20) },
    });
  return { listing: [section.media.base, ...section.media.deltas], entries, files, damaged };
}
