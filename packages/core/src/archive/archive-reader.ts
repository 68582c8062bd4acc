/**
 * An opened archive (see read-archive.ts for how one is opened): its snapshot, its sections and
 * their questions, and reads of its records. Reads check each frame's SHA-256 before decrypting or
 * decompressing it, and each record's digest after; a few decompressed frames are cached.
 * Records are not checked against the record schema here (verify-archive.ts does that).
 *
 * Caching rule: a frame is checked against the trailer's SHA-256 every time it is read from the
 * source (only checked frames enter the cache), and a record against its digest the first time it
 * is read from such a frame; a record that matched is then trusted for the life of the reader,
 * since a frame whose stored bytes match decrypts and decompresses to the same bytes again. A
 * frame or record that failed is never remembered, so it is refused again on every touch.
 *
 * Not guaranteed: the bytes handed out are views into cached frames; a caller that changes them
 * changes what later reads return.
 */
import { type Codec, toHex } from "../codec/codec.js";
import { notFound } from "../errors/qvault-error.js";
import { throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { decodeRecord, type QuestionRecord, type SectionRecord } from "../records/record.js";
import { RECORD_KINDS } from "../repository/format.js";
import { FrameCache } from "../repository/frame-cache.js";
import { openFrame } from "../repository/packs.js";
import { type BrowsePage, type BrowseRequest, browseSections } from "../snapshot/read-snapshot.js";
import {
  ARCHIVE_LIMITS,
  type ArchiveHeader,
  type ArchiveRecordKind,
  archiveDamaged,
} from "./archive-format.js";
import type { ArchiveSection, ArchiveSnapshot, ArchiveTrailer, CheckedTrailer } from "./archive-trailer.js";

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

/** A section as the archive lists it, without its questions and their media. */
export type ArchiveSectionSummary = Omit<ArchiveSection, "questions" | "media"> & { count: number };

/** One record read from a frame; `bytes` is null when they do not match the digest. */
export interface ArchiveRecord {
  digest: string;
  kind: ArchiveRecordKind;
  bytes: Uint8Array | null;
}

/** Reads exactly `length` bytes. @throws INTEGRITY_ERROR when the source gives fewer. */
export async function readExactly(
  source: ArchiveSource,
  offset: number,
  length: number,
): Promise<Uint8Array> {
  const bytes = await source.read(offset, length);
  if (bytes.length !== length) throw archiveDamaged("the file ended early or changed while being read");
  return bytes;
}

/** An opened archive: its snapshot, sections and questions, and checked reads of its records. */
export class ArchiveReader {
  readonly snapshot: ArchiveSnapshot;
  /** When the archive was written (ISO 8601). */
  readonly createdAt: string;
  /** In position order. */
  readonly sections: ArchiveSectionSummary[];
  private readonly bySection = new Map<string, ArchiveSection>();
  private readonly trailer: ArchiveTrailer;
  /** Digest -> its index in `trailer.records`. */
  private readonly recordIndex: Map<string, number>;
  /** Record indices by frame: frame f holds `frameOrder[frameStart[f]]` up to `frameOrder[frameStart[f + 1]]`. */
  private readonly frameStart: Uint32Array;
  private readonly frameOrder: Uint32Array;
  /** By record index: 1 once the record's bytes have matched its digest (see the caching rule above). */
  private readonly verified: Uint8Array;
  private readonly cache: FrameCache;
  /** Frames being read, so that reads of one frame at the same time read and check it once. */
  private readonly loading = new Map<number, Promise<Uint8Array>>();

  constructor(
    private readonly source: ArchiveSource,
    readonly codec: Codec,
    private readonly key: Uint8Array | null,
    readonly header: ArchiveHeader,
    checked: CheckedTrailer,
    cacheBytes: number,
  ) {
    const { trailer } = checked;
    this.trailer = trailer;
    this.recordIndex = checked.recordIndex;
    this.snapshot = trailer.snapshot;
    this.createdAt = trailer.createdAt;
    const ordered = [...trailer.sections].sort((a, b) => a.position - b.position);
    this.sections = ordered.map(({ questions, media: _media, ...section }) => ({
      ...section,
      count: questions.length,
    }));
    for (const section of ordered) this.bySection.set(section.id, section);
    const { frames, records } = trailer;
    this.frameStart = new Uint32Array(frames.length + 1);
    for (const record of records) this.frameStart[record[2] + 1]!++;
    for (let f = 0; f < frames.length; f++) this.frameStart[f + 1]! += this.frameStart[f]!;
    this.frameOrder = new Uint32Array(records.length);
    const next = this.frameStart.slice(0, frames.length);
    for (let i = 0; i < records.length; i++) this.frameOrder[next[records[i]![2]]!++] = i;
    this.verified = new Uint8Array(records.length);
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

  /** A section's audio as [question id, digest of its file record], sorted by id. @throws NOT_FOUND */
  media(sectionId: string): readonly [id: string, file: string][] {
    const section = this.bySection.get(sectionId);
    if (!section) throw notFound("Section", sectionId);
    return section.media ?? [];
  }

  /** Reads records by digest, as media reads them (see core's `readMedia`). */
  readBytes(digests: Iterable<string>): Promise<Map<string, Uint8Array>> {
    return this.readRecordBytes(digests);
  }

  /** What frame `index` holds (digest, kind and length of each record), without reading it. */
  frameEntries(index: number): { digest: string; kind: ArchiveRecordKind; length: number }[] {
    return Array.from(this.inFrame(index), (i) => {
      const [digest, kind, , , length] = this.trailer.records[i]!;
      return { digest, kind, length };
    });
  }

  /**
   * The records of frame `index`, in order, each checked against its digest.
   * @throws INTEGRITY_ERROR when the frame itself is damaged.
   */
  async readFrame(index: number): Promise<ArchiveRecord[]> {
    const raw = await this.frameBytes(index);
    return Array.from(this.inFrame(index), (i) => {
      const [digest, kind] = this.trailer.records[i]!;
      return { digest, kind, bytes: this.recordBytes(raw, i) };
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
    const byFrame = new Map<number, number[]>();
    for (const digest of digests) {
      const index = this.recordIndex.get(digest);
      if (index === undefined) throw notFound("Record", digest);
      const frame = this.trailer.records[index]![2];
      const group = byFrame.get(frame);
      if (group) group.push(index);
      else byFrame.set(frame, [index]);
    }
    const out = new Map<string, Uint8Array>();
    for (const [frame, wanted] of [...byFrame].sort((a, b) => a[0] - b[0])) {
      const raw = await this.frameBytes(frame);
      for (const index of wanted) {
        const digest = this.trailer.records[index]![0];
        const bytes = this.recordBytes(raw, index);
        if (!bytes) throw archiveDamaged(`record ${digest} does not match its digest`, { digest });
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

  /** Indices of the records frame `index` holds, in the trailer's order. */
  private inFrame(index: number): Uint32Array {
    if (!(index >= 0 && index < this.frameCount)) return new Uint32Array(0);
    return this.frameOrder.subarray(this.frameStart[index], this.frameStart[index + 1]);
  }

  /** Record `index`'s bytes in its frame's `raw` bytes, or null when they do not match its digest. */
  private recordBytes(raw: Uint8Array, index: number): Uint8Array | null {
    const [digest, , , offset, length] = this.trailer.records[index]!;
    const bytes = raw.subarray(offset, offset + length);
    if (this.verified[index]) return bytes;
    if (bytes.length !== length || this.codec.sha256Hex(bytes) !== digest) return null;
    this.verified[index] = 1;
    return bytes;
  }

  /** Frame `index` decompressed: from the cache, or read and checked. @throws NOT_FOUND; INTEGRITY_ERROR */
  private frameBytes(index: number): Promise<Uint8Array> {
    const cached = this.cache.get(String(index));
    if (cached) return Promise.resolve(cached);
    let loading = this.loading.get(index);
    if (!loading) {
      loading = this.loadFrame(index).finally(() => this.loading.delete(index));
      this.loading.set(index, loading);
    }
    return loading;
  }

  private async loadFrame(index: number): Promise<Uint8Array> {
    const frame = this.trailer.frames[index];
    if (!frame) throw notFound("Frame", String(index));
    const [offset, length, hash] = frame;
    const stored = await readExactly(this.source, offset, length);
    if (toHex(this.codec.sha256(stored)) !== hash)
      throw archiveDamaged(`frame ${index} does not match its checksum`, { frame: index });
    // A media chunk is alone in its frame, which is not compressed.
    const [first] = this.inFrame(index);
    const chunk = first !== undefined && this.trailer.records[first]![1] === RECORD_KINDS.chunk;
    const raw = await openFrame(
      { codec: this.codec, key: this.key },
      stored,
      `frame ${index} of the archive`,
      ARCHIVE_LIMITS.frameMaxBytes,
      chunk,
    );
    this.cache.set(String(index), raw);
    return raw;
  }
}
