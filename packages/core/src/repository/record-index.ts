/**
 * The index: digest -> where the record lies (pack, frame, offset). Index files are sealed files
 * under `index/`, one written by each backup for the records it added; the in-memory index is
 * their union. A record in no index file does not exist for readers, so a pack whose index file
 * was never written (a crash) is unreferenced and cleanup removes it. A record named by two index
 * files is located by the newer one (files are added oldest first): a backup that stores again a
 * record whose pack was lost names the copy that exists.
 *
 * Index files are written in binary (FORMAT.md, "Index files": sealed version 2) and read in
 * either form; version 1 holds each pack's trailer tuples as JSON ({@link IndexFile}). A pack entry
 * is named in code ({@link IndexedPack}). In memory the index holds no object per record: digests
 * and locations lie in typed arrays behind an open-addressing table, so a million records take
 * tens of megabytes and loading an index file is a copy, not a parse.
 */
import { fromHex, toHex, utf8 } from "../codec/codec.js";
import { RECORD_KINDS, type RecordKind } from "./format.js";
import {
  type FrameRef,
  fromTrailer,
  type PackContents,
  type PackRecord,
  type PackTrailer,
  type RecordLocation,
  toTrailer,
} from "./packs.js";

/** A version 1 index file's JSON (FORMAT.md, "Index files"). */
export interface IndexFile {
  packs: ({ path: string; size: number } & PackTrailer)[];
}

/** One pack an index file names: its path, stored size and contents. */
export interface IndexedPack extends PackContents {
  path: string;
  size: number;
}

export function fromIndexFile(file: IndexFile): IndexedPack[] {
  return file.packs.map((pack) => ({ path: pack.path, size: pack.size, ...fromTrailer(pack) }));
}

export function toIndexFile(packs: readonly IndexedPack[]): IndexFile {
  return { packs: packs.map((pack) => ({ path: pack.path, size: pack.size, ...toTrailer(pack) })) };
}

// ---- the binary form (sealed version 2) ----

const DIGEST = 32;
const FRAME_BYTES = 4 + 4 + DIGEST;
const RECORD_BYTES = DIGEST + 1 + 4 + 4 + 4;

/** An index file's binary body: little-endian, packs in order (FORMAT.md, "Index files"). */
export function encodeIndexFile(packs: readonly IndexedPack[]): Uint8Array {
  const paths = packs.map((pack) => utf8.encode(pack.path));
  let length = 4;
  packs.forEach((pack, i) => {
    length += 4 + paths[i]!.length + 8 + 4 + pack.frames.length * FRAME_BYTES;
    length += 4 + pack.records.length * RECORD_BYTES;
  });
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  let at = 0;
  const u32 = (value: number) => {
    view.setUint32(at, value, true);
    at += 4;
  };
  const hex = (value: string) => {
    const bytes = fromHex(value);
    if (bytes.length !== DIGEST) throw new Error(`not a SHA-256 digest: ${value}`);
    out.set(bytes, at);
    at += DIGEST;
  };
  u32(packs.length);
  packs.forEach((pack, i) => {
    u32(paths[i]!.length);
    out.set(paths[i]!, at);
    at += paths[i]!.length;
    view.setBigUint64(at, BigInt(pack.size), true);
    at += 8;
    u32(pack.frames.length);
    for (const frame of pack.frames) {
      u32(frame.offset);
      u32(frame.length);
      hex(frame.hash);
    }
    u32(pack.records.length);
    for (const record of pack.records) {
      hex(record.digest);
      out[at++] = record.kind.charCodeAt(0);
      u32(record.frame);
      u32(record.offset);
      u32(record.length);
    }
  });
  return out;
}

/** Walks a binary index file, calling `onPack` for each pack and `onRecord` for each record. */
function walkIndexFile(
  bytes: Uint8Array,
  onPack: (path: string, size: number, frames: FrameRef[]) => void,
  onRecord: (at: number, kind: number, frame: number, offset: number, length: number) => void,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new Error("the index file ends early");
  };
  const u32 = () => {
    need(4);
    const value = view.getUint32(at, true);
    at += 4;
    return value;
  };
  const packCount = u32();
  for (let p = 0; p < packCount; p++) {
    const pathLength = u32();
    need(pathLength + 8);
    const path = utf8.decode(bytes.subarray(at, at + pathLength));
    at += pathLength;
    const size = Number(view.getBigUint64(at, true));
    at += 8;
    const frameCount = u32();
    need(frameCount * FRAME_BYTES);
    const frames: FrameRef[] = [];
    for (let f = 0; f < frameCount; f++) {
      const offset = u32();
      const length = u32();
      frames.push({ pack: path, offset, length, hash: toHex(bytes.subarray(at, at + DIGEST)) });
      at += DIGEST;
    }
    onPack(path, size, frames);
    const recordCount = u32();
    need(recordCount * RECORD_BYTES);
    for (let r = 0; r < recordCount; r++) {
      const digestAt = at;
      const kind = bytes[at + DIGEST]!;
      at += DIGEST + 1;
      const frame = view.getUint32(at, true);
      const offset = view.getUint32(at + 4, true);
      const length = view.getUint32(at + 8, true);
      at += 12;
      if (frame >= frameCount) throw new Error(`a record names frame ${frame} of ${frameCount}`);
      onRecord(digestAt, kind, frame, offset, length);
    }
  }
  if (at !== bytes.length) throw new Error("the index file has bytes past its last pack");
}

