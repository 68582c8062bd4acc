/**
 * The index: digest -> where the record lies (pack, frame, offset). Index files are sealed JSON
 * under `index/`, one written by each backup for the records it added; the in-memory index is
 * their union. A record in no index file does not exist for readers, so a pack whose index file
 * was never written (a crash) is unreferenced and cleanup removes it. A record named by two index
 * files is located by the newer one (files are added oldest first): a backup that stores again a
 * record whose pack was lost names the copy that exists.
 */
import type { RecordKind } from "./format.js";
import type { FrameRef, PackContents, RecordLocation } from "./packs.js";

export interface IndexFile {
  packs: ({ path: string; size: number } & PackContents)[];
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

  add(file: string, content: IndexFile): void {
    this.files.set(
      file,
      content.packs.map((p) => p.path),
    );
    for (const pack of content.packs) {
      this.packs.set(pack.path, pack.size);
      const frames = framesOf(pack);
      for (const [digest, kind, frame, offset, length] of pack.records) {
        const ref = frames[frame];
        if (ref) this.locate(digest, { frame: ref, offset, length, kind: kind as RecordKind });
      }
    }
  }

  /**
   * Locates the records of a pack that no readable index file names, from the pack's own
   * trailer (the cleanup that rebuilds a lost index file). A record already located elsewhere
   * keeps that location unless its pack is in `replacing` (lost packs).
   */
  adopt(pack: IndexFile["packs"][number], replacing: ReadonlySet<string> = new Set()): void {
    this.packs.set(pack.path, pack.size);
    const frames = framesOf(pack);
    for (const [digest, kind, frame, offset, length] of pack.records) {
      const ref = frames[frame];
      const current = this.locations.get(digest);
      if (ref && (!current || replacing.has(current.frame.pack)))
        this.locate(digest, { frame: ref, offset, length, kind: kind as RecordKind });
    }
  }

  /** Sets where a record lies, keeping {@link storedBytes} right when it replaces a location. */
  private locate(digest: string, location: RecordLocation): void {
    this.stored += location.length - (this.locations.get(digest)?.length ?? 0);
    this.locations.set(digest, location);
  }
}

/** Where each frame of a pack lies, in the pack's frame order. */
function framesOf(pack: IndexFile["packs"][number]): FrameRef[] {
  return pack.frames.map(([offset, length, hash]) => ({ pack: pack.path, offset, length, hash }));
}
