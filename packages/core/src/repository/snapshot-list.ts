/**
 * The snapshot list: the manifests under `snapshots/` and the pins under `pins/`.
 *
 * Terms: a *manifest* describes one snapshot (FORMAT.md, "Snapshot manifests"); it is *damaged*
 * when it cannot be opened or lies at another snapshot's path; a *pin* is an empty file that keeps
 * a snapshot from retention and from deletion; to *forget* a snapshot is to remove its manifest.
 *
 * Invariants: manifests are immutable, so one read is kept until its file goes; a damaged
 * manifest never stops the others from being listed, and can be forgotten too. A manifest is
 * stored last in a write session, after everything it names.
 *
 * Not guaranteed: forgetting frees nothing (records are shared; cleanup removes what no manifest
 * reaches). Storing and forgetting must run under the writer lock (a write session hands them
 * out); pins are set without it, so a pin set while a cleanup runs may come too late for it.
 */
import { isQvaultError, notFound, QvaultError } from "../errors/qvault-error.js";
import { type Storage, storageFailed } from "../storage/storage.js";
import { PATHS, snapshotPath } from "./format.js";
import type { SnapshotManifest } from "./manifest.js";
import type { FrameSealer } from "./packs.js";
import { type DamagedFile, openSealedFile, sealFile } from "./sealed-file.js";

/** Reading the snapshot list; what any reader may do. */
export interface SnapshotList {
  /** Every readable snapshot, oldest first; damaged manifests are reported by {@link damaged}. */
  list(): Promise<SnapshotManifest[]>;
  /** @throws NOT_FOUND; INTEGRITY_ERROR when its manifest is damaged. */
  get(id: string): Promise<SnapshotManifest>;
  /**
   * Reads the manifest at `path`, bypassing what is kept. @throws INTEGRITY_ERROR when it is
   * damaged, or when it is another snapshot's (a file copied over another must not pass for it).
   */
  read(path: string): Promise<SnapshotManifest>;
  /** Reads every manifest afresh, in path order, with those that cannot be read (for check). */
  readAll(): Promise<{ manifests: SnapshotManifest[]; unreadable: { path: string; error: unknown }[] }>;
  /** Manifests that could not be read at the last {@link list}. */
  damaged(): DamagedFile[];
  /** Where a listed manifest lies. */
  pathOf(manifest: SnapshotManifest): string | undefined;
  /** Where snapshot `id`'s manifest lies, readable or damaged, as last listed. */
  locate(id: string): string | undefined;
  pinnedIds(): Promise<Set<string>>;
  /** @throws NOT_FOUND; INTEGRITY_ERROR when its manifest is damaged. */
  setPinned(id: string, pinned: boolean): Promise<void>;
}

/** Changing the snapshot list; only through a write session, under the writer lock. */
export interface SnapshotWriter extends SnapshotList {
  /**
   * Seals and stores `manifest`, its `stats.addedBytes` set to `addedBytes` plus the manifest's
   * own stored size. Returns it.
   */
  store(manifest: SnapshotManifest, addedBytes: number): Promise<SnapshotManifest>;
  /** Removes the manifests of these snapshots (readable or damaged); ids not found are skipped. Returns the paths removed. */
  forget(ids: Iterable<string>): Promise<string[]>;
}

export function createSnapshotList(options: { storage: Storage; sealer: FrameSealer }): SnapshotWriter {
  return new Snapshots(options.storage, options.sealer);
}

const byTime = (a: SnapshotManifest, b: SnapshotManifest) =>
  a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1;

class Snapshots implements SnapshotWriter {
  private readonly manifests = new Map<string, SnapshotManifest>();
  private readonly damagedFiles = new Map<string, DamagedFile>();

  constructor(
    private readonly storage: Storage,
    private readonly sealer: FrameSealer,
  ) {}

