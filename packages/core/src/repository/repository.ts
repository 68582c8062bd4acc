/**
 * The repository: where backups live. It stands alone: listing, browsing, verifying and
 * restoring need only its files (and the passphrase when encrypted), never the bank's database.
 *
 * Files are immutable; readers need no lock. Writes go through {@link Repository.write}, which
 * holds the writer lock, stores new records in packs, then their index file, and the manifest
 * last: a snapshot exists only once everything it names is durable.
 */
import { type Codec, equalBytes, fromBase64, toBase64, toHex } from "../codec/codec.js";
import { isQvaultError, notFound, QvaultError } from "../errors/qvault-error.js";
import { decodeRecord } from "../records/record.js";
import { type Storage, StorageError } from "../storage/storage.js";
import { FORMAT_VERSION, LIMITS, newId, PATHS, snapshotPath } from "./format.js";
import { FrameCache } from "./frame-cache.js";
import { type ListingBase, type ListingDelta, type ListingRef, ResolvedListing } from "./listing.js";
import { acquireLock, type LockOptions } from "./lock.js";
import type { SnapshotManifest } from "./manifest.js";
import {
  checkPackFooter,
  checkPackHeader,
  frameHashMatches,
  openFrame,
  PACK_FOOTER,
  PACK_HEADER,
  type PackContents,
  readPackContents,
} from "./packs.js";
import { type IndexFile, RecordIndex } from "./record-index.js";
import { RecordWriter } from "./record-writer.js";
import { openSealedFile, sealFile } from "./sealed-file.js";

/**
 * Map entries of resolved listings kept in memory (each base counted once): a 100k-question
 * bank's bases and the listings of its last few snapshots.
 */
const LISTING_CACHE_ENTRIES = 400_000;
const listingKey = (ref: ListingRef) => [ref.base, ...ref.deltas].join(",");
/** Entries a listing holds beyond its (shared) base. */
const ownEntries = (l: ResolvedListing) => l.set.size + l.del.size + (l.holdsEntries ? l.entries.size : 0);

export interface RepositoryConfig {
  version: number;
  id: string;
  createdAt: string;
  encryption: null | {
    cipher: "aes-256-gcm";
    kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
    /** The random master key, sealed with the key derived from the passphrase. */
    masterKey: string;
  };
}

export interface RepositoryOptions {
  storage: Storage;
  codec: Codec;
  /** Required to open an encrypted repository; when creating one, makes it encrypted. */
  passphrase?: string | null;
  /** Brotli quality for new data, 0-11. @default 5 */
  compressionQuality?: number;
  lock?: LockOptions;
  /** scrypt cost for new repositories. @default { N: 32768, r: 8, p: 1 } */
  scrypt?: { N: number; r: number; p: number };
  /** Bytes of decompressed frames kept for reads. @default 64 MiB */
  cacheBytes?: number;
}

export interface DamagedFile {
  path: string;
  error: QvaultError;
}

/** The write session handed to {@link Repository.write}'s callback. */
export interface WriteSession {
  readonly writer: RecordWriter;
  readonly index: RecordIndex;
  /** Stores the manifest; call last. */
  commit(manifest: Omit<SnapshotManifest, "id" | "version">, id?: string): Promise<SnapshotManifest>;
}

