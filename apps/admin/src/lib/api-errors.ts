/**
 * Reading the API's errors. The API puts a code from a closed table in `extensions.code`
 * (and, for BAD_USER_INPUT, the offending `field` and every `issues` entry); its HTTP routes
 * (archives) answer `{ code, message }` with the same codes, read here as an {@link HttpError}.
 * The admin branches on those codes, never on message text.
 */
import { CombinedGraphQLErrors, ServerError } from "@apollo/client";
import type { ErrorCode } from "@qvault/core/web";

/** The API's error codes (core's one table), plus NETWORK for "no usable answer from the server". */
export type ApiErrorCode = ErrorCode | "NETWORK";

/**
 * A refusal of one of the API's HTTP routes: its `{ code, message }` body and the HTTP status
 * (which tells a 413 "too large" from other BAD_USER_INPUT refusals). NETWORK when no answer came.
 */
export class HttpError extends Error {
  override readonly name = "HttpError";
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/** One input problem: the path of the field (`prompt`, `answers.2.text`) and what is wrong. */
export interface FieldIssue {
  field: string;
  message: string;
}

function firstGraphQLError(error: unknown) {
  return CombinedGraphQLErrors.is(error) ? error.errors[0] : undefined;
}

/** The code of `error` (an Apollo error or anything thrown). */
export function errorCode(error: unknown): ApiErrorCode {
  if (error instanceof HttpError) return error.code;
  const first = firstGraphQLError(error);
  if (first) return (first.extensions?.code as ApiErrorCode | undefined) ?? "INTERNAL_SERVER_ERROR";
  if (ServerError.is(error) && error.statusCode === 401) return "UNAUTHENTICATED";
  if (ServerError.is(error) && error.statusCode >= 500) return "INTERNAL_SERVER_ERROR";
  return "NETWORK";
}

/** True when the server rejected the key: unknown, revoked or missing. */
export function isUnauthenticated(error: unknown): boolean {
  return errorCode(error) === "UNAUTHENTICATED";
}

/** Every input problem of a BAD_USER_INPUT error, in the server's order; [] for other errors. */
export function fieldIssues(error: unknown): FieldIssue[] {
  const first = firstGraphQLError(error);
  if (first?.extensions?.code !== "BAD_USER_INPUT") return [];
  const issues = first.extensions.issues;
  if (Array.isArray(issues)) {
    return issues.filter(
      (issue): issue is FieldIssue => typeof issue?.field === "string" && typeof issue?.message === "string",
    );
  }
  const field = first.extensions.field;
  if (typeof field !== "string") return [];
  const prefix = `${field}: `;
  return [
    { field, message: first.message.startsWith(prefix) ? first.message.slice(prefix.length) : first.message },
  ];
}

/** A sentence for a person: the server's message, or what a network failure means. */
export function errorMessage(error: unknown): string {
  const first = firstGraphQLError(error);
  if (first) return first.message;
  if (error instanceof HttpError && error.code !== "NETWORK" && error.code !== "INTERNAL_SERVER_ERROR")
    return error.message;
  switch (errorCode(error)) {
    case "UNAUTHENTICATED":
      return "This key is unknown or revoked";
    case "INTERNAL_SERVER_ERROR":
      return "The qvault server failed; its log has the cause";
    default:
      return "Cannot reach the qvault server. Check that it is running, then try again.";
  }
}

/** One item an error names: a damaged record or a rule a restore would break. */
export interface ErrorItem {
  code: string | null;
  message: string;
  entity: string | null;
  id: string | null;
}

/**
 * The items of a VALIDATION_FAILED or INTEGRITY_ERROR error (`extensions.items`, at most 100, in
 * the server's order); [] for other errors.
 */
export function errorItems(error: unknown): ErrorItem[] {
  const items = firstGraphQLError(error)?.extensions?.items;
  if (!Array.isArray(items)) return [];
  return items
    .filter((item): item is Record<string, unknown> => typeof item?.message === "string")
    .map((item) => ({
      code: typeof item.code === "string" ? item.code : null,
      message: item.message as string,
      entity: typeof item.entity === "string" ? item.entity : null,
      id: typeof item.id === "string" ? item.id : null,
    }));
}
