/**
 * Storage faults beyond core's fault-injecting storage: a *torn* write, where part of the bytes
 * reach the file's final name and the write then fails, as on storage that does not keep the
 * Storage port's promise of whole-or-nothing files (a network file system, a bucket without
 * atomic puts). Core's `createFaultyStorage` covers writes refused before any byte lands.
 */
import { type Storage, StorageError } from "@qvault/core";

export interface TornStorage extends Storage {
  /** Mutating steps (writes, replaces and deletes) attempted so far. */
  readonly steps: number;
  /** The write step to tear (1-based); a delete at that step fails whole. */
  tearAt: number | null;
}

/** Tears the write numbered `tearAt`: its first `fraction` of bytes land, then EIO. */
export function createTornStorage(inner: Storage, tearAt: number | null, fraction = 0.5): TornStorage {
  let steps = 0;
  const storage: TornStorage = {
    get location() {
      return inner.location;
    },
    get steps() {
      return steps;
    },
    tearAt,
    async write(path, data) {
      if (++steps === storage.tearAt) {
        await inner.write(path, data.subarray(0, Math.floor(data.length * fraction)));
        throw new StorageError(
          "EIO",
          `EIO: write of ${path} torn after ${Math.floor(data.length * fraction)} bytes`,
          path,
        );
      }
      return inner.write(path, data);
    },
    async replace(path, data) {
      if (++steps === storage.tearAt) {
        await inner.replace(path, data.subarray(0, Math.floor(data.length * fraction)));
        throw new StorageError("EIO", `EIO: replace of ${path} torn`, path);
      }
      return inner.replace(path, data);
    },
    async delete(path) {
      if (++steps === storage.tearAt) throw new StorageError("EIO", `EIO: delete of ${path} failed`, path);
      return inner.delete(path);
    },
    read: (path) => inner.read(path),
    readRange: (path, offset, length) => inner.readRange(path, offset, length),
    size: (path) => inner.size(path),
    list: (prefix) => inner.list(prefix),
    freeBytes: () => inner.freeBytes?.() ?? Promise.resolve(null),
  };
  return storage;
}