/** The packs a binary index file names, as objects (for cleanup and check). @throws Error when malformed */
export function decodeIndexFile(bytes: Uint8Array): IndexedPack[] {
  const packs: IndexedPack[] = [];
  walkIndexFile(
    bytes,
    (path, size, frames) =>
      packs.push({
        path,
        size,
        frames: frames.map(({ offset, length, hash }) => ({ offset, length, hash })),
        records: [],
      }),
    (at, kind, frame, offset, length) =>
      packs.at(-1)!.records.push({
        digest: toHex(bytes.subarray(at, at + DIGEST)),
        kind: String.fromCharCode(kind) as RecordKind,
        frame,
        offset,
        length,
      }),
  );
  return packs;
}

// ---- the index in memory ----

/** Per record: its frame (in {@link RecordIndex}'s frame list), offset, length and kind. */
const FIELDS = 4;

export class RecordIndex {
  /** Pack path -> stored size, for every pack an index file names. */
  readonly packs = new Map<string, number>();
  /** Index file path -> the packs it names. */
  readonly files = new Map<string, string[]>();
  private readonly frames: FrameRef[] = [];
  private digests = new Uint8Array(1024 * DIGEST);
  private fields = new Uint32Array(1024 * FIELDS);
  private count = 0;
  /** Open addressing by the digest's first four bytes: slot + 1, 0 for empty. */
  private table = new Int32Array(2048);
  private readonly probe = new Uint8Array(DIGEST);
  private stored = 0;
  /** The part of {@link stored} that is media (chunks and file records). */
  private storedMedia = 0;

  get size(): number {
    return this.count;
  }

  /**
   * The sum of the located records' lengths (each record once, where it is located now): kept
   * as records are located and relocated, so reading it costs nothing however large the index.
   */
  get storedBytes(): number {
    return this.stored;
  }

  /** The part of {@link storedBytes} that is media: chunks and file records. */
  get storedMediaBytes(): number {
    return this.storedMedia;
  }

  has(digest: string): boolean {
    return this.find(digest) >= 0;
  }

  get(digest: string): RecordLocation | undefined {
    const slot = this.find(digest);
    return slot < 0 ? undefined : this.location(slot);
  }

  *entries(): IterableIterator<[string, RecordLocation]> {
    for (let slot = 0; slot < this.count; slot++)
      yield [toHex(this.digests.subarray(slot * DIGEST, (slot + 1) * DIGEST)), this.location(slot)];
  }

  /** Adds an index file's packs; a record they name is located in them from now on. */
  add(file: string, packs: readonly IndexedPack[]): void {
    this.files.set(
      file,
      packs.map((p) => p.path),
    );
    for (const pack of packs) {
      const first = this.addPack(pack.path, pack.size, framesOf(pack));
      for (const record of pack.records) if (record.frame < pack.frames.length) this.locateIn(first, record);
    }
  }

  /** Adds a binary index file's packs (see {@link add}). @throws Error when it is malformed */
  addEncoded(file: string, bytes: Uint8Array): void {
    // Checked whole before anything is added: a malformed file adds nothing.
    walkIndexFile(
      bytes,
      () => {},
      () => {},
    );
    const paths: string[] = [];
    let first = 0;
    walkIndexFile(
      bytes,
      (path, size, frames) => {
        paths.push(path);
        first = this.addPack(path, size, frames);
      },
      (at, kind, frame, offset, length) => this.locate(bytes, at, first + frame, offset, length, kind),
    );
    this.files.set(file, paths);
  }

  /**
   * Locates the records of a pack that no readable index file names, from the pack's own
   * trailer (the cleanup that rebuilds a lost index file). A record already located elsewhere
   * keeps that location unless its pack is in `replacing` (lost packs).
   */
  adopt(pack: IndexedPack, replacing: ReadonlySet<string> = new Set()): void {
    const first = this.addPack(pack.path, pack.size, framesOf(pack));
    for (const record of pack.records) {
      if (record.frame >= pack.frames.length) continue;
      const current = this.get(record.digest);
      if (!current || replacing.has(current.frame.pack)) this.locateIn(first, record);
    }
  }

  /** Locates a record of a pack whose first frame is `first` in the frame list. */
  private locateIn(first: number, record: PackRecord): void {
    this.locate(
      this.hexDigest(record.digest),
      0,
      first + record.frame,
      record.offset,
      record.length,
      record.kind,
    );
  }

