/**
 * The bank's media folder: the files questions name by `audioPath`, under one root, which is a
 * local folder or a prefix of an object store (`s3://bucket/prefix`, for banks served by several
 * instances).
 *
 * Terms: a *path* is relative to the root, `/`-separated (core's `isSafeMediaPath`); a file is
 * *put* whole: a reader sees the old file or the new one, never half of one (a local file is
 * written under a temporary name beside its place, flushed, then renamed over it; an object is
 * one PUT).
 *
 * Invariants: no path leaves the root (an unsafe one is refused, as is one that goes through a
 * symbolic link out of a local folder); a reader never sees half a file. A {@link MediaChanges}
 * batch puts files so that they are in place before the database commits, and takes each back
 * (the file it replaced, or none) when the transaction rolls back; the replaced files are kept
 * until then, beside their places, under names starting with `.qvault-`, which are not media.
 *
 * A process killed between putting files and ending the transaction leaves the new files in place
 * and the replaced ones under `.qvault-old-<owner>-` names, `owner` naming the folder object (one
 * per process) whose batch kept them; {@link MediaFolder.recover} settles each whose owner is gone
 * by what the bank's committed records name: the kept file comes back when the bank names its
 * content (the transaction did not commit), and goes otherwise. A batch of an owner still at work
 * (another instance sharing the folder) is left alone.
 */
