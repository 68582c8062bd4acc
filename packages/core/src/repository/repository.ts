/**
 * The repository: where backups live. It stands alone: listing, browsing, verifying and
 * restoring need only its files (and the passphrase when encrypted), never the bank's database.
 *
 * This class composes the parts, each in its own file: {@link Keys} (the config; the master key
 * it unwraps goes to the other parts only), {@link IndexFiles} (the index and its repair),
 * {@link SnapshotList} (manifests and pins), {@link RecordReader} (records from pack frames, with
 * the frame cache), {@link ListingCache} (resolved listings) and {@link WriteSessions} (every
 * change, under the writer lock). Its own methods are the parts' most used operations under the
 * names callers know.
 *
 * Files are immutable; readers need no lock. Writes go through {@link Repository.write}, which
 * holds the writer lock, stores new records in packs, then their index file, and the manifest
 * last: a snapshot exists only once everything it names is durable.
 */
import type { Codec } from "../codec/codec.js";
import { notFound, QvaultError } from "../errors/qvault-error.js";
import type { Storage } from "../storage/storage.js";
import { DEFAULT_COMPRESSION_QUALITY, PATHS } from "./format.js";
import { createIndexFiles, type IndexFiles, openIndexFile, packsOf } from "./index-files.js";
import {
  createKeys,
  holdsBackups,
  type Keys,
  openKeys,
  type RepositoryConfig,
  type UnlockedKeys,
} from "./keys.js";
import type { ListingRef, ResolvedListing } from "./listing.js";
import { createListingCache, type ListingCache } from "./listing-cache.js";
import type { LockOptions } from "./lock.js";
import type { SnapshotManifest } from "./manifest.js";
import type { FrameRef, FrameSealer, PackTrailer } from "./packs.js";
import { type IndexedPack, type RecordIndex, toIndexFile } from "./record-index.js";
import { createRecordReader, type RecordReader } from "./record-reader.js";
import { type DamagedFile, openSealedFile } from "./sealed-file.js";
import { createSnapshotList, type SnapshotList } from "./snapshot-list.js";
import { createWriteSessions, type WriteSession, type WriteSessions } from "./write-session.js";

export type { RepositoryConfig } from "./keys.js";
export type { DamagedFile } from "./sealed-file.js";
export type { WriteSession } from "./write-session.js";

export interface RepositoryOptions {
  storage: Storage;
  codec: Codec;
  /** Required to open an encrypted repository; when creating one, makes it encrypted. */
  passphrase?: string | null;
  /** Brotli quality for new data, 0-11. @default {@link DEFAULT_COMPRESSION_QUALITY} */
  compressionQuality?: number;
  lock?: LockOptions;
  /** scrypt cost for new repositories. @default { N: 32768, r: 8, p: 1 } */
  scrypt?: { N: number; r: number; p: number };
  /**
   * Bytes of decompressed frames kept for reads. Bulk reads follow the order records lie in
   * ({@link Repository.inStorageOrder}) and need a frame only while they pass it; the cache
   * serves scattered reads of single records (history, diffs). @default 16 MiB
   */
  cacheBytes?: number;
}

export class Repository {
  /** The index files and the index they build. */
  readonly indexFiles: IndexFiles;
  /** The snapshot manifests and pins. */
  readonly snapshots: SnapshotList;
  /** Records by digest, from the packs' frames. */
  readonly records: RecordReader;
  /** Sections' listings, resolved and kept. */
  readonly listings: ListingCache;
  /** The config; the master key stays with the parts. */
  readonly keys: Keys;
  private readonly sessions: WriteSessions;
  private readonly sealer: FrameSealer;
  private compressionQuality: number;

