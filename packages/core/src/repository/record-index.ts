/**
 * The index: digest -> where the record lies (pack, frame, offset). Index files are sealed JSON
 * under `index/`, one written by each backup for the records it added; the in-memory index is
 * their union. A record in no index file does not exist for readers, so a pack whose index file
 * was never written (a crash) is unreferenced and cleanup removes it. A record named by two index
 * files is located by the newer one (files are added oldest first): a backup that stores again a
 * record whose pack was lost names the copy that exists.
 *
 * Index files hold each pack's trailer tuples as stored ({@link IndexFile}); in memory a pack
 * entry is named ({@link IndexedPack}), converted by {@link fromIndexFile} / {@link toIndexFile}.
 */
import {
  type FrameRef,
  fromTrailer,
  type PackContents,
  type PackTrailer,
  type RecordLocation,
  toTrailer,
} from "./packs.js";

/** An index file's JSON as stored (FORMAT.md, "Index files"). */
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

export class RecordIndex {
  private readonly locations = new Map<string, RecordLocation>();
  /** Pack path -> stored size, for every pack an index file names. */
  readonly packs = new Map<string, number>();
  /** Index file path -> the packs it names. */
  readonly files = new Map<string, string[]>();
  private stored = 0;

  get size(): number {
    return this.locations.size;
  }

  /**
   * The sum of the located records' lengths (each record once, where it is located now): kept
   * as records are located and relocated, so reading it costs nothing however large the index.
   */
  get storedBytes(): number {
    return this.stored;
  }

  has(digest: string): boolean {
    return this.locations.has(digest);
  }

  get(digest: string): RecordLocation | undefined {
    return this.locations.get(digest);
  }

  entries(): IterableIterator<[string, RecordLocation]> {
    return this.locations.entries();
  }

  /** Adds an index file's packs; a record they name is located in them from now on. */
  add(file: string, packs: readonly IndexedPack[]): void {
    this.files.set(
      file,
      packs.map((p) => p.path),
    );
    for (const pack of packs) {
      this.packs.set(pack.path, pack.size);
      const frames = framesOf(pack);
      for (const record of pack.records) {
        const ref = frames[record.frame];
        if (ref)
          this.locate(record.digest, {
            frame: ref,
            offset: record.offset,
            length: record.length,
            kind: record.kind,
          });
      }
    }
  }

  /**
   * Locates the records of a pack that no readable index file names, from the pack's own
   * trailer (the cleanup that rebuilds a lost index file). A record already located elsewhere
   * keeps that location unless its pack is in `replacing` (lost packs).
   */
  adopt(pack: IndexedPack, replacing: ReadonlySet<string> = new Set()): void {
    this.packs.set(pack.path, pack.size);
    const frames = framesOf(pack);
    for (const record of pack.records) {
      const ref = frames[record.frame];
      const current = this.locations.get(record.digest);
      if (ref && (!current || replacing.has(current.frame.pack)))
        this.locate(record.digest, {
          frame: ref,
          offset: record.offset,
          length: record.length,
          kind: record.kind,
        });
    }
  }

  /** Sets where a record lies, keeping {@link storedBytes} right when it replaces a location. */
  private locate(digest: string, location: RecordLocation): void {
    this.stored += location.length - (this.locations.get(digest)?.length ?? 0);
    this.locations.set(digest, location);
  }
}

/** Where each frame of a pack lies, in the pack's frame order. */
function framesOf(pack: IndexedPack): FrameRef[] {
  return pack.frames.map((frame) => ({ pack: pack.path, ...frame }));
}
