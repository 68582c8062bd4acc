/**
 * Writing an archive of one snapshot as a stream of chunks: the header, each frame as soon as it
 * is sealed, then the trailer and the footer (see archive-format.ts). Records are read through the
 * repository's own read path, so each is checked against its digest on the way out.
 *
 * Memory holds one frame of records, one batch of reads and the trailer's index (about 150 bytes
 * per question), never the snapshot's records at once.
 * Not guaranteed: that the snapshot stays in the repository while it is written; if a cleanup
 * removes its data midway, the stream ends with INTEGRITY_ERROR and the partial file has no
 * footer, so readers refuse it.
 */
import { type Codec, concatBytes, type ScryptParams, toHex, utf8 } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { sectionMedia } from "../media/media.js";
import { RECORD_SCHEMA_VERSION } from "../records/record.js";
import { RECORD_KINDS } from "../repository/format.js";
import { sealFrame } from "../repository/packs.js";
import type { Repository } from "../repository/repository.js";
import {
  ARCHIVE_LIMITS,
  ARCHIVE_VERSION,
  type ArchiveKdf,
  type ArchiveRecordKind,
  encodeFooter,
  encodeHeader,
} from "./archive-format.js";
import type { ArchiveSection, ArchiveTrailer } from "./archive-trailer.js";

export interface WriteArchiveOptions extends WorkOptions {
  /** Encrypts the archive (AES-256-GCM) under a key derived from this passphrase. */
  passphrase?: string | null;
  /** Brotli quality, 0-11. @default the repository's */
  quality?: number;
  /** scrypt cost of the archive's key. @default { N: 32768, r: 8, p: 1 } */
  scrypt?: ScryptParams;
}

export const DEFAULT_ARCHIVE_SCRYPT: ScryptParams = { N: 32768, r: 8, p: 1 };

/** Records read from the repository per step. */
const READ_BATCH = 500;

/** Gathers records into frames and seals them, keeping the frame and record index. */
class FrameWriter {
  readonly frames: ArchiveTrailer["frames"] = [];
  readonly records: ArchiveTrailer["records"] = [];
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(private readonly sealer: { codec: Codec; key: Uint8Array | null; quality: number }) {}

  /** Adds a record; true when the frame is full and should be sealed. */
  add(digest: string, kind: ArchiveRecordKind, bytes: Uint8Array): boolean {
    if (bytes.length > ARCHIVE_LIMITS.recordBytes)
      throw new QvaultError("BAD_USER_INPUT", `record ${digest} is larger than an archive allows`, {
        details: { digest, bytes: bytes.length },
      });
    this.records.push([digest, kind, this.frames.length, this.pendingBytes, bytes.length]);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    return this.pendingBytes >= ARCHIVE_LIMITS.frameBytes;
  }

  /** Seals a media chunk alone in a frame starting at `offset`, not compressed (call {@link seal} first). */
  async sealChunk(digest: string, bytes: Uint8Array, offset: number): Promise<Uint8Array> {
    this.records.push([digest, RECORD_KINDS.chunk, this.frames.length, 0, bytes.length]);
    const stored = await sealFrame(this.sealer, bytes, true);
    this.frames.push([offset, stored.length, toHex(this.sealer.codec.sha256(stored))]);
    return stored;
  }