  private constructor(
    /** The storage the parts use; exposed for code that looks at files itself (health, tests), not for cleanup or check. */
    readonly storage: Storage,
    /** The codec the repository hashes, seals and compresses with. */
    readonly codec: Codec,
    { keys, masterKey }: UnlockedKeys,
    options: RepositoryOptions,
  ) {
    this.keys = keys;
    this.compressionQuality = checkQuality(options.compressionQuality ?? DEFAULT_COMPRESSION_QUALITY);
    const repository = this;
    const sealer: FrameSealer = {
      codec,
      key: masterKey,
      get quality() {
        return repository.compressionQuality;
      },
    };
    const indexFiles = createIndexFiles({ storage, sealer, onReset: () => records.reset() });
    const records = createRecordReader({
      storage,
      sealer,
      index: indexFiles,
      cacheBytes: options.cacheBytes ?? 16 * 1024 * 1024,
    });
    const snapshots = createSnapshotList({ storage, sealer });
    this.sealer = sealer;
    this.indexFiles = indexFiles;
    this.records = records;
    this.snapshots = snapshots;
    this.listings = createListingCache(records);
    this.sessions = createWriteSessions({ storage, sealer, lock: options.lock ?? {}, indexFiles, snapshots });
  }

  get config(): RepositoryConfig {
    return this.keys.config;
  }

  get id(): string {
    return this.keys.config.id;
  }

  get encrypted(): boolean {
    return this.sealer.key !== null;
  }

  /** Brotli quality for data written from now on. */
  get quality(): number {
    return this.compressionQuality;
  }

  /** Changes the brotli quality of data written from now on. @throws BAD_USER_INPUT outside 0-11. */
  setCompressionQuality(quality: number): void {
    this.compressionQuality = checkQuality(quality);
  }

  /** Creates a repository in empty storage. @throws CONFLICT when one exists there. */
  static async init(options: RepositoryOptions): Promise<Repository> {
    checkQuality(options.compressionQuality ?? DEFAULT_COMPRESSION_QUALITY);
    const keys = await createKeys(options.storage, options.codec, options);
    return new Repository(options.storage, options.codec, keys, options);
  }

  /**
   * Opens an existing repository. @throws NOT_FOUND when there is none; WRONG_PASSPHRASE when it
   * is encrypted and the passphrase is missing or wrong (checked before anything else is read).
   */
  static async open(options: RepositoryOptions): Promise<Repository> {
    const keys = await openKeys(options.storage, options.codec, options.passphrase);
    return new Repository(options.storage, options.codec, keys, options);
  }

  /**
   * Opens the repository in `storage`, creating it when there is none.
   * @throws INTEGRITY_ERROR when the folder holds backups but its config is missing: a new
   * repository is never created over them (an encrypted one's key is in the lost config).
   */
  static async openOrInit(options: RepositoryOptions): Promise<Repository> {
    if ((await options.storage.size(PATHS.config)) === null && !(await holdsBackups(options.storage)))
      return Repository.init(options);
    return Repository.open(options);
  }

  // ---- index ----

  /** {@link IndexFiles.load} */
  loadIndex(): Promise<RecordIndex> {
    return this.indexFiles.load();
  }

  /**
   * `items` sorted by where their records lie (pack, frame, offset in the frame). Read in this
   * order a batch at a time, each frame is read and decompressed once; in another order (a
   * listing's, by id) a batch needs frames from all over a section, and once a section's frames
   * outgrow the frame cache every batch decompresses them again. Items whose record the index
   * lacks come last, in their order.
   */
  async inStorageOrder<T>(items: readonly T[], digestOf: (item: T) => string): Promise<T[]> {
    const index = await this.indexFiles.load();
    const keyed = items.map((item, i) => {
      const location = index.get(digestOf(item));
      return {
        item,
        i,
        pack: location?.frame.pack ?? "\uffff",
        frame: location?.frame.offset ?? 0,
        at: location?.offset ?? 0,
      };
    });
    keyed.sort((a, b) =>
      a.pack !== b.pack ? (a.pack < b.pack ? -1 : 1) : a.frame - b.frame || a.at - b.at || a.i - b.i,
    );
    return keyed.map((k) => k.item);
  }

  /** {@link IndexFiles.damaged} */
  damagedIndexFiles(): DamagedFile[] {
    return this.indexFiles.damaged();
  }

  /** {@link IndexFiles.lostPacks} */
  lostPacks(): Promise<Set<string>> {
    return this.indexFiles.lostPacks();
  }

  /** {@link IndexFiles.adopt} */
  adoptPacks(paths: readonly string[], lost: ReadonlySet<string>): Promise<IndexedPack[]> {
    return this.indexFiles.adopt(paths, lost);
  }

