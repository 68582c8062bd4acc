/**
 * Record reading: records by digest, through the index, from the frames of packs.
 *
 * Terms: a *frame* is a sealed run of records in a pack (brotli, then AES-256-GCM when the
 * repository is encrypted); a record lies at an offset of its frame's decompressed bytes.
 *
 * Invariants: a frame's SHA-256 is checked before it is decrypted or decompressed, and each
 * record's digest after; a pack's header, footer and trailer checksum are checked the first time
 * it is read, so damage anywhere in it is refused, not only damage in the frames a read uses.
 * Each frame a read needs is read once. Decompressed frames are kept in a byte-bounded cache,
 * dropped whenever the index is read again from scratch.
 *
 * Not guaranteed: a record in no readable index file is not found, even if a pack holds it (a
 * cleanup adopts such packs). Reads take no lock: a pack removed by a cleanup while a read runs
 * fails that read with INTEGRITY_ERROR.
 */
import { equalBytes } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import { decodeRecord } from "../records/record.js";
import { type Storage, StorageError, storageFailed } from "../storage/storage.js";
import { plural } from "../text/plural.js";
import { RECORD_KINDS } from "./format.js";
import { FrameCache } from "./frame-cache.js";
import type { IndexFiles } from "./index-files.js";
import {
  checkPackFooter,
  checkPackHeader,
  type FrameRef,
  type FrameSealer,
  frameHashMatches,
  openFrame,
  PACK_FOOTER,
  PACK_HEADER,
  type PackRecord,
  type PackTrailer,
  readPackContents,
  readPackTrailer,
} from "./packs.js";
import type { RecordIndex } from "./record-index.js";

/** A whole pack checked: which frames and which records are intact. */
export interface PackScan {
  /** By frame position: the frame's hash matches and it decrypts and decompresses. */
  frames: boolean[];
  /** Every record the trailer lists, and whether its bytes match its digest. */
  records: (PackRecord & { intact: boolean })[];
}

/** Frames a read has in flight at once. */
const FRAMES_AT_ONCE = 4;

export interface RecordReader {
  /**
   * Reads records by digest, each frame once, checking every digest. @throws INTEGRITY_ERROR
   * naming what is damaged or missing.
   */
  readBytes(digests: Iterable<string>, options?: ReadOptions): Promise<Map<string, Uint8Array>>;
  /** {@link readBytes}, each record decoded from its JSON. */
  read<T>(digests: Iterable<string>): Promise<Map<string, T>>;
  /**
   * The decompressed bytes of a frame (a media chunk's frame, `chunk`, is not compressed).
   * @throws INTEGRITY_ERROR when its pack is missing or damaged.
   */
  readFrame(frame: FrameRef, chunk?: boolean, checkedByCaller?: boolean): Promise<Uint8Array>;
  /** A whole pack's stored bytes. @throws what the storage throws. */
  readPack(path: string): Promise<Uint8Array>;
  /** A pack's trailer, as stored. @throws INTEGRITY_ERROR */
  trailer(path: string, bytes: Uint8Array): Promise<PackTrailer>;
  /**
   * Checks every byte of a pack read whole: each frame's hash and sealing, each record's digest.
   * @throws INTEGRITY_ERROR when its header, footer or trailer is off (nothing in it can be trusted).
   */
  scanPack(path: string, bytes: Uint8Array): Promise<PackScan>;
}

export interface ReadOptions {
  /**
   * The caller checks what it reads of media chunks stored as they are (a media file's whole
   * SHA-256 covers every byte of its chunks), so their frames' hashes are not computed again here,
   * nor are the frames kept in the cache. A caller whose check fails reads again without it, to
   * learn which chunk is damaged.
   */
  chunksChecked?: boolean;
}

export interface RecordReaderOptions {
  storage: Storage;
  sealer: FrameSealer;
  index: IndexFiles;
  /** Bytes of decompressed frames kept. */
  cacheBytes: number;
}

/** A reader and the means to drop what it keeps (when the index is read again from scratch). */
export function createRecordReader(options: RecordReaderOptions): RecordReader & { reset(): void } {
  return new PackReader(options);
}

