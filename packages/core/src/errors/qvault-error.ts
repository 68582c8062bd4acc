/**
 * Errors of qvault.
 *
 * Every failure the engine or its adapters can report is a {@link QvaultError} carrying a
 * stable `code` from {@link ERROR_CODES}. Callers branch on the code, never on the message.
 * The GraphQL API copies the code to `extensions.code`; the command line maps it to an exit code.
 * `details` holds machine-readable context (e.g. the offending `field`); it never holds secrets.
 */

/** The closed set of error codes, with the meaning each promises. */
export const ERROR_CODES = {
  UNAUTHENTICATED: "no API key, or one that is unknown or revoked",
  FORBIDDEN: "the key's role may not do this",
  BAD_USER_INPUT: "an argument is malformed or breaks a rule of the bank; details.field names it",
  NOT_FOUND: "the id names nothing",
  CONFLICT: "the operation collides with the current state (e.g. a restore already running)",
  VALIDATION_FAILED: "a restore plan has validation errors and was not applied",
  INTEGRITY_ERROR: "stored data failed a digest, decryption or structure check",
  WRONG_PASSPHRASE: "the repository or archive is encrypted and the passphrase is missing or wrong",
  UNSUPPORTED_VERSION: "the file was written by a newer format version than this qvault reads",
  STORAGE_ERROR:
    "the repository's storage failed (full, read-only, permission denied, I/O error); details.reason is the system's code, details.path the file",
  CANCELLED: "the job was cancelled before it finished; nothing it did was kept",
  INTERNAL_SERVER_ERROR: "an unexpected failure; the message is generic, the log has the cause",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface QvaultErrorOptions {
  /** Machine-readable context: `field` for input errors, ids for integrity errors. */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The one error type of qvault: a stable `code`, a human message, optional `details`. */
export class QvaultError extends Error {
  override readonly name = "QvaultError";
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: QvaultErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** True when `value` is a {@link QvaultError} (also across module copies). */
export function isQvaultError(value: unknown): value is QvaultError {
  return (
    value instanceof QvaultError ||
    (value instanceof Error &&
      value.name === "QvaultError" &&
      typeof (value as QvaultError).code === "string")
  );
}

/** What to do about a storage failure, by the system's code. */
const STORAGE_ADVICE: Record<string, string> = {
  ENOSPC: "the disk is full: free some space, then run it again",
  EDQUOT: "the disk quota is used up: free some space or raise the quota, then run it again",
  EACCES: "permission denied: give qvault's user write access to the repository's folder, then run it again",
  EPERM: "permission denied: give qvault's user write access to the repository's folder, then run it again",
  EROFS: "the file system is read-only: mount it read-write, then run it again",
  EIO: "an I/O error: check the disk, then run it again",
};

/** A failure of the Storage port (storage/storage.ts), recognised across module copies. */
function isStorageError(value: unknown): value is Error & { code: string; path: string } {
  return (
    value instanceof Error &&
    value.name === "StorageError" &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

/**
 * Turns anything thrown into a {@link QvaultError}: a QvaultError passes through; a storage
 * failure becomes STORAGE_ERROR saying what to do, with `details.reason` (ENOSPC, EACCES, EIO…)
 * and `details.path`; anything else becomes INTERNAL_SERVER_ERROR with a generic message and the
 * original as `cause`.
 */
export function toQvaultError(value: unknown): QvaultError {
  if (isQvaultError(value)) return value;
  if (isStorageError(value)) {
    const advice = STORAGE_ADVICE[value.code] ?? "check the repository's storage, then run it again";
    return new QvaultError(
      "STORAGE_ERROR",
      `The repository's storage failed with ${value.code} on ${value.path}: ${advice}`,
      { details: { reason: value.code, path: value.path }, cause: value },
    );
  }
  return new QvaultError("INTERNAL_SERVER_ERROR", "Internal error", { cause: value });
}

/** Shorthand for a BAD_USER_INPUT error naming the offending field. */
export function badInput(field: string, message: string, details: Record<string, unknown> = {}): QvaultError {
  return new QvaultError("BAD_USER_INPUT", message, { details: { field, ...details } });
}

/** Shorthand for a NOT_FOUND error naming the entity and id. */
export function notFound(entity: string, id: string): QvaultError {
  return new QvaultError("NOT_FOUND", `${entity} ${id} does not exist`, { details: { entity, id } });
}