  /**
   * Opens a sealed index file or manifest as stored, unchecked beyond its seal (for tools that map
   * the files); an index file as version 1's JSON, whichever form it is stored in.
   */
  async readSealed<T>(path: string, kind: "index" | "manifest"): Promise<T> {
    const bytes = await this.storage.read(path);
    if (kind === "index")
      return toIndexFile(packsOf(await openIndexFile(path, bytes, this.codec, this.sealer.key))) as T;
    return openSealedFile<T>(path, bytes, kind, this.codec, this.sealer.key);
  }

  // ---- snapshots ----

  /** {@link SnapshotList.read} */
  readManifest(path: string): Promise<SnapshotManifest> {
    return this.snapshots.read(path);
  }

  /** {@link SnapshotList.list} */
  listSnapshots(): Promise<SnapshotManifest[]> {
    return this.snapshots.list();
  }

  /** {@link SnapshotList.damaged} */
  damagedSnapshots(): DamagedFile[] {
    return this.snapshots.damaged();
  }

  /** {@link SnapshotList.get} */
  getSnapshot(id: string): Promise<SnapshotManifest> {
    return this.snapshots.get(id);
  }

  /** {@link SnapshotList.pathOf} */
  pathOf(manifest: SnapshotManifest): string | undefined {
    return this.snapshots.pathOf(manifest);
  }

  // ---- records ----

  /** {@link RecordReader.readBytes} */
  readRecordBytes(digests: Iterable<string>): Promise<Map<string, Uint8Array>> {
    return this.records.readBytes(digests);
  }

  /** {@link RecordReader.read} */
  readRecords<T>(digests: Iterable<string>): Promise<Map<string, T>> {
    return this.records.read<T>(digests);
  }

  /** {@link RecordReader.readFrame} */
  readFrame(frame: FrameRef): Promise<Uint8Array> {
    return this.records.readFrame(frame);
  }

  /** A whole pack's trailer, as stored (FORMAT.md's tuples). @throws INTEGRITY_ERROR */
  packContents(path: string, bytes: Uint8Array): Promise<PackTrailer> {
    return this.records.trailer(path, bytes);
  }

  /** {@link ListingCache.read} */
  readListing(ref: ListingRef, options: { cached?: boolean } = {}): Promise<ResolvedListing> {
    return this.listings.read(ref, options);
  }

  /** {@link ListingCache.remember} */
  rememberListing(listing: ResolvedListing): void {
    this.listings.remember(listing);
  }

  // ---- writing, pins and deletion ----

  /**
   * Runs `work` as the repository's one writer (see {@link WriteSessions.run}). Records and their
   * index are stored when `work` calls `commit`, the manifest last. If `work` throws, nothing it
   * added is referenced (packs already written are left for cleanup).
   */
  write<T>(purpose: string, work: (session: WriteSession) => Promise<T>): Promise<T> {
    return this.sessions.run(purpose, work);
  }

  /** {@link SnapshotList.pinnedIds} */
  pinnedIds(): Promise<Set<string>> {
    return this.snapshots.pinnedIds();
  }

  /** {@link SnapshotList.setPinned} */
  setPinned(id: string, pinned: boolean): Promise<void> {
    return this.snapshots.setPinned(id, pinned);
  }

  /**
   * Deletes a snapshot's manifest (its data goes at the next cleanup); a damaged manifest, which
   * cannot be read, can be deleted too. @throws NOT_FOUND; CONFLICT when pinned.
   */
  async deleteSnapshot(id: string): Promise<void> {
    await this.snapshots.list();
    if (!this.snapshots.locate(id)) throw notFound("Backup", id);
    if ((await this.snapshots.pinnedIds()).has(id))
      throw new QvaultError("CONFLICT", `Backup ${id} is pinned; unpin it before deleting it`, {
        details: { id },
      });
    await this.write(`delete ${id}`, (session) => session.snapshots.forget([id]));
  }
}

function checkQuality(quality: number): number {
  if (!Number.isInteger(quality) || quality < 0 || quality > 11)
    throw new QvaultError("BAD_USER_INPUT", "compression quality must be 0 to 11", {
      details: { field: "compressionQuality" },
    });
  return quality;
}
