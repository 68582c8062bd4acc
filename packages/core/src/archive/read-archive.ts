/**
 * Reading an archive over random access (a file, a Blob, bytes in memory), in Node and in the
 * browser alike: this module reaches bytes only through {@link ArchiveSource} and transforms them
 * only through the {@link Codec} it is given.
 *
 * {@link openArchive} trusts nothing before it has hashed the whole file against its footer; it
 * then opens and checks the trailer. Reads check each frame's SHA-256 before decrypting or
 * decompressing it, and each record's digest after. Records are not checked against the record
 * schema here; {@link verifyArchive} does that for a whole archive.
 */
import { type Codec, equalBytes, toHex, utf8 } from "../codec/codec.js";
import { notFound, QvaultError } from "../errors/qvault-error.js";
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { decodeRecord, type QuestionRecord, type SectionRecord } from "../records/record.js";
import { FrameCache } from "../repository/frame-cache.js";
import { openFrame } from "../repository/packs.js";
import { type BrowsePage, type BrowseRequest, browseSections } from "../snapshot/read-snapshot.js";
import {
  ARCHIVE_FOOTER,
  ARCHIVE_HEADER,
  ARCHIVE_LIMITS,
  ARCHIVE_TAIL,
  type ArchiveHeader,
  type ArchiveRecordKind,
  type ArchiveSection,
  type ArchiveSnapshot,
  type ArchiveTrailer,
  archiveDamaged,
  decodeFooter,
  decodeHeader,
  endsWithMagic,
  startsWithMagic,
  trailerProblem,
  trailerSchema,
} from "./archive-format.js";

/** Random access to an archive's bytes. `read` must give exactly `length` bytes. */
export interface ArchiveSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** An archive held in memory as a source. */
export function bytesSource(bytes: Uint8Array): ArchiveSource {
  return {
    size: bytes.length,
    async read(offset, length) {
      return bytes.subarray(offset, offset + length);
    },
  };
}

export interface OpenArchiveOptions extends WorkOptions {
  codec: Codec;
  /** Needed for an encrypted archive; ignored for one that is not. */
  passphrase?: string | null;
  /** Bytes of decompressed frames kept for reads. @default 32 MiB */
  cacheBytes?: number;
}

/** A section as the archive lists it, without its questions. */
export type ArchiveSectionSummary = Omit<ArchiveSection, "questions"> & { count: number };

/** One record read from a frame; `bytes` is null when they do not match the digest. */
export interface ArchiveRecord {
  digest: string;
  kind: ArchiveRecordKind;
  bytes: Uint8Array | null;
}

const HASH_CHUNK = 1024 * 1024;

async function readExactly(source: ArchiveSource, offset: number, length: number): Promise<Uint8Array> {
  const bytes = await source.read(offset, length);
  if (bytes.length !== length) throw archiveDamaged("the file ended early or changed while being read");
  return bytes;
}

/**
 * Opens an archive: checks its envelope, hashes the whole file in one streaming pass, then reads
 * and checks its header and trailer.
 * @throws INTEGRITY_ERROR for a foreign, truncated or damaged file; UNSUPPORTED_VERSION for a
 * newer archive format; WRONG_PASSPHRASE when it is encrypted and the passphrase is missing or
 * wrong; CANCELLED when `signal` aborts.
 */