  private addPack(path: string, size: number, frames: FrameRef[]): number {
    this.packs.set(path, size);
    const first = this.frames.length;
    this.frames.push(...frames);
    return first;
  }

  private location(slot: number): RecordLocation {
    const at = slot * FIELDS;
    return {
      frame: this.frames[this.fields[at]!]!,
      offset: this.fields[at + 1]!,
      length: this.fields[at + 2]!,
      kind: String.fromCharCode(this.fields[at + 3]!) as RecordKind,
    };
  }

  /** `digest` (hex) as bytes in the probe buffer; null when it is not a SHA-256 digest in hex. */
  private toProbe(digest: string): Uint8Array | null {
    if (digest.length !== DIGEST * 2) return null;
    const probe = this.probe;
    for (let i = 0; i < DIGEST; i++) {
      const high = nibble(digest.charCodeAt(2 * i));
      const low = nibble(digest.charCodeAt(2 * i + 1));
      if (high < 0 || low < 0) return null;
      probe[i] = (high << 4) | low;
    }
    return probe;
  }

  private hexDigest(digest: string): Uint8Array {
    const bytes = this.toProbe(digest);
    if (!bytes) throw new Error(`not a SHA-256 digest: ${digest}`);
    return bytes;
  }

  private find(digest: string): number {
    const probe = this.toProbe(digest);
    return probe ? this.slotOf(probe, 0) : -1;
  }

  /** The slot holding the digest at `bytes[at..at+32]`, or -1. */
  private slotOf(bytes: Uint8Array, at: number): number {
    const table = this.table;
    const mask = table.length - 1;
    let i = hashAt(bytes, at) & mask;
    for (;;) {
      const entry = table[i]!;
      if (entry === 0) return -1;
      if (this.sameDigest(entry - 1, bytes, at)) return entry - 1;
      i = (i + 1) & mask;
    }
  }

  private sameDigest(slot: number, bytes: Uint8Array, at: number): boolean {
    const digests = this.digests;
    const base = slot * DIGEST;
    for (let i = 0; i < DIGEST; i++) if (digests[base + i] !== bytes[at + i]) return false;
    return true;
  }

  /** Sets where the record whose digest is `bytes[at..at+32]` lies, replacing its location. */
  private locate(
    bytes: Uint8Array,
    at: number,
    frame: number,
    offset: number,
    length: number,
    kind: RecordKind | number,
  ): void {
    let slot = this.slotOf(bytes, at);
    if (slot < 0) {
      slot = this.count++;
      this.grow();
      this.digests.set(bytes.subarray(at, at + DIGEST), slot * DIGEST);
      this.insert(slot);
    } else {
      this.stored -= this.fields[slot * FIELDS + 2]!;
      if (isMediaCode(this.fields[slot * FIELDS + 3]!)) this.storedMedia -= this.fields[slot * FIELDS + 2]!;
    }
    const fields = slot * FIELDS;
    this.fields[fields] = frame;
    this.fields[fields + 1] = offset;
    this.fields[fields + 2] = length;
    this.fields[fields + 3] = typeof kind === "number" ? kind : kind.charCodeAt(0);
    this.stored += length;
    if (isMediaCode(this.fields[fields + 3]!)) this.storedMedia += length;
  }

  private insert(slot: number): void {
    const table = this.table;
    const mask = table.length - 1;
    let i = hashAt(this.digests, slot * DIGEST) & mask;
    while (table[i] !== 0) i = (i + 1) & mask;
    table[i] = slot + 1;
  }

  /** Makes room for {@link count} records, keeping the table at most half full. */
  private grow(): void {
    if (this.count * DIGEST > this.digests.length) {
      const digests = new Uint8Array(this.digests.length * 2);
      digests.set(this.digests);
      this.digests = digests;
      const fields = new Uint32Array(this.fields.length * 2);
      fields.set(this.fields);
      this.fields = fields;
    }
    if (this.count * 2 > this.table.length) {
      this.table = new Int32Array(this.table.length * 2);
      for (let slot = 0; slot < this.count - 1; slot++) this.insert(slot);
    }
  }
}

/** The first four bytes of a digest (uniform: it is SHA-256) as the table's hash. */
function hashAt(bytes: Uint8Array, at: number): number {
  return bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Where each frame of a pack lies, in the pack's frame order. */
function framesOf(pack: IndexedPack): FrameRef[] {
  return pack.frames.map((frame) => ({ pack: pack.path, ...frame }));
}

const MEDIA_CODES = new Set([RECORD_KINDS.chunk.charCodeAt(0), RECORD_KINDS.file.charCodeAt(0)]);
/** True for the code of a media record's kind. */
const isMediaCode = (code: number): boolean => MEDIA_CODES.has(code);