export class Repository {
  private index = new RecordIndex();
  private readonly manifests = new Map<string, SnapshotManifest>();
  private readonly damagedManifests = new Map<string, DamagedFile>();
  private readonly damagedIndexes = new Map<string, DamagedFile>();
  private readonly frames: FrameCache;
  private readonly listings = new Map<string, { listing: ResolvedListing; counted: number }>();
  private readonly listingBases = new Map<string, Map<string, string>>();
  private listingEntries = 0;
  private readonly checkedPacks = new Set<string>();
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly storage: Storage,
    readonly codec: Codec,
    readonly config: RepositoryConfig,
    private readonly key: Uint8Array | null,
    private compressionQuality: number,
    private readonly lockOptions: LockOptions,
    cacheBytes: number,
  ) {
    this.frames = new FrameCache(cacheBytes);
  }

  get id(): string {
    return this.config.id;
  }

  get encrypted(): boolean {
    return this.key !== null;
  }

  /** Brotli quality for data written from now on. */
  get quality(): number {
    return this.compressionQuality;
  }

  /** Changes the brotli quality of data written from now on. @throws BAD_USER_INPUT outside 0-11. */
  setCompressionQuality(quality: number): void {
    if (!Number.isInteger(quality) || quality < 0 || quality > 11)
      throw new QvaultError("BAD_USER_INPUT", "compression quality must be 0 to 11", {
        details: { field: "compressionQuality" },
      });
    this.compressionQuality = quality;
  }

  /** Creates a repository in empty storage. @throws CONFLICT when one exists there. */
  static async init(options: RepositoryOptions): Promise<Repository> {
    const { storage, codec } = options;
    if ((await storage.size(PATHS.config)) !== null)
      throw new QvaultError("CONFLICT", `A repository already exists at ${storage.location}`);
    let key: Uint8Array | null = null;
    let encryption: RepositoryConfig["encryption"] = null;
    if (options.passphrase) {
      const params = options.scrypt ?? { N: 32768, r: 8, p: 1 };
      const salt = codec.randomBytes(32);
      key = codec.randomBytes(32);
      const wrapping = await codec.deriveKey(options.passphrase, salt, params);
      encryption = {
        cipher: "aes-256-gcm",
        kdf: { name: "scrypt", ...params, salt: toBase64(salt) },
        masterKey: toBase64(await codec.encrypt(wrapping, key)),
      };
    }
    const config: RepositoryConfig = {
      version: FORMAT_VERSION,
      id: toHex(codec.randomBytes(16)),
      createdAt: new Date().toISOString(),
      encryption,
    };
    await storage.write(PATHS.config, await sealFile("config", config, { codec, key: null, quality: null }));
    return Repository.fromConfig(options, config, key);
  }

  /**
   * Opens an existing repository. @throws NOT_FOUND when there is none; WRONG_PASSPHRASE when it
   * is encrypted and the passphrase is missing or wrong (checked before anything else is read).
   */
  static async open(options: RepositoryOptions): Promise<Repository> {
    const { storage, codec } = options;
    let bytes: Uint8Array;
    try {
      bytes = await storage.read(PATHS.config);
    } catch (error) {
      if (error instanceof StorageError && error.code === "ENOENT") {
        if (await holdsBackups(storage)) throw configLost(storage, "missing");
        throw new QvaultError("NOT_FOUND", `No repository at ${storage.location}`, {
          details: { location: storage.location },
        });
      }
      throw error;
    }
    let config: RepositoryConfig;
    try {
      config = await openSealedFile<RepositoryConfig>(PATHS.config, bytes, "config", codec, null);
    } catch (error) {
      if (isQvaultError(error) && error.code === "INTEGRITY_ERROR")
        throw configLost(storage, "damaged", error);
      throw error;
    }
    let key: Uint8Array | null = null;
    if (config.encryption) {
      if (!options.passphrase)
        throw new QvaultError("WRONG_PASSPHRASE", "The repository is encrypted: a passphrase is required");
      const { kdf } = config.encryption;
      const wrapping = await codec.deriveKey(options.passphrase, fromBase64(kdf.salt), kdf);
      try {
        key = await codec.decrypt(wrapping, fromBase64(config.encryption.masterKey));
      } catch {
        throw new QvaultError("WRONG_PASSPHRASE", "The passphrase is wrong for this repository");
      }
    }
    return Repository.fromConfig(options, config, key);
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

  private static fromConfig(
    options: RepositoryOptions,
    config: RepositoryConfig,
    key: Uint8Array | null,
  ): Repository {
    const quality = options.compressionQuality ?? 5;
    if (!Number.isInteger(quality) || quality < 0 || quality > 11)
      throw new QvaultError("BAD_USER_INPUT", "compression quality must be 0 to 11", {
        details: { field: "compressionQuality" },
      });
    return new Repository(
      options.storage,
      options.codec,
      config,
      key,
      quality,
      options.lock ?? {},
      options.cacheBytes ?? 64 * 1024 * 1024,
    );
  }

  // ---- index ----

  /**
   * Loads index files written since the last call (all of them when one was removed). A damaged
   * index file is left out and reported by {@link damagedIndexFiles}: the records only it locates
   * are missing to readers (reads needing them fail with INTEGRITY_ERROR), backups store them
   * again, and a cleanup rebuilds the index from the packs; the other files still serve.
   */
  async loadIndex(): Promise<RecordIndex> {
    const files = await this.storage.list(PATHS.index);
    const listed = new Set(files);
    if ([...this.index.files.keys(), ...this.damagedIndexes.keys()].some((file) => !listed.has(file))) {
      this.index = new RecordIndex();
      this.damagedIndexes.clear();
      this.frames.clear();
      this.checkedPacks.clear();
    }
    for (const file of files) {
      if (this.index.files.has(file) || this.damagedIndexes.has(file)) continue;
      try {
        this.index.add(file, await this.readSealed<IndexFile>(file, "index"));
      } catch (error) {
        if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
        this.damagedIndexes.set(file, { path: file, error });
      }
    }
    return this.index;
  }

  /** Index files that could not be read at the last {@link loadIndex}. */
  damagedIndexFiles(): DamagedFile[] {
    return [...this.damagedIndexes.values()];
  }

  /**
   * Packs the index names that are missing or not the size it recorded: deleted or cut short
   * behind qvault's back. Their records cannot be read; a backup stores them again.
   */
  async lostPacks(): Promise<Set<string>> {
    const packs = [...(await this.loadIndex()).packs];
    const lost = new Set<string>();
    for (let i = 0; i < packs.length; i += 64)
      await Promise.all(
        packs.slice(i, i + 64).map(async ([path, size]) => {
          if ((await this.storage.size(path)) !== size) lost.add(path);
        }),
      );
    return lost;
  }

  /**
   * Locates the records of packs that no readable index file names, from their own trailers,
   * for the cleanup that rebuilds the index (records of `lost` packs move to them). Packs whose
   * trailer cannot be read are skipped. Returns what each adopted pack holds.
   */
  async adoptPacks(paths: readonly string[], lost: ReadonlySet<string>): Promise<IndexFile["packs"]> {
    const index = await this.loadIndex();
    const adopted: IndexFile["packs"] = [];
    for (const path of paths) {
      let pack: IndexFile["packs"][number];
      try {
        const bytes = await this.storage.read(path);
        pack = { path, size: bytes.length, ...(await this.packContents(path, bytes)) };
      } catch (error) {
        if (error instanceof StorageError || (isQvaultError(error) && error.code === "INTEGRITY_ERROR"))
          continue;
        throw error;
      }
      index.adopt(pack, lost);
      adopted.push(pack);
    }
    return adopted;
  }

  async readSealed<T>(path: string, kind: "index" | "manifest"): Promise<T> {
    return openSealedFile<T>(path, await this.storage.read(path), kind, this.codec, this.key);
  }

  /**
   * Reads the manifest at `path`. @throws INTEGRITY_ERROR when it is damaged, or when it is
   * another snapshot's (a manifest's path names its id and date: a file copied over another
   * must not pass for it).
   */
  async readManifest(path: string): Promise<SnapshotManifest> {
    const manifest = await this.readSealed<SnapshotManifest>(path, "manifest");
    const time = new Date(manifest.time);
    if (Number.isNaN(time.getTime()) || snapshotPath(manifest.id, time) !== path)
      throw new QvaultError(
        "INTEGRITY_ERROR",
        `${path} is damaged: it holds snapshot ${manifest.id} of ${manifest.time}, which belongs elsewhere`,
        { details: { path } },
      );
    return manifest;
  }

  // ---- snapshots ----

  /**
   * Every readable snapshot, oldest first. Damaged manifests are left out and reported by
   * {@link damagedSnapshots}; they never stop the others from being listed.
   */
  async listSnapshots(): Promise<SnapshotManifest[]> {
    const paths = await this.storage.list(PATHS.snapshots);
    const listed = new Set(paths);
    for (const path of [...this.manifests.keys()]) if (!listed.has(path)) this.manifests.delete(path);
    for (const path of [...this.damagedManifests.keys()])
      if (!listed.has(path)) this.damagedManifests.delete(path);
    for (const path of paths) {
      if (this.manifests.has(path) || this.damagedManifests.has(path)) continue;
      try {
        this.manifests.set(path, await this.readManifest(path));
      } catch (error) {
        if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
        this.damagedManifests.set(path, { path, error });
      }
    }
    return [...this.manifests.values()].sort((a, b) =>
      a.time < b.time ? -1 : a.time > b.time ? 1 : a.id < b.id ? -1 : 1,
    );
  }

  /** Manifests that could not be read at the last listing. */
  damagedSnapshots(): DamagedFile[] {
    return [...this.damagedManifests.values()];
  }

  /** @throws NOT_FOUND; INTEGRITY_ERROR when its manifest is damaged. */
  async getSnapshot(id: string): Promise<SnapshotManifest> {
    const found = (await this.listSnapshots()).find((m) => m.id === id);
    if (found) return found;
    const damaged = this.damagedSnapshots().find((d) => d.path.endsWith(`/${id}`));
    if (damaged) throw damaged.error;
    throw notFound("Backup", id);
  }

  pathOf(manifest: SnapshotManifest): string | undefined {
    for (const [path, m] of this.manifests) if (m === manifest || m.id === manifest.id) return path;
    return undefined;
  }

  // ---- records ----

  /** Reads records by digest, each frame once, checking every digest. @throws INTEGRITY_ERROR naming what is damaged or missing. */
  async readRecordBytes(digests: Iterable<string>): Promise<Map<string, Uint8Array>> {
    const index = await this.loadIndex();
    const byFrame = new Map<
      string,
      { frame: NonNullable<ReturnType<RecordIndex["get"]>>["frame"]; wanted: [string, number, number][] }
    >();
    const missing: string[] = [];
    for (const digest of digests) {
      const location = index.get(digest);
      if (!location) {
        missing.push(digest);
        continue;
      }
      const key = `${location.frame.pack}@${location.frame.offset}`;
      let group = byFrame.get(key);
      if (!group) {
        group = { frame: location.frame, wanted: [] };
        byFrame.set(key, group);
      }
      group.wanted.push([digest, location.offset, location.length]);
    }
    if (missing.length)
      throw new QvaultError(
        "INTEGRITY_ERROR",
        `${missing.length} record(s) are not in the repository's index${
          this.damagedIndexes.size
            ? ` (${this.damagedIndexes.size} index file(s) cannot be read: a cleanup (prune) rebuilds the index from the packs)`
            : ""
        }`,
        {
          details: { missing: missing.slice(0, 20) },
        },
      );
    const out = new Map<string, Uint8Array>();
    const damaged: string[] = [];
    for (const { frame, wanted } of byFrame.values()) {
      const raw = await this.readFrame(frame);
      for (const [digest, offset, length] of wanted) {
        const bytes = raw.subarray(offset, offset + length);
        if (bytes.length !== length || this.codec.sha256Hex(bytes) !== digest) damaged.push(digest);
        else out.set(digest, bytes);
      }
    }
    if (damaged.length)
      throw new QvaultError("INTEGRITY_ERROR", `${damaged.length} record(s) do not match their digest`, {
        details: { damaged: damaged.slice(0, 20) },
      });
    return out;
  }

  async readRecords<T>(digests: Iterable<string>): Promise<Map<string, T>> {
    const bytes = await this.readRecordBytes(digests);
    const out = new Map<string, T>();
    for (const [digest, value] of bytes) out.set(digest, decodeRecord<T>(value));
    return out;
  }

  /** The decompressed bytes of a frame. @throws INTEGRITY_ERROR when its pack is missing or damaged. */
  async readFrame(frame: {
    pack: string;
    offset: number;
    length: number;
    hash: string;
  }): Promise<Uint8Array> {
    const key = `${frame.pack}@${frame.offset}`;
    const cached = this.frames.get(key);
    if (cached) return cached;
    let stored: Uint8Array;
    try {
      if (!this.checkedPacks.has(frame.pack)) await this.checkPackEnvelope(frame.pack);
      stored = await this.storage.readRange(frame.pack, frame.offset, frame.length);
    } catch (cause) {
      throw new QvaultError("INTEGRITY_ERROR", `pack ${frame.pack} cannot be read`, {
        cause,
        details: { path: frame.pack },
      });
    }
    if (!frameHashMatches(this.codec, stored, frame))
      throw new QvaultError("INTEGRITY_ERROR", `pack ${frame.pack} is damaged at byte ${frame.offset}`, {
        details: { path: frame.pack, offset: frame.offset },
      });
    const raw = await openFrame({ codec: this.codec, key: this.key }, stored, frame.pack);
    this.frames.set(key, raw);
    return raw;
  }

  /** The key that seals frames and files, for code of this package that writes them (prune). */
  frameKey(): Uint8Array | null {
    return this.key;
  }

  /** A whole pack's own description, from its trailer. @throws INTEGRITY_ERROR */
  packContents(path: string, bytes: Uint8Array): Promise<PackContents> {
    return readPackContents({ codec: this.codec, key: this.key }, path, bytes);
  }

  /** Decrypts and decompresses a frame's stored bytes. @throws INTEGRITY_ERROR */
  unsealFrame(stored: Uint8Array, what: string): Promise<Uint8Array> {
    return openFrame({ codec: this.codec, key: this.key }, stored, what);
  }

  /**
   * Checks a pack's header, footer and trailer checksum the first time it is read, so that
   * damage anywhere in a pack is refused by reads, not only damage inside the frames they use.
   */
  private async checkPackEnvelope(path: string): Promise<void> {
    const size = await this.storage.size(path);
    if (size === null || size < PACK_HEADER + PACK_FOOTER)
      throw new StorageError("ENOENT", `pack ${path} is missing or truncated`, path);
    const header = await this.storage.readRange(path, 0, PACK_HEADER);
    const footer = await this.storage.readRange(path, size - PACK_FOOTER, PACK_FOOTER);
    const trailerLength = new DataView(footer.buffer, footer.byteOffset).getUint32(0, true);
    const expected = this.index.packs.get(path);
    const ok =
      (expected === undefined || expected === size) &&
      checkPackHeader(header, this.key !== null) &&
      checkPackFooter(footer) &&
      trailerLength <= size - PACK_HEADER - PACK_FOOTER &&
      equalBytes(
        this.codec.sha256(
          await this.storage.readRange(path, size - PACK_FOOTER - trailerLength, trailerLength),
        ),
        footer.subarray(4, 36),
      );
    if (!ok) throw new StorageError("EBADPACK", `pack ${path} has a damaged header, footer or trailer`, path);
    this.checkedPacks.add(path);
  }

  /**
   * A section's listing in a snapshot: the ids it holds and their digests. Listings are content
   * addressed, so resolved ones are kept (see {@link rememberListing}); the maps returned are
   * shared and must not be changed. `cached: false` reads and checks the blobs again.
   */
  async readListing(ref: ListingRef, options: { cached?: boolean } = {}): Promise<ResolvedListing> {
    const key = listingKey(ref);
    if (options.cached !== false) {
      const hit = this.listings.get(key);
      if (hit) {
        this.listings.delete(key);
        this.listings.set(key, hit);
        return hit.listing;
      }
    }
    const blobs = await this.readRecords<ListingBase | ListingDelta>([ref.base, ...ref.deltas]);
    const base = this.listingBases.get(ref.base) ?? new Map((blobs.get(ref.base) as ListingBase).entries);
    const resolved = ResolvedListing.combine(
      ref,
      base,
      ref.deltas.map((digest) => blobs.get(digest) as ListingDelta),
    );
    this.rememberListing(resolved);
    return resolved;
  }

  /**
   * Keeps a resolved listing (one just written, or just read) for later reads, within a bound
   * on the entries held. Automatic backups build each snapshot's listings on the previous one's,
   * so this spares them reading and parsing every changed section's listing again.
   */
  rememberListing(listing: ResolvedListing): void {
    const key = listingKey(listing.ref);
    const old = this.listings.get(key);
    if (old) {
      this.listings.delete(key);
      this.listingEntries -= old.counted;
    }
    const counted = ownEntries(listing);
    this.listings.set(key, { listing, counted });
    this.listingEntries += counted;
    if (!this.listingBases.has(listing.ref.base)) {
      this.listingBases.set(listing.ref.base, listing.base);
      this.listingEntries += listing.base.size;
    }
    for (const [oldest, entry] of this.listings) {
      if (this.listingEntries <= LISTING_CACHE_ENTRIES || oldest === key) break;
      this.listings.delete(oldest);
      this.listingEntries -= entry.counted;
      const base = entry.listing.ref.base;
      if (![...this.listings.values()].some((l) => l.listing.ref.base === base)) {
        this.listingEntries -= this.listingBases.get(base)?.size ?? 0;
        this.listingBases.delete(base);
      }
    }
  }

  // ---- writing ----

  /**
   * Runs `work` as the repository's one writer: under the writer lock (waiting for another
   * writer, in this process or another), with a {@link RecordWriter} for new records. Records
   * and their index are stored when `work` calls `commit`, the manifest last. If `work` throws,
   * nothing it added is referenced (packs already written are left for cleanup).
   */
  async write<T>(purpose: string, work: (session: WriteSession) => Promise<T>): Promise<T> {
    const run = this.writing.then(async () => {
      const release = await acquireLock(this.storage, this.codec, purpose, this.lockOptions);
      try {
        const index = await this.loadIndex();
        // Never build on records that cannot be read back: those of lost packs are stored again.
        const writer = new RecordWriter(
          this.storage,
          { codec: this.codec, key: this.key, quality: this.quality },
          index,
          LIMITS,
          await this.lostPacks(),
        );
        const session: WriteSession = {
          writer,
          index,
          commit: async (fields, id) => {
            const indexFile = await writer.flush(this.codec.randomBytes(4));
            if (indexFile) this.index.add(indexFile.path, indexFile.content);
            const manifest: SnapshotManifest = {
              ...fields,
              id: id ?? newId(this.codec.randomBytes(4)),
              version: FORMAT_VERSION,
            };
            const path = snapshotPath(manifest.id, new Date(manifest.time));
            let sealed = await sealFile("manifest", manifest, {
              codec: this.codec,
              key: this.key,
              quality: this.quality,
            });
            manifest.stats.addedBytes = writer.addedBytes + (indexFile?.bytes ?? 0) + sealed.length;
            sealed = await sealFile("manifest", manifest, {
              codec: this.codec,
              key: this.key,
              quality: this.quality,
            });
            await this.storage.write(path, sealed);
            this.manifests.set(path, manifest);
            return manifest;
          },
        };
        return await work(session);
      } finally {
        // A lock that cannot be removed must not turn a committed write into a failure; it is
        // recognised as stale by the next writer (see lock.ts).
        await release().catch(() => {});
      }
    });
    this.writing = run.catch(() => undefined);
    return run;
  }

  // ---- pins and deletion ----

  async pinnedIds(): Promise<Set<string>> {
    return new Set((await this.storage.list(PATHS.pins)).map((path) => path.slice(PATHS.pins.length)));
  }

  async setPinned(id: string, pinned: boolean): Promise<void> {
    await this.getSnapshot(id);
    const path = `${PATHS.pins}${id}`;
    if (pinned) {
      if ((await this.storage.size(path)) === null) await this.storage.write(path, new Uint8Array());
    } else await this.storage.delete(path);
  }

  /**
   * Deletes a snapshot's manifest (its data goes at the next cleanup); a damaged manifest, which
   * cannot be read, can be deleted too. @throws NOT_FOUND; CONFLICT when pinned.
   */
  async deleteSnapshot(id: string): Promise<void> {
    await this.listSnapshots();
    const path =
      [...this.manifests].find(([, m]) => m.id === id)?.[0] ??
      this.damagedSnapshots().find((d) => d.path.endsWith(`/${id}`))?.path;
    if (!path) throw notFound("Backup", id);
    if ((await this.pinnedIds()).has(id))
      throw new QvaultError("CONFLICT", `Backup ${id} is pinned; unpin it before deleting it`, {
        details: { id },
      });
    await this.write(`delete ${id}`, async () => {
      await this.storage.delete(path);
      this.manifests.delete(path);
      this.damagedManifests.delete(path);
    });
  }
}

/** True when the storage holds snapshots, index files or packs. */
async function holdsBackups(storage: Storage): Promise<boolean> {
  for (const prefix of [PATHS.snapshots, PATHS.index, PATHS.data])
    if ((await storage.list(prefix)).length) return true;
  return false;
}

function configLost(storage: Storage, how: "missing" | "damaged", cause?: unknown): QvaultError {
  return new QvaultError(
    "INTEGRITY_ERROR",
    `The repository at ${storage.location} holds backups, but its config file is ${how}: put the config file back from a copy of the repository (an encrypted repository's key is in it); qvault will not create a new repository over these backups`,
    { details: { location: storage.location, path: PATHS.config }, cause },
  );
}