import { createHash, randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import {
  createStorage,
  isS3Location,
  isSafeMediaPath,
  QvaultError,
  type S3Settings,
  StorageError,
} from "@qvault/core";

const TEMP = ".qvault-tmp-";
const OLD = ".qvault-old-";

export interface MediaFolder {
  /** Where the files are: the local folder's path, or `s3://bucket/prefix`. */
  readonly root: string;
  /** Names this folder object's batches in the files they keep (12 hex digits, random). */
  readonly owner: string;
  /** The file's bytes; null when there is none. @throws BAD_USER_INPUT for an unsafe path */
  read(path: string): Promise<Uint8Array | null>;
  /** The file's size; null when there is none (or the path names one of the folder's own files). */
  size(path: string): Promise<number | null>;
  /** `length` bytes of the file from `offset` (within its size). */
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Starts a batch of changes to commit or roll back with a transaction. */
  changes(): MediaChanges;
  /**
   * Settles what batches interrupted by a crash left, those whose owner `gone(owner)` says is
   * gone (every one without it): their replaced files come back when `named(path)` (the SHA-256
   * the bank's records name for the path, or null) is their content, and go otherwise; temporary
   * files of a local folder go. Returns how many came back.
   */
  recover(
    named: (path: string) => Promise<string | null>,
    gone?: (owner: string) => Promise<boolean>,
  ): Promise<number>;
}

export interface MediaChanges {
  /** Puts `bytes` at `path`, keeping the file it replaces until commit or rollback. */
  put(path: string, bytes: Uint8Array): Promise<void>;
  /** Removes the file at `path`, keeping it until commit or rollback. */
  remove(path: string): Promise<void>;
  /** The transaction committed: the replaced files go. */
  commit(): Promise<void>;
  /** The transaction rolled back: every file changed is as it was. */
  rollback(): Promise<void>;
}

/**
 * Where a media folder's files live: the few operations {@link MediaFolder} needs, on checked
 * paths (relative to the root).
 */
interface MediaFiles {
  readonly root: string;
  /** Refuses a path that would leave the root (beyond the path's own form, checked before). */
  fence(path: string): Promise<void>;
  read(path: string): Promise<Uint8Array | null>;
  size(path: string): Promise<number | null>;
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Puts `bytes` whole at `path`, replacing any file there. */
  put(path: string, bytes: Uint8Array): Promise<void>;
  /** Gives the file at `path` a second name, `to`, which is free; false when there is no file. */
  keep(path: string, to: string): Promise<boolean>;
  /** Moves the file at `from` to `to`, replacing any file there. */
  move(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Every file's path, the folder's own temporary and kept files included. */
  list(): Promise<string[]>;
}

const badPath = (path: string) =>
  new QvaultError("BAD_USER_INPUT", `${JSON.stringify(path)} is not a path under the media folder`, {
    details: { field: "audioPath" },
  });

/** The media folder at `location`: `s3://bucket/prefix` (reached with `s3`), else a local folder (created when first written). */
export function mediaFolder(location: string, s3: S3Settings = {}): MediaFolder {
  const owner = randomBytes(6).toString("hex");
  const files = isS3Location(location) ? objectFiles(location, s3) : localFiles(location, owner);
  const ownFile = (path: string) => (path.split("/").at(-1) ?? "").startsWith(".qvault-");
  /** `path`, checked to name a media file under the root. */
  async function place(path: string): Promise<string> {
    if (!isSafeMediaPath(path) || ownFile(path)) throw badPath(path);
    await files.fence(path);
    return path;
  }
  /** A free name beside `path` to keep its file under until the batch ends. */
  const besides = (path: string) => {
    const at = path.lastIndexOf("/");
    return `${path.slice(0, at + 1)}${OLD}${owner}-${randomBytes(6).toString("hex")}-${path.slice(at + 1)}`;
  };

  return {
    root: files.root,
    owner,
    read: async (path) => files.read(await place(path)),
    size: async (path) => (isSafeMediaPath(path) && !ownFile(path) ? files.size(await place(path)) : null),
    readRange: async (path, offset, length) => files.readRange(await place(path), offset, length),
    changes() {
      /** Each change made: the file's path, and where the file it replaced is kept (or null). */
      const done: { path: string; kept: string | null }[] = [];
      return {
        async put(path, bytes) {
          await place(path);
          const kept = besides(path);
          // Kept under a second name first, so that the file is never missing while it is replaced.
          const entry = { path, kept: (await files.keep(path, kept)) ? kept : null };
          done.push(entry);
          await files.put(path, bytes);
        },
        async remove(path) {
          await place(path);
          const kept = besides(path);
          if (!(await files.keep(path, kept))) return;
          done.push({ path, kept });
          await files.remove(path);
        },
        async commit() {
          for (const { kept } of done.splice(0)) if (kept) await files.remove(kept);
        },
        async rollback() {
          for (const { path, kept } of done.splice(0).reverse()) {
            if (kept) await files.move(kept, path);
            else await files.remove(path);
          }
        },
      };
    },
    async recover(named, gone = async () => true) {
      let restored = 0;
      const settled = new Map<string, Promise<boolean>>();
      for (const path of await files.list()) {
        const at = path.lastIndexOf("/");
        const name = path.slice(at + 1);
        // Names without an owner (`.qvault-old-<random>-<name>`, `.qvault-tmp-<random>`) are older
        // qvault's, whose process is gone: owner "".
        const kept =
          /^\.qvault-old-([0-9a-f]{12})-[0-9a-f]{12}-(.+)$/.exec(name) ??
          /^\.qvault-old-()[0-9a-f]{12}-(.+)$/.exec(name);
        const temp = /^\.qvault-tmp-(?:([0-9a-f]{12})-)?[0-9a-f]{12}$/.exec(name);
        if (!kept && !temp) continue;
        const by = (kept ?? temp)![1] ?? "";
        if (by === owner) continue;
        if (!settled.has(by)) settled.set(by, by === "" ? Promise.resolve(true) : gone(by));
        if (!(await settled.get(by))) continue;
        if (temp) await files.remove(path);
        else if (kept) {
          const original = path.slice(0, at + 1) + kept[2];
          const wanted = await named(original);
          const bytes = await files.read(path);
          if (bytes && wanted === createHash("sha256").update(bytes).digest("hex")) {
            await files.move(path, original);
            restored++;
          } else await files.remove(path);
        }
      }
      return restored;
    },
  };
}

/** A local folder's files: temporary files flushed and renamed in place, hard links to keep files. */
function localFiles(root: string, owner: string): MediaFiles {
  const full = (path: string) => join(root, ...path.split("/"));
  const missing = (error: NodeJS.ErrnoException) => error.code === "ENOENT" || error.code === "EISDIR";
  /** The root once links are followed (once it exists). */
  let realRoot: string | undefined;
  return {
    root,
    async fence(path) {
      // The deepest folder that exists must be under the root once links are followed.
      let folder = dirname(full(path));
      let real: string | null = null;
      while (real === null) {
        real = await realpath(folder).catch(() => null);
        if (real === null && folder.length <= root.length) return;
        if (real === null) folder = dirname(folder);
      }
      realRoot ??= await realpath(root).catch(() => undefined);
      const under = realRoot ?? root;
      if (real !== under && !real.startsWith(under + sep)) throw badPath(path);
    },
    read: (path) =>
      readFile(full(path)).then(
        (bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
        (error: NodeJS.ErrnoException) => {
          if (missing(error)) return null;
          throw error;
        },
      ),
    size: (path) =>
      stat(full(path)).then(
        (s) => (s.isFile() ? s.size : null),
        () => null,
      ),
    async readRange(path, offset, length) {
      const handle = await open(full(path), "r");
      try {
        const buffer = new Uint8Array(length);
        let read = 0;
        while (read < length) {
          const { bytesRead } = await handle.read(buffer, read, length - read, offset + read);
          if (bytesRead === 0)
            throw new StorageError("ESHORT", `${path} ends before byte ${offset + length}`, path);
          read += bytesRead;
        }
        return buffer;
      } finally {
        await handle.close();
      }
    },
    async put(path, bytes) {
      const file = full(path);
      await mkdir(dirname(file), { recursive: true });
      const temp = join(dirname(file), `${TEMP}${owner}-${randomBytes(6).toString("hex")}`);
      try {
        const handle = await open(temp, "wx");
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    keep: (path, to) =>
      link(full(path), full(to)).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT") return false;
          throw error;
        },
      ),
    move: (from, to) => rename(full(from), full(to)),
    remove: (path) => rm(full(path), { force: true }),
    async list() {
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"));
    },
  };
}

/**
 * A prefix of an object store's files: each put is one PUT, whole; a file is kept by a copy of
 * its bytes (files are audio clips, at most the upload limit) and moved by a copy and a delete.
 */
function objectFiles(location: string, s3: S3Settings): MediaFiles {
  const storage = createStorage(location, s3);
  const read = (path: string) =>
    storage.read(path).catch((error: unknown) => {
      if (error instanceof StorageError && error.code === "ENOENT") return null;
      throw error;
    });
  return {
    root: storage.location,
    // A key is a name, not a path through folders: its checked form cannot leave the prefix.
    fence: async () => {},
    read,
    size: (path) => storage.size(path),
    readRange: (path, offset, length) => storage.readRange(path, offset, length),
    put: (path, bytes) => storage.replace(path, bytes),
    async keep(path, to) {
      const bytes = await read(path);
      if (!bytes) return false;
      await storage.write(to, bytes);
      return true;
    },
    async move(from, to) {
      const bytes = await read(from);
      if (!bytes) return;
      await storage.replace(to, bytes);
      await storage.delete(from);
    },
    remove: (path) => storage.delete(path),
    list: () => storage.list(""),
  };
}
