/** Limits on what one request may ask for. Each breach is answered with a clear error. */
import { costLimitRule } from "@escape.tech/graphql-armor-cost-limit";
import { maxAliasesRule } from "@escape.tech/graphql-armor-max-aliases";
import { maxDepthRule } from "@escape.tech/graphql-armor-max-depth";
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from "graphql";

export const REQUEST_LIMITS = {
  /** Largest JSON request body. */
  bodyBytes: 1024 * 1024,
  /** Most tokens in one document: parsing stops there, before validation's cost grows with it. */
  tokens: 5_000,
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

/** How documents are parsed, over HTTP and WebSocket alike. */
export const parseOptions: ParseOptions = { maxTokens: REQUEST_LIMITS.tokens };

/** Validation rules enforcing the limits, for HTTP and WebSocket alike. */
export const limitRules: ValidationRule[] = [
  maxDepthRule({ n: REQUEST_LIMITS.depth, ignoreIntrospection: true, ...report }),
  maxAliasesRule({ n: REQUEST_LIMITS.aliases, ...report }),
  costLimitRule({ maxCost: REQUEST_LIMITS.cost, ignoreIntrospection: true, ...report }),
];

/** Refuses subscriptions over HTTP, which cannot stream them. */
export const noSubscriptionOverHttp: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === "subscription")
      context.reportError(
        new GraphQLError(
          "Subscriptions are served over WebSocket (graphql-transport-ws) at /graphql, not over HTTP",
          { nodes: node },
        ),
      );
  },
});
