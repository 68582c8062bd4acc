/**
 * How errors leave the API: `extensions.code` from core's table, a human message, `field` for
 * input errors, and never a stack trace or an internal message.
 */

import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { ERROR_CODES, isQvaultError } from "@qvault/core";
import type { GraphQLFormattedError } from "graphql";

const REQUEST_ERRORS: Record<string, string> = {
  [ApolloServerErrorCode.GRAPHQL_PARSE_FAILED]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.BAD_USER_INPUT]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.BAD_REQUEST]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND]: "BAD_USER_INPUT",
  [ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED]: "BAD_USER_INPUT",
};

/** Formats an error for a client; logs the ones that are the server's fault. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  if (isQvaultError(original)) {
    if (original.code === "INTERNAL_SERVER_ERROR")
      console.error("internal error", original.cause ?? original);
    const { issues, ...details } = original.details ?? {};
    return {
      ...base,
      message: original.code === "INTERNAL_SERVER_ERROR" ? "Internal server error" : original.message,
      extensions: { code: original.code, ...details, ...(issues ? { issues } : {}) },
    };
  }
  const code = String(formatted.extensions?.code ?? "INTERNAL_SERVER_ERROR");
  if (code in ERROR_CODES && code !== "INTERNAL_SERVER_ERROR") return { ...base, extensions: { code } };
  const mapped = REQUEST_ERRORS[code];
  if (mapped) return { ...base, extensions: { code: mapped, reason: code } };
  console.error("internal error", original);
  return { ...base, message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } };
}