class PackReader implements RecordReader {
  private readonly frames: FrameCache;
  /** Packs whose header, footer and trailer were checked (or are being checked), by path. */
  private readonly checkedPacks = new Map<string, Promise<void>>();

  constructor(private readonly options: RecordReaderOptions) {
    this.frames = new FrameCache(options.cacheBytes);
  }

  reset(): void {
    this.frames.clear();
    this.checkedPacks.clear();
  }

  async readBytes(digests: Iterable<string>, options: ReadOptions = {}): Promise<Map<string, Uint8Array>> {
    const wanted = [...digests];
    // The index as last read serves a read that it locates whole (listing the index files for
    // each read would cost a listing per media file); a read it cannot serve, or that fails (a
    // cleanup since replaced packs), reads the index again and is tried once more.
    const current = this.options.index.current();
    if (current.files.size > 0 && wanted.every((digest) => current.get(digest) !== undefined))
      try {
        return await this.readFrom(current, wanted, options);
      } catch {
        // Read again below.
      }
    return this.readFrom(await this.options.index.load(), wanted, options);
  }

  private async readFrom(
    index: RecordIndex,
    digests: readonly string[],
    options: ReadOptions,
  ): Promise<Map<string, Uint8Array>> {
    const byFrame = new Map<
      string,
      { frame: FrameRef; wanted: { digest: string; offset: number; length: number }[]; chunk?: boolean }
    >();
    const missing: string[] = [];
    for (const digest of digests) {
      const location = index.get(digest);
      if (!location) {
        missing.push(digest);
        continue;
      }
      const key = frameKey(location.frame);
      let group = byFrame.get(key);
      if (!group) {
        group = { frame: location.frame, wanted: [] };
        byFrame.set(key, group);
      }
      group.wanted.push({ digest, offset: location.offset, length: location.length });
      if (location.kind === RECORD_KINDS.chunk) group.chunk = true;
    }
    if (missing.length) {
      const damaged = this.options.index.damaged().length;
      throw new QvaultError(
        "INTEGRITY_ERROR",
        `${plural(missing.length, "record")} missing from the repository's index${
          damaged
            ? ` (${plural(damaged, "index file")} unreadable: a cleanup (prune) rebuilds the index from the packs)`
            : ""
        }`,
        { details: { missing: missing.slice(0, 20) } },
      );
    }
    const out = new Map<string, Uint8Array>();
    const damaged: string[] = [];
    // A few frames at once: each is read, then decompressed on libuv's pool, so that several
    // cores decompress while the frames read before them are checked here.
    const groups = [...byFrame.values()];
    let next = 0;
    const reading = async () => {
      while (next < groups.length) {
        const { frame, wanted, chunk } = groups[next++]!;
        const raw = await this.readFrame(frame, chunk, options.chunksChecked);
        for (const { digest, offset, length } of wanted) {
          const bytes = raw.subarray(offset, offset + length);
          // A chunk stored as it is (not encrypted) is its whole frame, whose hash was just checked.
          const checked = chunk && offset === 0 && length === frame.length && frame.hash === digest;
          if (bytes.length !== length || (!checked && this.options.sealer.codec.sha256Hex(bytes) !== digest))
            damaged.push(digest);
          else out.set(digest, bytes);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(FRAMES_AT_ONCE, groups.length) }, reading));
    if (damaged.length)
      throw new QvaultError("INTEGRITY_ERROR", `${plural(damaged.length, "record")} with a wrong digest`, {
        details: { damaged: damaged.slice(0, 20) },
      });
    return out;
  }

