/**
 * The bank's media folder: the files questions name by `audioPath`, under one root folder.
 *
 * Terms: a *path* is relative to the root, `/`-separated (core's `isSafeMediaPath`); a file is
 * *put* whole: written under a temporary name beside its place, flushed, then renamed over it.
 *
 * Invariants: no path leaves the root (an unsafe one is refused, as is one that goes through a
 * symbolic link out of it); a reader never sees half a file. A {@link MediaChanges} batch puts
 * files so that they are in place before the database commits, and takes each back (the file it
 * replaced, or none) when the transaction rolls back; the replaced files are kept until then,
 * beside their places, under names starting with `.qvault-`.
 *
 * A process killed between putting files and ending the transaction leaves the new files in place
 * and the replaced ones under `.qvault-old-` names; {@link MediaFolder.recover} settles each by
 * what the bank's committed records name: the kept file comes back when the bank names its
 * content (the transaction did not commit), and goes otherwise.
 */
import { createHash, randomBytes } from "node:crypto";
import { lstat, mkdir, open, readdir, readFile, realpath, rename, rm, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { isSafeMediaPath, QvaultError } from "@qvault/core";

const TEMP = ".qvault-tmp-";
const OLD = ".qvault-old-";

export interface MediaFolder {
  /** The root folder. */
  readonly root: string;
  /** The file's bytes; null when there is none. @throws BAD_USER_INPUT for an unsafe path */
  read(path: string): Promise<Uint8Array | null>;
  /** The file's size; null when there is none. */
  size(path: string): Promise<number | null>;
  /** Where the file is on disk (for serving it). @throws BAD_USER_INPUT for an unsafe path */
  locate(path: string): Promise<string>;
  /** Starts a batch of changes to commit or roll back with a transaction. */
  changes(): MediaChanges;
  /**
   * Settles what a batch interrupted by a crash left: temporary files go; a replaced file comes
   * back when `named(path)` (the SHA-256 the bank's records name for the path, or null) is its
   * content, and goes otherwise. Returns how many came back.
   */
  recover(named: (path: string) => Promise<string | null>): Promise<number>;
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

const badPath = (path: string) =>
  new QvaultError("BAD_USER_INPUT", `${JSON.stringify(path)} is not a path under the media folder`, {
    details: { field: "audioPath" },
  });

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

async function writeWhole(file: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, "wx");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The media folder at `root` (created when first written). */
export function mediaFolder(root: string): MediaFolder {
  /** The file's place on disk, checked to stay under the root. */
  async function place(path: string): Promise<string> {
    if (!isSafeMediaPath(path)) throw badPath(path);
    const file = join(root, ...path.split("/"));
    // The deepest folder that exists must be under the root once links are followed.
    let folder = dirname(file);
    while (!(await exists(folder)) && folder.length > root.length) folder = dirname(folder);
    if (await exists(folder)) {
      const real = await realpath(folder);
      const realRoot = await realpath(root).catch(() => root);
      if (real !== realRoot && !real.startsWith(realRoot + sep)) throw badPath(path);
    }
    return file;
  }

  const suffix = () => randomBytes(6).toString("hex");

  return {
    root,
    async read(path) {
      const file = await place(path);
      return readFile(file).then(
        (bytes) => new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
        (error: NodeJS.ErrnoException) => {
          if (error.code === "ENOENT" || error.code === "EISDIR") return null;
          throw error;
        },
      );
    },
    async size(path) {
      const file = await place(path);
      return stat(file).then(
        (s) => (s.isFile() ? s.size : null),
        () => null,
      );
    },
    locate: place,
    changes() {
      /** Each change made: the file's place, and where the file it replaced is kept (or null). */
      const done: { file: string; kept: string | null }[] = [];
      const keep = async (file: string) => {
        if (!(await exists(file))) return null;
        const kept = join(dirname(file), `${OLD}${suffix()}-${file.split(sep).at(-1)}`);
        await rename(file, kept);
        return kept;
      };
      return {
        async put(path, bytes) {
          const file = await place(path);
          await mkdir(dirname(file), { recursive: true });
          const temp = join(dirname(file), `${TEMP}${suffix()}`);
          await writeWhole(temp, bytes);
          const kept = await keep(file);
          done.push({ file, kept });
          await rename(temp, file);
        },
        async remove(path) {
          const file = await place(path);
          const kept = await keep(file);
          if (kept) done.push({ file, kept });
        },
        async commit() {
          for (const { kept } of done.splice(0)) if (kept) await rm(kept, { force: true });
        },
        async rollback() {
          for (const { file, kept } of done.splice(0).reverse()) {
            await rm(file, { force: true });
            if (kept) await rename(kept, file);
          }
        },
      };
    },
    async recover(named) {
      let restored = 0;
      const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const folder = entry.parentPath;
        const file = join(folder, entry.name);
        if (entry.name.startsWith(TEMP)) await rm(file, { force: true });
        else if (entry.name.startsWith(OLD)) {
          const name = entry.name.slice(OLD.length).replace(/^[0-9a-f]{12}-/, "");
          const wanted = await named(mediaPathOf(root, join(folder, name)));
          const content = createHash("sha256")
            .update(await readFile(file))
            .digest("hex");
          if (wanted === content) {
            await rename(file, join(folder, name));
            restored++;
          } else await rm(file, { force: true });
        }
      }
      return restored;
    },
  };
}

/** The path of `file` under `root`, `/`-separated (for files found on disk). */
export function mediaPathOf(root: string, file: string): string {
  return relative(root, file).split(sep).join("/");
}
