/**
 * Exit codes: a stable table scripts can branch on. An error of qvault ends with the exit code its
 * code carries in core's one table (`ERROR_CODES`); this table adds the command line's own
 * failures (no repository, no server, a declined confirmation) and says what each number means.
 * Codes are never renumbered; new ones are added.
 */
import { ERROR_CODES, isQvaultError } from "@qvault/core";

/** Each exit code with what it promises. */
export const EXIT_CODES = {
  OK: { code: 0, meaning: "success" },
  FAILURE: { code: 1, meaning: "any other failure" },
  USAGE: { code: 2, meaning: "bad command, flag or argument (BAD_USER_INPUT)" },
  INTEGRITY: {
    code: 3,
    meaning:
      "the repository or an archive is damaged: check found problems, or a record or file failed its digest",
  },
  NOT_FOUND: { code: 4, meaning: "a snapshot, section, question, job or file named does not exist" },
  VALIDATION_FAILED: {
    code: 5,
    meaning:
      "the restore plan has validation errors, or an archive's records break the record schema; nothing was written",
  },
  CONFLICT: {
    code: 6,
    meaning:
      "collides with the current state (a repository exists, a restore is running, pinned, the file exists)",
  },
  ACCESS_DENIED: {
    code: 7,
    meaning: "the server refused the API key (missing, unknown, revoked, or role too low)",
  },
  SERVER_UNREACHABLE: {
    code: 8,
    meaning: "the server could not be reached or did not answer as a qvault server",
  },
  NOT_CONFIRMED: { code: 9, meaning: "a confirmation was declined, or needed and not given (--yes)" },
  REPOSITORY_MISSING: { code: 10, meaning: "there is no repository at the location" },
  LOCKED: { code: 11, meaning: "another writer holds the repository's lock" },
  WRONG_PASSPHRASE: {
    code: 12,
    meaning: "the repository or archive is encrypted and the passphrase is missing or wrong",
  },
  DATABASE_MISSING: { code: 13, meaning: "there is no bank database at the location" },
  UNSUPPORTED_VERSION: { code: 14, meaning: "written by a newer qvault than this one (UNSUPPORTED_VERSION)" },
  STORAGE: {
    code: 15,
    meaning:
      "the file system refused a read or write (disk full, permission denied, I/O error: STORAGE_ERROR); what was already backed up is intact",
  },
  INTERRUPTED: { code: 130, meaning: "interrupted (Ctrl-C) or cancelled; nothing the command did was kept" },
} as const;

export type ExitName = keyof typeof EXIT_CODES;

/** A failure of the command line itself, with the exit code it ends with. */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    readonly exit: ExitName,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

const BY_NUMBER = new Map(
  Object.entries(EXIT_CODES).map(([name, { code }]) => [code as number, name as ExitName]),
);

/** The exit a thrown value ends the command with. */
export function exitOf(error: unknown): ExitName {
  if (error instanceof CliError) return error.exit;
  if (isQvaultError(error)) return BY_NUMBER.get(ERROR_CODES[error.code]?.exitCode) ?? "FAILURE";
  return "FAILURE";
}

/** The exit code table as help text. */
export function exitCodeHelp(): string {
  return Object.values(EXIT_CODES)
    .map(({ code, meaning }) => `  ${String(code).padStart(3)}  ${meaning}`)
    .join("\n");
}
