/**
 * How errors leave the API: `extensions.code` from core's table, a human message, `field` for
 * input errors, and never a stack trace or an internal message.
 */

import { ApolloServerErrorCode } from "@apollo/server/errors";
import { ERROR_CODES, isQvaultError, type QvaultError, toQvaultError } from "@qvault/core";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import type { Logger } from "../logger.js";

const REQUEST_ERRORS: Record<string, string> = {
  [ApolloServerErrorCode.GRAPHQL_PARSE_FAILED]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.BAD_USER_INPUT]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.BAD_REQUEST]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]: "BAD_USER_INPUT",
};

/**
 * What was thrown, under the GraphQL errors wrapped around it: graphql-js wraps a resolver's
 * error once, and graphql-ws wraps an error thrown while a subscription runs once more.
 */
function originalOf(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

/** `error` marked as the client's fault with `code` (a code of Apollo's or of the table), as Apollo marks it over HTTP. */
export function requestError(error: unknown, code: string): GraphQLError {
  if (!(error instanceof GraphQLError)) return new GraphQLError(String(error), { extensions: { code } });
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, code },
  });
}

/**
 * What was thrown under `error`, and how the API answers it: with core's error (a storage failure
 * outside a job, deleteBackup on a full disk say, keeps its code too), a code of its own, a code
 * of Apollo's request errors, or, for anything else, as the server's fault.
 */
function classify(
  error: unknown,
  code: string,
):
  | { kind: "qvault"; error: QvaultError }
  | { kind: "code"; code: string; reason?: string }
  | { kind: "internal"; thrown: unknown } {
  const thrown = originalOf(error);
  const original = thrown instanceof Error && thrown.name === "StorageError" ? toQvaultError(thrown) : thrown;
  if (isQvaultError(original)) return { kind: "qvault", error: original };
  if (code in ERROR_CODES && code !== "INTERNAL_SERVER_ERROR") return { kind: "code", code };
  const mapped = REQUEST_ERRORS[code];
  if (mapped) return { kind: "code", code: mapped, reason: code };
  return { kind: "internal", thrown: original };
}

/**
 * Logs `error` when it is the server's fault (what {@link formatError} answers as
 * INTERNAL_SERVER_ERROR), with what was thrown; a client's error is not logged.
 */
export function logInternal(log: Pick<Logger, "error">, error: unknown): void {
  const found = classify(error, String((error as GraphQLError)?.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
  if (found.kind === "internal") log.error({ err: found.thrown }, "internal error");
  else if (found.kind === "qvault" && found.error.code === "INTERNAL_SERVER_ERROR")
    log.error({ err: found.error.cause ?? found.error }, "internal error");
}

/** Formats an error for a client, never with an internal message. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  const found = classify(error, String(formatted.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
  if (found.kind === "qvault") {
    const { issues, ...details } = found.error.details ?? {};
    return {
      ...base,
      message: found.error.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : found.error.message,
      extensions: { code: found.error.code, ...details, ...(issues ? { issues } : {}) },
    };
  }
  if (found.kind === "code")
    return { ...base, extensions: { code: found.code, ...(found.reason ? { reason: found.reason } : {}) } };
  return { ...base, message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