  async list(): Promise<SnapshotManifest[]> {
    const paths = await this.storage.list(PATHS.snapshots);
    const listed = new Set(paths);
    for (const path of [...this.manifests.keys()]) if (!listed.has(path)) this.manifests.delete(path);
    for (const path of [...this.damagedFiles.keys()]) if (!listed.has(path)) this.damagedFiles.delete(path);
    for (const path of paths) {
      if (this.manifests.has(path) || this.damagedFiles.has(path)) continue;
      try {
        this.manifests.set(path, await this.read(path));
      } catch (error) {
        if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
        this.damagedFiles.set(path, { path, error });
      }
    }
    return [...this.manifests.values()].sort(byTime);
  }

  async get(id: string): Promise<SnapshotManifest> {
    const found = (await this.list()).find((m) => m.id === id);
    if (found) return found;
    const damaged = this.damagedOf(id);
    if (damaged) throw damaged.error;
    throw notFound("Backup", id);
  }

  async read(path: string): Promise<SnapshotManifest> {
    const { codec, key } = this.sealer;
    const manifest = await openSealedFile<SnapshotManifest>(
      path,
      await this.storage.read(path),
      "manifest",
      codec,
      key,
    );
    const time = new Date(manifest.time);
    if (Number.isNaN(time.getTime()) || snapshotPath(manifest.id, time) !== path)
      throw new QvaultError(
        "INTEGRITY_ERROR",
        `${path} is damaged: it holds snapshot ${manifest.id} of ${manifest.time}, which belongs elsewhere`,
        { details: { path } },
      );
    return manifest;
  }

  async readAll(): Promise<{
    manifests: SnapshotManifest[];
    unreadable: { path: string; error: unknown }[];
  }> {
    const manifests: SnapshotManifest[] = [];
    const unreadable: { path: string; error: unknown }[] = [];
    for (const path of await this.storage.list(PATHS.snapshots)) {
      try {
        manifests.push(await this.read(path));
      } catch (error) {
        // A manifest the storage could not deliver is not a damaged one: the listing fails.
        if (storageFailed(error)) throw error;
        unreadable.push({ path, error });
      }
    }
    return { manifests, unreadable };
  }

  damaged(): DamagedFile[] {
    return [...this.damagedFiles.values()];
  }

  pathOf(manifest: SnapshotManifest): string | undefined {
    for (const [path, m] of this.manifests) if (m === manifest || m.id === manifest.id) return path;
    return undefined;
  }

  locate(id: string): string | undefined {
    for (const [path, m] of this.manifests) if (m.id === id) return path;
    return this.damagedOf(id)?.path;
  }

  async pinnedIds(): Promise<Set<string>> {
    return new Set((await this.storage.list(PATHS.pins)).map((path) => path.slice(PATHS.pins.length)));
  }

  async setPinned(id: string, pinned: boolean): Promise<void> {
    await this.get(id);
    const path = `${PATHS.pins}${id}`;
    if (pinned) {
      if ((await this.storage.size(path)) === null) await this.storage.write(path, new Uint8Array());
    } else await this.storage.delete(path);
  }

  async store(manifest: SnapshotManifest, addedBytes: number): Promise<SnapshotManifest> {
    const path = snapshotPath(manifest.id, new Date(manifest.time));
    // Sealed twice: the stats count the manifest's own size, known only once it is sealed.
    const first = await sealFile("manifest", manifest, this.sealer);
    manifest.stats.addedBytes = addedBytes + first.length;
    await this.storage.write(path, await sealFile("manifest", manifest, this.sealer));
    this.manifests.set(path, manifest);
    return manifest;
  }

  async forget(ids: Iterable<string>): Promise<string[]> {
    const removed: string[] = [];
    for (const id of ids) {
      const path = this.locate(id);
      if (!path) continue;
      await this.storage.delete(path);
      this.manifests.delete(path);
      this.damagedFiles.delete(path);
      removed.push(path);
    }
    return removed;
  }

  private damagedOf(id: string): DamagedFile | undefined {
    return [...this.damagedFiles.values()].find((d) => d.path.endsWith(`/${id}`));
  }
}
