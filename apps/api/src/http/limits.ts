/** Limits on what one request may ask for. Each breach is answered with a clear error. */
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import type { GraphQLError, ValidationContext, ValidationRule } from "graphql";

export const REQUEST_LIMITS = {
  /** Largest JSON request body. */
  bodyBytes: 1024 * 1024,
  /** Deepest selection set (introspection excepted). */
  depth: 12,
  /** Most aliases in one operation. */
  aliases: 30,
  /** Most expensive operation, in graphql-armor's cost units (objects 2, scalars 1, times depth). */
  cost: 20_000,
  /** Largest WebSocket message. */
  wsMessageBytes: 1024 * 1024,
} as const;

// Report a breach as a validation error (BAD_USER_INPUT) instead of throwing out of validation.
const report = {
  exposeLimits: true,
  propagateOnRejection: false,
  onReject: [(context: ValidationContext | null, error: GraphQLError) => context?.reportError(error)],
};

/** Validation rules enforcing the limits, for HTTP and WebSocket alike. */
export const limitRules: ValidationRule[] = [
  maxDepthRule({ n: REQUEST_LIMITS.depth, ignoreIntrospection: true, ...report }),
  maxAliasesRule({ n: REQUEST_LIMITS.aliases, ...report }),
  costLimitRule({ maxCost: REQUEST_LIMITS.cost, ignoreIntrospection: true, ...report }),
];