  /** Seals the records gathered so far into a frame starting at `offset`; null when none. */
  async seal(offset: number): Promise<Uint8Array | null> {
    if (this.pending.length === 0) return null;
    const raw = concatBytes(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const stored = await sealFrame(this.sealer, raw);
    this.frames.push([offset, stored.length, toHex(this.sealer.codec.sha256(stored))]);
    return stored;
  }
}

/**
 * Writes the archive of snapshot `snapshotId` as chunks, for a file or an HTTP response; the
 * first chunk (the header) comes once the snapshot is found and the key derived.
 * @throws NOT_FOUND for an unknown snapshot; BAD_USER_INPUT for a bad quality or scrypt cost;
 * INTEGRITY_ERROR when a record of the snapshot is damaged; CANCELLED when `signal` aborts.
 * Stopping the iteration early leaves an incomplete archive, which readers refuse.
 */
export async function* writeArchive(
  repository: Repository,
  snapshotId: string,
  options: WriteArchiveOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const manifest = await repository.getSnapshot(snapshotId);
  const codec = repository.codec;
  const progress = options.progress ?? ignoreProgress;
  const quality = options.quality ?? repository.quality;
  if (!Number.isInteger(quality) || quality < 0 || quality > 11)
    throw new QvaultError("BAD_USER_INPUT", "quality must be 0 to 11", { details: { field: "quality" } });
  let kdf: ArchiveKdf | null = null;
  let key: Uint8Array | null = null;
  if (options.passphrase) {
    kdf = { ...(options.scrypt ?? DEFAULT_ARCHIVE_SCRYPT), salt: codec.randomBytes(32) };
    encodeHeader(kdf); // refuses out-of-range parameters before the slow derivation
    key = await codec.deriveKey(options.passphrase, kdf.salt, kdf);
  }
  const header = encodeHeader(kdf);
  const fileHash = codec.createSha256();
  let offset = 0;
  const emit = (bytes: Uint8Array): Uint8Array => {
    fileHash.update(bytes);
    offset += bytes.length;
    return bytes;
  };
  yield emit(header);

  const frames = new FrameWriter({ codec, key, quality });
  const sections: ArchiveSection[] = [];
  const written = new Set<string>();
  const total = manifest.sections.length + manifest.stats.questionCount;
  const ordered = [...manifest.sections].sort((a, b) => a.position - b.position);
  for (const section of ordered) {
    throwIfCancelled(options.signal);
    const listing = await repository.readListing(section.listing);
    const questions = [...listing.entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const media = await sectionMedia(repository, section, { whole: true });
    sections.push({
      id: section.id,
      name: section.name,
      position: section.position,
      record: section.record,
      complete: section.complete,
      questions,
      ...(media.entries.size
        ? { media: [...media.entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)) }
        : {}),
    });
    const wanted: [string, ArchiveRecordKind][] = [];
    for (const [digest, kind] of [
      [section.record, RECORD_KINDS.section] as const,
      ...questions.map(([, digest]) => [digest, RECORD_KINDS.question] as const),
    ]) {
      if (written.has(digest)) continue;
      written.add(digest);
      wanted.push([digest, kind]);
    }
    // Read in the order the records lie in the repository: each frame is decompressed once.
    const stored = await repository.inStorageOrder(wanted, ([digest]) => digest);
    for (let i = 0; i < stored.length; i += READ_BATCH) {
      throwIfCancelled(options.signal);
      const batch = stored.slice(i, i + READ_BATCH);
      const bytes = await repository.readRecordBytes(batch.map(([digest]) => digest));
      for (const [digest, kind] of batch) {
        if (!frames.add(digest, kind, bytes.get(digest)!)) continue;
        const frame = await frames.seal(offset);
        if (frame) yield emit(frame);
      }
      progress({ phase: "archiving", done: frames.records.length, total, bytes: offset });
    }
    // Media: each file's chunks, a frame each, then its file record.
    for (const [file, record] of media.files) {
      if (written.has(file)) continue;
      written.add(file);
      for (const [chunk] of record.chunks) {
        if (written.has(chunk)) continue;
        written.add(chunk);
        throwIfCancelled(options.signal);
        const pending = await frames.seal(offset);
        if (pending) yield emit(pending);
        const bytes = (await repository.readRecordBytes([chunk])).get(chunk)!;
        yield emit(await frames.sealChunk(chunk, bytes, offset));
      }
      const bytes = (await repository.readRecordBytes([file])).get(file)!;
      if (frames.add(file, RECORD_KINDS.file, bytes)) {
        const frame = await frames.seal(offset);
        if (frame) yield emit(frame);
      }
    }
  }
  const last = await frames.seal(offset);
  if (last) yield emit(last);
  throwIfCancelled(options.signal);

  const trailer: ArchiveTrailer = {
    archive: ARCHIVE_VERSION,
    header: toHex(codec.sha256(header)),
    createdAt: new Date().toISOString(),
    snapshot: {
      id: manifest.id,
      time: manifest.time,
      trigger: manifest.trigger,
      scope: manifest.scope,
      note: manifest.note,
      selection: manifest.selection,
      stats: manifest.stats,
      recordSchemaVersion: manifest.recordSchemaVersion ?? RECORD_SCHEMA_VERSION,
      repository: repository.id,
    },
    sections,
    frames: frames.frames,
    records: frames.records,
  };
  const raw = utf8.encode(JSON.stringify(trailer));
  if (raw.length > ARCHIVE_LIMITS.trailerMaxBytes)
    throw new QvaultError("BAD_USER_INPUT", "The snapshot is too large for one archive", {
      details: { trailerBytes: raw.length },
    });
  const sealed = emit(await sealFrame({ codec, key, quality }, raw));
  yield sealed;
  const footer = encodeFooter(sealed.length, codec.sha256(sealed));
  fileHash.update(footer.subarray(0, 36));
  footer.set(fileHash.digest(), 36);
  offset += footer.length;
  progress({ phase: "archiving", done: frames.records.length, total, bytes: offset });
  yield footer;
}
