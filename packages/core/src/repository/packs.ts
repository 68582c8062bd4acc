/**
 * Packs: the files that hold records, grouped by section and date.
 *
 *   header  "QVPK" | format version | flags (1 = encrypted) | 0 | 0          (8 bytes)
 *   frames  each: brotli(records concatenated), then AES-256-GCM when encrypted; a media chunk
 *           is a frame alone, not compressed
 *   trailer a frame holding JSON { frames: [[offset, length, sha256]], records: [[digest, kind, frame, offset, length]] }
 *   footer  trailer length (u32 LE) | sha256(trailer) | "QVPK"                (40 bytes)
 *
 * Every byte is covered: frames by their SHA-256 (kept in the trailer and the index), the trailer
 * by the footer, the footer and header by their fixed shape. A pack is written whole, once.
 *
 * The trailer's JSON holds tuples ({@link PackTrailer}, as FORMAT.md specifies them); code reads
 * and writes them as named objects ({@link PackContents}) and converts only at the file's edge.
 */
import { type Codec, concatBytes, equalBytes, fromHex, toHex, utf8 } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import { FORMAT_VERSION, RECORD_KINDS, type RecordKind } from "./format.js";

const MAGIC = [0x51, 0x56, 0x50, 0x4b];
export const PACK_HEADER = 8;
export const PACK_FOOTER = 40;

/** Where a frame lies in a pack, and the SHA-256 of its stored bytes. */
export interface FrameRef {
  pack: string;
  offset: number;
  length: number;
  hash: string;
}

/** Where a record lies: in which frame, at which offset of the frame's decompressed bytes. */
export interface RecordLocation {
  frame: FrameRef;
  offset: number;
  length: number;
  kind: RecordKind;
}

/** A frame as a pack's trailer lists it: where it lies in the pack, and its SHA-256. */
export interface PackFrame {
  offset: number;
  length: number;
  hash: string;
}

/** A record as a pack's trailer lists it: in which frame (by position) and where in its decompressed bytes. */
export interface PackRecord {
  digest: string;
  kind: RecordKind;
  frame: number;
  offset: number;
  length: number;
}

/** What a pack holds, from its trailer (or an index file). */
export interface PackContents {
  frames: PackFrame[];
  records: PackRecord[];
}

/** The trailer's JSON as stored (FORMAT.md, "Packs"). */
export interface PackTrailer {
  frames: [offset: number, length: number, hash: string][];
  records: [digest: string, kind: RecordKind, frame: number, offset: number, length: number][];
}

/** Names the tuples of a stored trailer (or of an index file's pack entry). */
export function fromTrailer(trailer: PackTrailer): PackContents {
  return {
    frames: trailer.frames.map(([offset, length, hash]) => ({ offset, length, hash })),
    records: trailer.records.map(([digest, kind, frame, offset, length]) => ({
      digest,
      kind,
      frame,
      offset,
      length,
    })),
  };
}

/** The stored form of {@link PackContents}. */
export function toTrailer(contents: PackContents): PackTrailer {
  return {
    frames: contents.frames.map((f) => [f.offset, f.length, f.hash]),
    records: contents.records.map((r) => [r.digest, r.kind, r.frame, r.offset, r.length]),
  };
}

export interface FrameSealer {
  codec: Codec;
  key: Uint8Array | null;
  quality: number;
}

/**
 * A frame's stored bytes: brotli, then AES-256-GCM when keyed. A media chunk's frame (`stored`:
 * already compressed, as audio is) skips brotli.
 */
export async function sealFrame(sealer: FrameSealer, raw: Uint8Array, stored = false): Promise<Uint8Array> {
  const compressed = stored ? raw : await sealer.codec.compress(raw, sealer.quality);
  return sealer.key ? sealer.codec.encrypt(sealer.key, compressed) : compressed;
}

/**
 * Decrypts (when keyed) and decompresses a frame's stored bytes; `maxBytes` bounds the output.
 * @throws INTEGRITY_ERROR naming `what` when either step fails.
 */
export async function openFrame(
  sealer: Omit<FrameSealer, "quality">,
  stored: Uint8Array,
  what: string,
  maxBytes?: number,
  /** A media chunk's frame: not compressed. */
  chunk = false,
): Promise<Uint8Array> {
  try {
    const compressed = sealer.key ? await sealer.codec.decrypt(sealer.key, stored) : stored;
    return chunk ? compressed : await sealer.codec.decompress(compressed, maxBytes);
  } catch (cause) {
    throw new QvaultError("INTEGRITY_ERROR", `${what} cannot be decrypted or decompressed`, {
      cause,
      details: { path: what },
    });
  }
}

/** Builds one pack in memory: records go into frames, frames are sealed as they fill. */
export class PackBuilder {
  private readonly frames: Promise<Uint8Array>[] = [];
  /** Frames whose stored bytes' SHA-256 is known already (a chunk stored as it is: its digest). */
  private readonly knownHashes = new Map<number, string>();
  private readonly records: PackRecord[] = [];
  private current: Uint8Array[] = [];
  private currentBytes = 0;
  private sealedBytes = 0;

  constructor(
    readonly path: string,
    private readonly sealer: FrameSealer,
    private readonly frameBytes: number,
  ) {}

  /** Bytes stored so far, estimated for frames still being sealed. */
  get size(): number {
    return PACK_HEADER + this.sealedBytes + this.currentBytes / 4;
  }

