/**
 * Errors of qvault.
 *
 * Every failure the engine or its adapters can report is a {@link QvaultError} carrying a
 * stable `code` from {@link ERROR_CODES}. Callers branch on the code, never on the message.
 * The GraphQL API copies the code to `extensions.code`; the command line maps it to an exit code.
 * `details` holds machine-readable context (e.g. the offending `field`); it never holds secrets.
 */

/**
 * The closed set of error codes: what each promises, the HTTP status an HTTP route answers it
 * with, and the exit code the command line ends with. Codes and exit codes are never renumbered;
 * new ones are added. This is the only table of them: the API, the HTTP routes, the command line
 * and the admin read it.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: { meaning: "no API key, or one that is unknown or revoked", httpStatus: 401, exitCode: 7 },
  FORBIDDEN: { meaning: "the key's role may not do this", httpStatus: 403, exitCode: 7 },
  BAD_USER_INPUT: {
    meaning: "an argument is malformed or breaks a rule of the bank; details.field names it",
    httpStatus: 400,
    exitCode: 2,
  },
  NOT_FOUND: { meaning: "the id names nothing", httpStatus: 404, exitCode: 4 },
  CONFLICT: {
    meaning: "the operation collides with the current state (e.g. a restore already running)",
    httpStatus: 409,
    exitCode: 6,
  },
  LOCKED: {
    meaning:
      "another writer holds the repository's lock; details.lock names it (host, pid, since); try again later",
    httpStatus: 423,
    exitCode: 11,
  },
  VALIDATION_FAILED: {
    meaning: "a restore plan (or an archive's records) has validation errors; nothing was written",
    httpStatus: 422,
    exitCode: 5,
  },
  INTEGRITY_ERROR: {
    meaning: "stored data failed a digest, decryption or structure check",
    httpStatus: 422,
    exitCode: 3,
  },
  WRONG_PASSPHRASE: {
    meaning: "the repository or archive is encrypted and the passphrase is missing or wrong",
    httpStatus: 400,
    exitCode: 12,
  },
  UNSUPPORTED_VERSION: {
    meaning: "the file was written by a newer format version than this qvault reads",
    httpStatus: 422,
    exitCode: 14,
  },
  STORAGE_ERROR: {
    meaning:
      "the repository's storage failed (full, read-only, permission denied, I/O error); details.reason is the system's code, details.path the file",
    httpStatus: 507,
    exitCode: 15,
  },
  CANCELLED: {
    meaning: "the job was cancelled before it finished; nothing it did was kept",
    httpStatus: 409,
    exitCode: 130,
  },
  INTERNAL_SERVER_ERROR: {
    meaning: "an unexpected failure; the message is generic, the log has the cause",
    httpStatus: 500,
    exitCode: 1,
  },
} as const satisfies Record<string, { meaning: string; httpStatus: number; exitCode: number }>;

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
  EIO: "an I/O error: check the disk or the object store, then run it again",
  EAUTH:
    "the object store refused qvault's credentials: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the profile or role) and the bucket's policy, then run it again",
  ENOBUCKET: "the bucket does not exist: create it, or correct the s3:// location, then run it again",
  ETHROTTLED: "the object store kept asking qvault to slow down: run it again later",
  ETIMEDOUT: "the storage did not answer in time: check the network and the store, then run it again",
  ECONNREFUSED:
    "the object store refused the connection: check QVAULT_S3_ENDPOINT and that the store runs, then run it again",
  ECONNRESET: "the connection to the object store was dropped: check the network, then run it again",
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

/** True when `code` is one of {@link ERROR_CODES}. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code);
}

/** A {@link QvaultError} as plain data, to cross a thread, an HTTP response or a process. */
export interface SerializedError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Anything thrown as plain data: {@link toQvaultError}'s code, message and details. An
 * INTERNAL_SERVER_ERROR keeps only its generic message, never the cause's.
 */
export function serializeError(value: unknown): SerializedError {
  const error = toQvaultError(value);
  if (error.code === "INTERNAL_SERVER_ERROR") return { code: error.code, message: "Internal error" };
  return error.details === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, details: error.details };
}

/** The {@link QvaultError} that {@link serializeError} wrote; an unknown code reads as INTERNAL_SERVER_ERROR. */
export function deserializeError(data: {
  code?: unknown;
  message?: unknown;
  details?: unknown;
}): QvaultError {
  const code = isErrorCode(data.code) ? data.code : "INTERNAL_SERVER_ERROR";
  const message = typeof data.message === "string" && data.message ? data.message : "Internal error";
  const details =
    data.details && typeof data.details === "object" ? (data.details as Record<string, unknown>) : undefined;
  return new QvaultError(code, message, details ? { details } : {});
}

/** Shorthand for a BAD_USER_INPUT error naming the offending field. */
export function badInput(field: string, message: string, details: Record<string, unknown> = {}): QvaultError {
  return new QvaultError("BAD_USER_INPUT", message, { details: { field, ...details } });
}

/** Shorthand for a NOT_FOUND error naming the entity and id. */
export function notFound(entity: string, id: string): QvaultError {
  return new QvaultError("NOT_FOUND", `${entity} ${id} does not exist`, { details: { entity, id } });
}
