/**
 * Storage in a local folder. A write goes to a temporary name in the same folder, is fsynced,
 * renamed into place with link() (which refuses to replace an existing file), and the folder is
 * fsynced, so a crash leaves either the whole file or none (plus, at worst, a `.tmp-` file that
 * {@link createLocalStorage}'s `list` ignores and cleanup removes). `replace` is the same with
 * rename() in place of link(), which swaps the file in whole.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, mkdir, open, readdir, rename, rm, stat, statfs, unlink } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { checkPath, type Storage, StorageError } from "./storage.js";

const TEMP_PREFIX = ".tmp-";

function wrap(error: unknown, path: string): StorageError {
  const code = (error as NodeJS.ErrnoException)?.code ?? "EIO";
  return new StorageError(code, `${code} on ${path}: ${(error as Error)?.message ?? error}`, path, {
    cause: error,
  });
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function createLocalStorage(root: string): Storage {
  const full = (path: string) => join(root, checkPath(path));
  const madeDirs = new Set<string>();

  async function ensureDir(dir: string): Promise<void> {
    if (madeDirs.has(dir)) return;
    const created = await mkdir(dir, { recursive: true });
    if (created) {
      // Make the new folders themselves durable: fsync each parent whose entry was added.
      let current = dir;
      while (current.length >= created.length && current !== dirname(current)) {
        await fsyncDir(dirname(current));
        current = dirname(current);
      }
    }
    madeDirs.add(dir);
  }

  /** Writes `data` to a temporary file beside `path`, fsyncs it, then `place`s it and fsyncs the folder. */
  async function writeVia(
    path: string,
    data: Uint8Array,
    place: (temp: string, target: string) => Promise<void>,
  ): Promise<void> {
    const target = full(path);
    const dir = dirname(target);
    const temp = join(dir, `${TEMP_PREFIX}${randomBytes(8).toString("hex")}`);
    try {
      await ensureDir(dir);
      const handle = await open(temp, "wx");
      try {
        let written = 0;
        while (written < data.length) {
          const { bytesWritten } = await handle.write(data, written, data.length - written);
          written += bytesWritten;
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      await place(temp, target);
      await fsyncDir(dir);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => {});
      throw wrap(error, path);
    }
  }

  return {
    location: root,

    async write(path, data) {
      await writeVia(path, data, async (temp, target) => {
        await link(temp, target);
        await unlink(temp);
      });
    },

    async replace(path, data) {
      await writeVia(path, data, (temp, target) => rename(temp, target));
    },

    async read(path) {
      const handle = await open(full(path), "r").catch((error) => {
        throw wrap(error, path);
      });
      try {
        const { size } = await handle.stat();
        const buffer = new Uint8Array(size);
        let offset = 0;
        while (offset < size) {
          const { bytesRead } = await handle.read(buffer, offset, size - offset, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
        }
        return offset === size ? buffer : buffer.subarray(0, offset);
      } catch (error) {
        throw wrap(error, path);
      } finally {
        await handle.close();
      }
    },

    async readRange(path, offset, length) {
      const handle = await open(full(path), "r").catch((error) => {
        throw wrap(error, path);
      });
      try {
        const buffer = new Uint8Array(length);
        let read = 0;
        while (read < length) {
          const { bytesRead } = await handle.read(buffer, read, length - read, offset + read);
          if (bytesRead === 0) break;
          read += bytesRead;
        }
        if (read < length)
          throw new StorageError("ESHORT", `${path} ends before byte ${offset + length}`, path);
        return buffer;
      } catch (error) {
        throw error instanceof StorageError ? error : wrap(error, path);
      } finally {
        await handle.close();
      }
    },

    async size(path) {
      try {
        return (await stat(full(path))).size;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw wrap(error, path);
      }
    },

    async list(prefix) {
      const trimmed = prefix.replace(/\/+$/, "");
      const base = trimmed ? full(trimmed) : root;
      let entries: string[];
      try {
        entries = (await readdir(base, { recursive: true, withFileTypes: true }))
          .filter((entry) => entry.isFile() && !entry.name.startsWith(TEMP_PREFIX))
          .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join("/"));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw wrap(error, prefix);
      }
      return entries.sort();
    },

    async delete(path) {
      try {
        await unlink(full(path));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw wrap(error, path);
      }
    },

    async freeBytes() {
      try {
        const stats = await statfs(root);
        return stats.bavail * stats.bsize;
      } catch {
        return null;
      }
    },
  };
}
