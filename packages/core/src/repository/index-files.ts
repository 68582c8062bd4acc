/**
 * Index files: the files under `index/`, the in-memory index built from them, and its repair.
 *
 * Terms: an *index file* names packs and where each of their records lies (FORMAT.md, "Index
 * files"); the *index* is the union of the readable ones ({@link RecordIndex}). A pack is *lost*
 * when the index names it but it is missing or not the size recorded; a pack is *adopted* when no
 * readable index file names it and its own trailer is read instead.
 *
 * Invariants: loading is incremental (only files not seen before are read) until a file known
 * before is gone; then every file is read again and `onReset` tells readers to drop what they
 * cached. A damaged index file is left out and reported, never fatal. {@link IndexRewriter.replace}
 * writes the new index file before it removes the old ones, so a crash between them leaves
 * duplicate entries, never a record that no file names.
 *
 * Not guaranteed: loss is judged by size only (the contents of packs are checked by reads and by
 * check); adoption changes the index in memory only, until a cleanup writes it. The rewriting
 * operations must run under the writer lock: a write session hands them out.
 */
import { type Codec, utf8 } from "../codec/codec.js";
import { isQvaultError, QvaultError } from "../errors/qvault-error.js";
import { type Storage, StorageError, storageFailed } from "../storage/storage.js";
import { newId, PATHS } from "./format.js";
import { type FrameSealer, readPackContents } from "./packs.js";
import {
  decodeIndexFile,
  encodeIndexFile,
  fromIndexFile,
  type IndexedPack,
  type IndexFile,
  RecordIndex,
} from "./record-index.js";
import { type DamagedFile, openSealedBytes, sealBytes } from "./sealed-file.js";

/** The sealed version of an index file in binary (FORMAT.md, "Index files"); 1 is JSON. */
const BINARY_INDEX = 2;

/**
 * An index file naming `packs`, sealed: binary, not compressed (its digests and hashes are
 * random bytes), encrypted when the repository is.
 */
export function sealIndexFile(packs: readonly IndexedPack[], sealer: FrameSealer): Promise<Uint8Array> {
  return sealBytes("index", encodeIndexFile(packs), { ...sealer, quality: null }, BINARY_INDEX);
}

/** An index file opened: its body in either form. @throws INTEGRITY_ERROR, as sealed files do */
export interface OpenedIndexFile {
  path: string;
  version: number;
  body: Uint8Array;
}

export async function openIndexFile(
  path: string,
  bytes: Uint8Array,
  codec: Codec,
  key: Uint8Array | null,
): Promise<OpenedIndexFile> {
  return { path, ...(await openSealedBytes(path, bytes, "index", codec, key)) };
}

/** Runs `decode` over an opened index file's body; a body that does not decode is damage. */
function decoded<T>(file: OpenedIndexFile, decode: (body: Uint8Array, json: boolean) => T): T {
  try {
    if (file.version !== BINARY_INDEX && file.version !== 1) throw new Error(`version ${file.version}`);
    return decode(file.body, file.version === 1);
  } catch (cause) {
    throw new QvaultError("INTEGRITY_ERROR", `${file.path} is damaged: cannot be decoded`, {
      details: { path: file.path },
      cause,
    });
  }
}

/** The packs an opened index file names. @throws INTEGRITY_ERROR */
export function packsOf(file: OpenedIndexFile): IndexedPack[] {
  return decoded(file, (body, json) =>
    json ? fromIndexFile(JSON.parse(utf8.decode(body)) as IndexFile) : decodeIndexFile(body),
  );
}

/** Every index file as stored now, read afresh (nothing loaded before is used). */
export interface IndexFilesRead {
  /** Every index file listed, in path order (readable or not). */
  paths: string[];
  /** The packs each readable file names, in path order. */
  files: Map<string, IndexedPack[]>;
  /** Files that could not be read, with the error as thrown. */
  unreadable: { path: string; error: unknown }[];
}

/** Reading the index; what any reader may do. */
export interface IndexFiles {
  /**
   * Loads index files written since the last call (all of them when one was removed). A damaged
   * file is left out and reported by {@link damaged}: the records only it locates are missing to
   * readers, backups store them again, and a cleanup rebuilds the index from the packs. The index
   * returned is shared and must not be changed.
   */
  load(): Promise<RecordIndex>;
  /** The index as last loaded, without looking at storage. */
  current(): RecordIndex;
  /** Index files that could not be read at the last {@link load}. */
  damaged(): DamagedFile[];
  /** Packs the index names that are missing or not the size it recorded. */
  lostPacks(): Promise<Set<string>>;
  /**
   * Locates the records of packs that no readable index file names from their own trailers
   * (records of `lost` packs move to them). Packs whose trailer cannot be read are skipped.
   * Returns what each adopted pack holds.
   */
  adopt(paths: readonly string[], lost: ReadonlySet<string>): Promise<IndexedPack[]>;
  /** Reads every index file afresh, for cleanup and check. */
  readAll(): Promise<IndexFilesRead>;
  /** Every pack file in storage, named by an index file or not. */
  packsOnDisk(): Promise<string[]>;
  /** Stored sizes, null for a missing file. */
  packSizes(paths: Iterable<string>): Promise<Map<string, number | null>>;
}

