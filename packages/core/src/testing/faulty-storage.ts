/**
 * A Storage that fails on purpose: counts every mutating step (write, replace, delete) and fails the one
 * numbered `failAt` (1-based) with `code`, as a full disk or a crash at that moment would.
 */
import { type Storage, StorageError } from "../storage/storage.js";

export interface FaultyStorage extends Storage {
  /** Mutating steps attempted so far. */
  readonly steps: number;
  /** Fail the step with this number (1-based), and every later one when `sticky`. */
  failAt: number | null;
  sticky: boolean;
  code: string;
}

export function createFaultyStorage(
  inner: Storage,
  failAt: number | null = null,
  code = "ENOSPC",
): FaultyStorage {
  let steps = 0;
  const storage: FaultyStorage = {
    get location() {
      return inner.location;
    },
    get steps() {
      return steps;
    },
    failAt,
    sticky: false,
    code,
    async write(path, data) {
      step(path);
      return inner.write(path, data);
    },
    async replace(path, data) {
      step(path);
      return inner.replace(path, data);
    },
    async delete(path) {
      step(path);
      return inner.delete(path);
    },
    read: (path) => inner.read(path),
    readRange: (path, offset, length) => inner.readRange(path, offset, length),
    size: (path) => inner.size(path),
    list: (prefix) => inner.list(prefix),
  };
  function step(path: string) {
    steps++;
    if (storage.failAt !== null && (steps === storage.failAt || (storage.sticky && steps > storage.failAt)))
      throw new StorageError(
        storage.code,
        `${storage.code}: injected failure at step ${steps} (${path})`,
        path,
      );
  }
  return storage;
}