  get recordCount(): number {
    return this.records.length;
  }

  /**
   * Adds a record; returns the sealing work started when a frame filled, if any. A media chunk
   * is a frame of its own, stored without brotli.
   */
  add(digest: string, kind: RecordKind, bytes: Uint8Array): Promise<unknown> | null {
    if (kind === RECORD_KINDS.chunk) {
      this.closeFrame();
      if (!this.sealer.key) this.knownHashes.set(this.frames.length, digest);
      this.records.push({ digest, kind, frame: this.frames.length, offset: 0, length: bytes.length });
      return this.pushFrame(sealFrame(this.sealer, bytes, true));
    }
    this.records.push({
      digest,
      kind,
      frame: this.frames.length,
      offset: this.currentBytes,
      length: bytes.length,
    });
    this.current.push(bytes);
    this.currentBytes += bytes.length;
    return this.currentBytes >= this.frameBytes ? this.closeFrame() : null;
  }

  private closeFrame(): Promise<unknown> | null {
    if (this.current.length === 0) return null;
    const raw = concatBytes(this.current);
    this.current = [];
    this.currentBytes = 0;
    return this.pushFrame(sealFrame(this.sealer, raw));
  }

  private pushFrame(sealing: Promise<Uint8Array>): Promise<unknown> {
    const sealed = sealing.then((bytes) => {
      this.sealedBytes += bytes.length;
      return bytes;
    });
    this.frames.push(sealed);
    return sealed;
  }

  /** Seals what is left and lays out the whole pack. */
  async finish(): Promise<{ bytes: Uint8Array; contents: PackContents }> {
    this.closeFrame();
    const frames = await Promise.all(this.frames);
    const header = new Uint8Array([...MAGIC, FORMAT_VERSION, this.sealer.key ? 1 : 0, 0, 0]);
    let offset = PACK_HEADER;
    const contents: PackContents = {
      frames: frames.map((frame, i) => {
        const entry: PackFrame = {
          offset,
          length: frame.length,
          hash: this.knownHashes.get(i) ?? toHex(this.sealer.codec.sha256(frame)),
        };
        offset += frame.length;
        return entry;
      }),
      records: this.records,
    };
    const trailer = await sealFrame(this.sealer, utf8.encode(JSON.stringify(toTrailer(contents))));
    const footer = new Uint8Array(PACK_FOOTER);
    new DataView(footer.buffer).setUint32(0, trailer.length, true);
    footer.set(this.sealer.codec.sha256(trailer), 4);
    footer.set(MAGIC, 36);
    return { bytes: concatBytes([header, ...frames, trailer, footer]), contents };
  }
}

export function checkPackHeader(header: Uint8Array, encrypted: boolean): boolean {
  return (
    header.length === PACK_HEADER &&
    MAGIC.every((b, i) => header[i] === b) &&
    header[4] === FORMAT_VERSION &&
    header[5] === (encrypted ? 1 : 0) &&
    header[6] === 0 &&
    header[7] === 0
  );
}

export function checkPackFooter(footer: Uint8Array): boolean {
  return footer.length === PACK_FOOTER && MAGIC.every((b, i) => footer[36 + i] === b);
}

/**
 * Reads a whole pack's own description from its trailer, as stored (used to check packs and to
 * rebuild a lost index). @throws INTEGRITY_ERROR when the header, footer or trailer is off, or
 * the frames do not tile the pack.
 */
export async function readPackTrailer(
  sealer: Omit<FrameSealer, "quality">,
  path: string,
  bytes: Uint8Array,
): Promise<PackTrailer> {
  const bad = (why: string) =>
    new QvaultError("INTEGRITY_ERROR", `pack ${path} is damaged: ${why}`, { details: { path } });
  if (bytes.length < PACK_HEADER + PACK_FOOTER) throw bad("too short");
  if (!checkPackHeader(bytes.subarray(0, PACK_HEADER), sealer.key !== null)) throw bad("bad header");
  const footer = bytes.subarray(bytes.length - PACK_FOOTER);
  if (!checkPackFooter(footer)) throw bad("bad footer");
  const trailerLength = new DataView(footer.buffer, footer.byteOffset).getUint32(0, true);
  const trailerStart = bytes.length - PACK_FOOTER - trailerLength;
  if (trailerStart < PACK_HEADER) throw bad("bad trailer length");
  const trailer = bytes.subarray(trailerStart, bytes.length - PACK_FOOTER);
  if (!equalBytes(sealer.codec.sha256(trailer), footer.subarray(4, 36)))
    throw bad("trailer checksum mismatch");
  const stored = JSON.parse(utf8.decode(await openFrame(sealer, trailer, path))) as PackTrailer;
  let expected = PACK_HEADER;
  for (const [offset, length] of stored.frames) {
    if (offset !== expected) throw bad("frames do not tile the pack");
    expected += length;
  }
  if (expected !== trailerStart) throw bad("frames do not tile the pack");
  return stored;
}

/** {@link readPackTrailer}, named. */
export async function readPackContents(
  sealer: Omit<FrameSealer, "quality">,
  path: string,
  bytes: Uint8Array,
): Promise<PackContents> {
  return fromTrailer(await readPackTrailer(sealer, path, bytes));
}

export function frameHashMatches(codec: Codec, stored: Uint8Array, frame: { hash: string }): boolean {
  return equalBytes(codec.sha256(stored), fromHex(frame.hash));
}