export async function openArchive(
  source: ArchiveSource,
  options: OpenArchiveOptions,
): Promise<ArchiveReader> {
  const { codec } = options;
  const progress = options.progress ?? ignoreProgress;
  const size = source.size;
  if (size < ARCHIVE_HEADER + ARCHIVE_FOOTER)
    throw archiveDamaged(
      size === 0 ? "the file is empty" : `${size} bytes are too few: not a qvault archive, or truncated`,
    );
  const head = await readExactly(source, 0, ARCHIVE_HEADER);
  const foot = await readExactly(source, size - ARCHIVE_FOOTER, ARCHIVE_FOOTER);
  if (!startsWithMagic(head)) throw archiveDamaged("not a qvault archive");
  if (!endsWithMagic(foot)) throw archiveDamaged("it is truncated (no closing magic)");

  const hasher = codec.createSha256();
  const end = size - ARCHIVE_TAIL;
  for (let at = 0; at < end; at += HASH_CHUNK) {
    throwIfCancelled(options.signal);
    const length = Math.min(HASH_CHUNK, end - at);
    hasher.update(await readExactly(source, at, length));
    progress({ phase: "verifying", done: at + length, total: end, bytes: at + length });
  }
  if (!equalBytes(hasher.digest(), foot.subarray(ARCHIVE_FOOTER - ARCHIVE_TAIL, ARCHIVE_FOOTER - 4)))
    throw archiveDamaged("its checksum does not match (a byte changed, or it is truncated)");

  const header = decodeHeader(head);
  const { trailerLength, trailerHash } = decodeFooter(foot);
  const trailerStart = size - ARCHIVE_FOOTER - trailerLength;
  if (
    trailerLength === 0 ||
    trailerStart < ARCHIVE_HEADER ||
    trailerLength > ARCHIVE_LIMITS.trailerMaxBytes + ARCHIVE_LIMITS.sealSlack
  )
    throw archiveDamaged("bad trailer length");
  const stored = await readExactly(source, trailerStart, trailerLength);
  if (!equalBytes(codec.sha256(stored), trailerHash)) throw archiveDamaged("trailer checksum mismatch");

  let key: Uint8Array | null = null;
  let sealed = stored;
  if (header.kdf) {
    if (!options.passphrase)
      throw new QvaultError("WRONG_PASSPHRASE", "The archive is encrypted: a passphrase is required", {
        details: { archive: true },
      });
    key = await codec.deriveKey(options.passphrase, header.kdf.salt, header.kdf);
    try {
      sealed = await codec.decrypt(key, stored);
    } catch {
      // The file's checksum holds, so a failed tag means a different key.
      throw new QvaultError("WRONG_PASSPHRASE", "The passphrase is wrong for this archive", {
        details: { archive: true },
      });
    }
  }
  const raw = await openFrame(
    { codec, key: null },
    sealed,
    "the archive's trailer",
    ARCHIVE_LIMITS.trailerMaxBytes,
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(raw));
  } catch (cause) {
    throw archiveDamaged("its trailer is not JSON", {}, cause);
  }
  const result = trailerSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw archiveDamaged(`trailer ${issue.path.join(".")}: ${issue.message}`);
  }
  const trailer = result.data as ArchiveTrailer;
  if (trailer.header !== toHex(codec.sha256(head)))
    throw archiveDamaged("the header does not match the trailer");
  const problem = trailerProblem(trailer, trailerStart);
  if (problem) throw archiveDamaged(problem);
  return new ArchiveReader(source, codec, key, header, trailer, options.cacheBytes ?? 32 * 1024 * 1024);
}

/** An opened archive: its snapshot, sections and questions, and checked reads of its records. */
export class ArchiveReader {
  readonly snapshot: ArchiveSnapshot;
  /** When the archive was written (ISO 8601). */
  readonly createdAt: string;
  /** In position order. */
  readonly sections: ArchiveSectionSummary[];
  private readonly bySection = new Map<string, ArchiveSection>();
  private readonly located = new Map<string, { frame: number; offset: number; length: number }>();
  /** Per frame: its records in order. */
  private readonly frameRecords: [
    digest: string,
    kind: ArchiveRecordKind,
    offset: number,
    length: number,
  ][][];
  private readonly cache: FrameCache;

  constructor(
    private readonly source: ArchiveSource,
    private readonly codec: Codec,
    private readonly key: Uint8Array | null,
    readonly header: ArchiveHeader,
    private readonly trailer: ArchiveTrailer,
    cacheBytes: number,
  ) {
    this.snapshot = trailer.snapshot;
    this.createdAt = trailer.createdAt;
    const ordered = [...trailer.sections].sort((a, b) => a.position - b.position);
    this.sections = ordered.map(({ questions, ...section }) => ({ ...section, count: questions.length }));
    for (const section of ordered) this.bySection.set(section.id, section);
    this.frameRecords = trailer.frames.map(() => []);
    for (const [digest, kind, frame, offset, length] of trailer.records) {
      this.located.set(digest, { frame, offset, length });
      this.frameRecords[frame]!.push([digest, kind, offset, length]);
    }
    this.cache = new FrameCache(cacheBytes);
  }

  get frameCount(): number {
    return this.trailer.frames.length;
  }

  get recordCount(): number {
    return this.trailer.records.length;
  }

  /** A section's questions as [question id, digest], sorted by id. @throws NOT_FOUND */
  questions(sectionId: string): readonly [id: string, digest: string][] {
    const section = this.bySection.get(sectionId);
    if (!section) throw notFound("Section", sectionId);
    return section.questions;
  }

