/**
 * The Storage port: where the repository's bytes live (a local folder now, object storage later).
 *
 * Paths are relative, `/`-separated, without `..`. Files are immutable once written: `write`
 * makes a file appear whole or not at all (never half-written) and refuses to replace one that
 * exists. The one exception is `replace`, which only the writer lock uses, to refresh its file.
 * Nothing here interprets the bytes.
 */
export interface Storage {
  /** Writes a new file atomically and durably. @throws StorageError "EEXIST" when it exists. */
  write(path: string, data: Uint8Array): Promise<void>;
  /**
   * Writes a file atomically and durably, replacing the one at `path` if there is one: a reader
   * sees the old bytes or the new, never a mix. Only for the writer lock's refresh.
   */
  replace(path: string, data: Uint8Array): Promise<void>;
  read(path: string): Promise<Uint8Array>;
  readRange(path: string, offset: number, length: number): Promise<Uint8Array>;
  /** Size in bytes, or null when the file does not exist. */
  size(path: string): Promise<number | null>;
  /** Every file below `prefix` (recursive), as paths relative to the storage root, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes a file; a missing file is not an error. */
  delete(path: string): Promise<void>;
  /** Bytes free where the files live, when the storage can tell. */
  freeBytes?(): Promise<number | null>;
  /** A human description, e.g. the folder's path. */
  readonly location: string;
}

/** A failure of the storage itself, with the system's code (ENOENT, EEXIST, ENOSPC, EACCES…). */
export class StorageError extends Error {
  override readonly name = "StorageError";
  constructor(
    readonly code: string,
    message: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Storage codes that say a file is missing, cut short or damaged: about the bytes, not the storage. */
const DAMAGE_CODES: readonly string[] = ["ENOENT", "ESHORT", "EBADPACK"];

/**
 * True when `error` is the storage itself failing (a disk error, a network or an object store
 * that is down, throttles or refuses), rather than a file found missing or damaged. Such a
 * failure must fail the operation: a file it could not read is not a damaged file.
 */
export function storageFailed(error: unknown): error is StorageError {
  return error instanceof StorageError && !DAMAGE_CODES.includes(error.code);
}

export function checkPath(path: string): string {
  if (
    !path ||
    path.startsWith("/") ||
    path.split("/").some((part) => part === ".." || part === "" || part === ".")
  )
    throw new StorageError("EINVAL", `invalid storage path "${path}"`, path);
  return path;
}