  async read<T>(digests: Iterable<string>): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    for (const [digest, value] of await this.readBytes(digests)) out.set(digest, decodeRecord<T>(value));
    return out;
  }

  async readFrame(frame: FrameRef, chunk = false, checkedByCaller = false): Promise<Uint8Array> {
    const key = frameKey(frame);
    const cached = this.frames.get(key);
    if (cached) return cached;
    // A chunk stored as it is, which the caller checks as part of its whole file.
    const trusted = chunk && checkedByCaller && !this.options.sealer.key;
    const { storage, sealer } = this.options;
    let stored: Uint8Array;
    try {
      let checked = this.checkedPacks.get(frame.pack);
      if (!checked) {
        checked = this.checkEnvelope(frame.pack);
        this.checkedPacks.set(frame.pack, checked);
        // A failed check is made again by the next read, as before.
        checked.catch(() => this.checkedPacks.delete(frame.pack));
      }
      await checked;
      stored = await storage.readRange(frame.pack, frame.offset, frame.length);
    } catch (cause) {
      // The storage failing (a network, a store that throttles or is down) is not damage.
      if (storageFailed(cause)) throw cause;
      throw new QvaultError("INTEGRITY_ERROR", `pack ${frame.pack} cannot be read`, {
        cause,
        details: { path: frame.pack },
      });
    }
    if (trusted) return stored;
    if (!frameHashMatches(sealer.codec, stored, frame))
      throw new QvaultError("INTEGRITY_ERROR", `pack ${frame.pack} is damaged at byte ${frame.offset}`, {
        details: { path: frame.pack, offset: frame.offset },
      });
    const raw = await openFrame(sealer, stored, frame.pack, undefined, chunk);
    // A media chunk is read once per file written: keeping it would only push out listings' frames.
    if (!chunk) this.frames.set(key, raw);
    return raw;
  }

  readPack(path: string): Promise<Uint8Array> {
    return this.options.storage.read(path);
  }

  trailer(path: string, bytes: Uint8Array): Promise<PackTrailer> {
    return readPackTrailer(this.options.sealer, path, bytes);
  }

  async scanPack(path: string, bytes: Uint8Array): Promise<PackScan> {
    const { sealer } = this.options;
    const contents = await readPackContents(sealer, path, bytes);
    const chunks = new Set(contents.records.filter((r) => r.kind === RECORD_KINDS.chunk).map((r) => r.frame));
    const frames = await Promise.all(
      contents.frames.map(async (frame, i) => {
        const stored = bytes.subarray(frame.offset, frame.offset + frame.length);
        if (!frameHashMatches(sealer.codec, stored, frame)) return null;
        try {
          return await openFrame(sealer, stored, path, undefined, chunks.has(i));
        } catch {
          return null;
        }
      }),
    );
    return {
      frames: frames.map((frame) => frame !== null),
      records: contents.records.map((record) => {
        const frame = frames[record.frame];
        const intact =
          !!frame &&
          sealer.codec.sha256Hex(frame.subarray(record.offset, record.offset + record.length)) ===
            record.digest;
        return { ...record, intact };
      }),
    };
  }

  /**
   * Checks a pack's header, footer and trailer checksum the first time it is read, so that
   * damage anywhere in a pack is refused by reads, not only damage inside the frames they use.
   */
  private async checkEnvelope(path: string): Promise<void> {
    const { storage, sealer } = this.options;
    const size = await storage.size(path);
    if (size === null || size < PACK_HEADER + PACK_FOOTER)
      throw new StorageError("ENOENT", `pack ${path} is missing or truncated`, path);
    const header = await storage.readRange(path, 0, PACK_HEADER);
    const footer = await storage.readRange(path, size - PACK_FOOTER, PACK_FOOTER);
    const trailerLength = new DataView(footer.buffer, footer.byteOffset).getUint32(0, true);
    const expected = this.options.index.current().packs.get(path);
    const ok =
      (expected === undefined || expected === size) &&
      checkPackHeader(header, sealer.key !== null) &&
      checkPackFooter(footer) &&
      trailerLength <= size - PACK_HEADER - PACK_FOOTER &&
      equalBytes(
        sealer.codec.sha256(await storage.readRange(path, size - PACK_FOOTER - trailerLength, trailerLength)),
        footer.subarray(4, 36),
      );
    if (!ok) throw new StorageError("EBADPACK", `pack ${path} has a damaged header, footer or trailer`, path);
  }
}

const frameKey = (frame: FrameRef) => `${frame.pack}@${frame.offset}`;
