/**
 * The API's error codes as words, for where a code would otherwise be the main text (a job's
 * failure badge, the dashboard's last failure). The code itself stays available beside them
 * (in a tooltip, a job's details), since it is what logs and the command line print.
 */
import type { ApiErrorCode } from "./api-errors";

export const ERROR_WORDS: Record<ApiErrorCode, string> = {
  UNAUTHENTICATED: "Not signed in",
  FORBIDDEN: "Not allowed",
  BAD_USER_INPUT: "Invalid input",
  NOT_FOUND: "Not found",
  CONFLICT: "Conflict",
  LOCKED: "Repository busy",
  VALIDATION_FAILED: "Invalid data",
  INTEGRITY_ERROR: "Damaged data",
  WRONG_PASSPHRASE: "Wrong passphrase",
  UNSUPPORTED_VERSION: "Newer format",
  STORAGE_ERROR: "Storage failed",
  CANCELLED: "Cancelled",
  INTERNAL_SERVER_ERROR: "Server error",
  NETWORK: "No connection",
};

/** The words for `code`; a code the table does not know reads as itself, in lower case. */
export function errorWords(code: string): string {
  return (ERROR_WORDS as Record<string, string>)[code] ?? code.toLowerCase().replaceAll("_", " ");
}
