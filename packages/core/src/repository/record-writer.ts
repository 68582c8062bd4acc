/**
 * Adds records to the repository during one write session: each record whose digest the
 * repository lacks goes into its section's open pack; full packs are stored as they fill; `flush`
 * stores the rest and then one index file naming them all. Nothing is referenced until a
 * manifest is written after `flush`.
 */

import type { Storage } from "../storage/storage.js";
import { isMediaKind, MEDIA_FOLDER, newId, PATHS, packPathIn, type RecordKind, safeName } from "./format.js";
import { sealIndexFile } from "./index-files.js";
import { type FrameSealer, PackBuilder } from "./packs.js";
import type { IndexedPack, RecordIndex } from "./record-index.js";

const MAX_FRAMES_IN_FLIGHT = 8;
/** Full packs being stored while the next ones fill (each is held in memory until stored). */
const MAX_PACKS_IN_FLIGHT = 2;

export class RecordWriter {
  /** Bytes stored by this session so far (packs and index). */
  addedBytes = 0;
  addedRecords = 0;
  /** Open packs by folder (a section's safe name, or the media folder). */
  private readonly open = new Map<string, PackBuilder>();
  private readonly pending = new Set<string>();
  private readonly inFlight: Promise<unknown>[] = [];
  private readonly storing: Promise<void>[] = [];
  private readonly written: IndexedPack[] = [];
  private readonly time = new Date();

  constructor(
    private readonly storage: Storage,
    private readonly sealer: FrameSealer,
    private readonly index: RecordIndex,
    private readonly limits: { frameBytes: number; packBytes: number },
    /** Packs the index names that are gone or cut short: their records are stored again. */
    private readonly lost: ReadonlySet<string> = new Set(),
  ) {}

  /** True when the repository holds the record (in a pack that is there) or this session already added it. */
  has(digest: string): boolean {
    if (this.pending.has(digest)) return true;
    const location = this.index.get(digest);
    return location !== undefined && !this.lost.has(location.frame.pack);
  }

  /** The length of a record the repository holds (in a pack that is there), or undefined. */
  lengthOf(digest: string): number | undefined {
    const location = this.index.get(digest);
    return location && !this.lost.has(location.frame.pack) ? location.length : undefined;
  }

  /**
   * Adds a record unless it is already stored. Resolves when there is room for more. Media
   * records (chunks and files) go in media packs whatever `section` says.
   */
  async add(section: string, kind: RecordKind, digest: string, bytes: Uint8Array): Promise<void> {
    if (this.has(digest)) return;
    this.pending.add(digest);
    this.addedRecords++;
    const folder = isMediaKind(kind) ? MEDIA_FOLDER : safeName(section);
    let pack = this.open.get(folder);
    if (!pack) {
      pack = new PackBuilder(
        packPathIn(folder, this.time, newId(this.sealer.codec.randomBytes(4))),
        this.sealer,
        this.limits.frameBytes,
      );
      this.open.set(folder, pack);
    }
    const sealing = pack.add(digest, kind, bytes);
    if (sealing) {
      this.inFlight.push(sealing);
      if (this.inFlight.length > MAX_FRAMES_IN_FLIGHT) await this.inFlight.shift();
    }
    if (pack.size >= this.limits.packBytes) {
      // Stored while the next pack fills, so that the disk and the processor work together; a
      // failure surfaces here on a later add, or at flush.
      const storing = this.closePack(folder);
      storing.catch(() => {});
      this.storing.push(storing);
      if (this.storing.length >= MAX_PACKS_IN_FLIGHT) await this.storing.shift();
    }
  }

  private async closePack(folder: string): Promise<void> {
    const pack = this.open.get(folder);
    if (!pack) return;
    this.open.delete(folder);
    const { bytes, contents } = await pack.finish();
    await this.storage.write(pack.path, bytes);
    this.written.push({ path: pack.path, size: bytes.length, ...contents });
    this.addedBytes += bytes.length;
  }

  /** Resolves once no pack or frame of this session is being stored, whatever became of them. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.storing, ...this.inFlight]);
  }

  /**
   * Stores every open pack, then the index file naming all packs of this session; null when the
   * session stored no pack.
   */
  async flush(): Promise<{ path: string; packs: IndexedPack[]; bytes: number } | null> {
    // Packs are independent files: storing them together overlaps their fsyncs.
    await Promise.all([...this.open.keys()].map((folder) => this.closePack(folder)));
    await Promise.all(this.storing.splice(0));
    await Promise.all(this.inFlight.splice(0));
    this.written.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    if (this.written.length === 0) return null;
    const packs = this.written.splice(0);
    const path = `${PATHS.index}${newId(this.sealer.codec.randomBytes(4))}`;
    const sealed = await sealIndexFile(packs, this.sealer);
    await this.storage.write(path, sealed);
    this.addedBytes += sealed.length;
    return { path, packs, bytes: sealed.length };
  }
}