/** Changing the index; only through a write session, under the writer lock. */
export interface IndexRewriter extends IndexFiles {
  /** Adds an index file this session just wrote. */
  added(path: string, packs: readonly IndexedPack[]): void;
  /**
   * Writes one index file naming `packs` (none when empty), then removes the index files in
   * `replacing`, then loads the index again.
   */
  replace(packs: readonly IndexedPack[], replacing: readonly string[]): Promise<void>;
  /** Removes every pack file not in `keep`; returns how many went. */
  removePacks(keep: ReadonlySet<string>): Promise<number>;
}

export interface IndexFilesOptions {
  storage: Storage;
  sealer: FrameSealer;
  /** Called when the index is read again from scratch: cached frames may name packs that went. */
  onReset(): void;
}

export function createIndexFiles(options: IndexFilesOptions): IndexRewriter {
  return new RepositoryIndexFiles(options);
}

const STAT_BATCH = 64;

class RepositoryIndexFiles implements IndexRewriter {
  private index = new RecordIndex();
  private readonly damagedFiles = new Map<string, DamagedFile>();

  constructor(private readonly options: IndexFilesOptions) {}

  async load(): Promise<RecordIndex> {
    const files = await this.options.storage.list(PATHS.index);
    const listed = new Set(files);
    if ([...this.index.files.keys(), ...this.damagedFiles.keys()].some((file) => !listed.has(file))) {
      this.index = new RecordIndex();
      this.damagedFiles.clear();
      this.options.onReset();
    }
    for (const file of files) {
      if (this.index.files.has(file) || this.damagedFiles.has(file)) continue;
      try {
        const opened = await this.open(file);
        decoded(opened, (body, json) =>
          json ? this.index.add(file, packsOf(opened)) : this.index.addEncoded(file, body),
        );
      } catch (error) {
        if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
        this.damagedFiles.set(file, { path: file, error });
      }
    }
    return this.index;
  }

  current(): RecordIndex {
    return this.index;
  }

  damaged(): DamagedFile[] {
    return [...this.damagedFiles.values()];
  }

  async lostPacks(): Promise<Set<string>> {
    const packs = (await this.load()).packs;
    const lost = new Set<string>();
    for (const [path, size] of await this.packSizes(packs.keys()))
      if (size !== packs.get(path)) lost.add(path);
    return lost;
  }

  async adopt(paths: readonly string[], lost: ReadonlySet<string>): Promise<IndexedPack[]> {
    const index = await this.load();
    const adopted: IndexedPack[] = [];
    for (const path of paths) {
      let pack: IndexedPack;
      try {
        const bytes = await this.options.storage.read(path);
        pack = { path, size: bytes.length, ...(await readPackContents(this.options.sealer, path, bytes)) };
      } catch (error) {
        if (storageFailed(error)) throw error;
        if (error instanceof StorageError || (isQvaultError(error) && error.code === "INTEGRITY_ERROR"))
          continue;
        throw error;
      }
      index.adopt(pack, lost);
      adopted.push(pack);
    }
    return adopted;
  }

  async readAll(): Promise<IndexFilesRead> {
    const paths = await this.options.storage.list(PATHS.index);
    const files = new Map<string, IndexedPack[]>();
    const unreadable: IndexFilesRead["unreadable"] = [];
    for (const path of paths) {
      try {
        files.set(path, await this.read(path));
      } catch (error) {
        // An index file the storage could not deliver is not a damaged one: its packs must not
        // look unreferenced to a cleanup.
        if (storageFailed(error)) throw error;
        unreadable.push({ path, error });
      }
    }
    return { paths, files, unreadable };
  }

  async packsOnDisk(): Promise<string[]> {
    return (await this.options.storage.list(PATHS.data)).filter((path) => path.endsWith(".pack"));
  }

  async packSizes(paths: Iterable<string>): Promise<Map<string, number | null>> {
    const all = [...paths];
    const sizes = new Map<string, number | null>(all.map((path) => [path, null]));
    for (let i = 0; i < all.length; i += STAT_BATCH)
      await Promise.all(
        all
          .slice(i, i + STAT_BATCH)
          .map(async (path) => sizes.set(path, await this.options.storage.size(path))),
      );
    return sizes;
  }

  added(path: string, packs: readonly IndexedPack[]): void {
    this.index.add(path, packs);
  }

  async replace(packs: readonly IndexedPack[], replacing: readonly string[]): Promise<void> {
    const { storage, sealer } = this.options;
    if (packs.length)
      await storage.write(
        `${PATHS.index}${newId(sealer.codec.randomBytes(4))}`,
        await sealIndexFile(packs, sealer),
      );
    for (const path of replacing) await storage.delete(path);
    await this.load();
  }

  async removePacks(keep: ReadonlySet<string>): Promise<number> {
    let removed = 0;
    for (const path of await this.packsOnDisk())
      if (!keep.has(path)) {
        await this.options.storage.delete(path);
        removed++;
      }
    return removed;
  }

  private async open(path: string): Promise<OpenedIndexFile> {
    const { storage, sealer } = this.options;
    return openIndexFile(path, await storage.read(path), sealer.codec, sealer.key);
  }

  private async read(path: string): Promise<IndexedPack[]> {
    return packsOf(await this.open(path));
  }
}