  /** What frame `index` holds (digest, kind and length of each record), without reading it. */
  frameEntries(index: number): { digest: string; kind: ArchiveRecordKind; length: number }[] {
    return (this.frameRecords[index] ?? []).map(([digest, kind, , length]) => ({ digest, kind, length }));
  }

  /**
   * The records of frame `index`, in order, each checked against its digest.
   * @throws INTEGRITY_ERROR when the frame itself is damaged.
   */
  async readFrame(index: number): Promise<ArchiveRecord[]> {
    const raw = await this.frameBytes(index);
    return this.frameRecords[index]!.map(([digest, kind, offset, length]) => {
      const bytes = raw.subarray(offset, offset + length);
      const ok = bytes.length === length && this.codec.sha256Hex(bytes) === digest;
      return { digest, kind, bytes: ok ? bytes : null };
    });
  }

  /** Every record, frame by frame. @throws INTEGRITY_ERROR at the first damaged frame or record. */
  async *records(
    options: Pick<WorkOptions, "signal"> = {},
  ): AsyncGenerator<ArchiveRecord & { bytes: Uint8Array }> {
    for (let i = 0; i < this.frameCount; i++) {
      throwIfCancelled(options.signal);
      for (const record of await this.readFrame(i)) {
        if (!record.bytes) throw archiveDamaged(`record ${record.digest} does not match its digest`);
        yield record as ArchiveRecord & { bytes: Uint8Array };
      }
    }
  }

  /** Reads records by digest, each frame once. @throws NOT_FOUND for a digest the archive lacks; INTEGRITY_ERROR */
  async readRecordBytes(digests: Iterable<string>): Promise<Map<string, Uint8Array>> {
    const byFrame = new Map<number, string[]>();
    for (const digest of digests) {
      const location = this.located.get(digest);
      if (!location) throw notFound("Record", digest);
      const group = byFrame.get(location.frame) ?? [];
      group.push(digest);
      byFrame.set(location.frame, group);
    }
    const out = new Map<string, Uint8Array>();
    for (const [frame, wanted] of [...byFrame].sort((a, b) => a[0] - b[0])) {
      const raw = await this.frameBytes(frame);
      for (const digest of wanted) {
        const { offset, length } = this.located.get(digest)!;
        const bytes = raw.subarray(offset, offset + length);
        if (bytes.length !== length || this.codec.sha256Hex(bytes) !== digest)
          throw archiveDamaged(`record ${digest} does not match its digest`, { digest });
        out.set(digest, bytes);
      }
    }
    return out;
  }

  async readRecords<T>(digests: Iterable<string>): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    for (const [digest, bytes] of await this.readRecordBytes(digests))
      out.set(digest, decodeRecord<T>(bytes));
    return out;
  }

  /** A section's record and its questions in position order. @throws NOT_FOUND; INTEGRITY_ERROR */
  async readSection(sectionId: string): Promise<{
    section: SectionRecord;
    questions: QuestionRecord[];
    digests: Map<string, string>;
  }> {
    const listed = this.questions(sectionId);
    const summary = this.bySection.get(sectionId)!;
    const records = await this.readRecords<SectionRecord | QuestionRecord>([
      summary.record,
      ...listed.map(([, digest]) => digest),
    ]);
    const questions = listed.map(([, digest]) => records.get(digest) as QuestionRecord);
    questions.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
    return {
      section: records.get(summary.record) as SectionRecord,
      questions,
      digests: new Map(listed),
    };
  }

  /** A page of the archive's questions, optionally of one section or matching a search, as for snapshots. */
  browse(request: BrowseRequest): Promise<BrowsePage> {
    return browseSections(this.sections, (sectionId) => this.readSection(sectionId), request);
  }

  private async frameBytes(index: number): Promise<Uint8Array> {
    const cached = this.cache.get(String(index));
    if (cached) return cached;
    const frame = this.trailer.frames[index];
    if (!frame) throw notFound("Frame", String(index));
    const [offset, length, hash] = frame;
    const stored = await readExactly(this.source, offset, length);
    if (toHex(this.codec.sha256(stored)) !== hash)
      throw archiveDamaged(`frame ${index} does not match its checksum`, { frame: index });
    const raw = await openFrame(
      { codec: this.codec, key: this.key },
      stored,
      `frame ${index} of the archive`,
      ARCHIVE_LIMITS.frameMaxBytes,
    );
    this.cache.set(String(index), raw);
    return raw;
  }
}
