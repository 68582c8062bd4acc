/**
 * Operations over WebSocket, answered as over HTTP: parsed within the token limit and validated
 * with the limits; a request's own errors (syntax, validation, an unknown operation, variables
 * that do not coerce) are BAD_USER_INPUT, with Apollo's reason where HTTP gives one, on that
 * operation alone: the connection stays open.
 */
import {
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  specifiedRules,
  validate,
} from "graphql";
import type { SubscribePayload } from "graphql-ws";
import { formatError, requestError } from "../graphql/errors.js";
import { limitRules, parseOptions } from "./limits.js";

/** graphql-ws's `onSubscribe`: the operation to run, or the errors that refuse it. */
export function operationOf(
  schema: GraphQLSchema,
  payload: SubscribePayload,
): ExecutionArgs | readonly GraphQLError[] {
  let document: ExecutionArgs["document"];
  try {
    document = parse(payload.query, parseOptions);
  } catch (error) {
    return [requestError(error, "GRAPHQL_PARSE_FAILED")];
  }
  const errors = validate(schema, document, [...specifiedRules, ...limitRules]);
  if (errors.length) return errors.map((error) => requestError(error, "GRAPHQL_VALIDATION_FAILED"));
  if (!getOperationAST(document, payload.operationName))
    return [
      requestError(
        new GraphQLError(
          payload.operationName
            ? `Unknown operation named "${payload.operationName}".`
            : "Must provide operation name if query contains multiple operations.",
        ),
        "OPERATION_RESOLUTION_FAILURE",
      ),
    ];
  return {
    schema,
    document,
    operationName: payload.operationName,
    variableValues: payload.variables,
  };
}

/**
 * A result's errors formatted for the client. A result without `data` never started running: its
 * errors that no field raised (variables that do not coerce, an unknown operation name) are the
 * request's.
 */
export function formatResult(result: ExecutionResult): FormattedExecutionResult {
  if (!result.errors) return result as FormattedExecutionResult;
  const started = "data" in result;
  const errors = result.errors.map((error) => {
    const coded = started || error.path ? error : requestError(error, "BAD_USER_INPUT");
    return formatError(coded.toJSON(), coded);
  });
  return { ...result, errors };
}

/** Errors refused before or raised after an operation started, formatted for the client. */
export function formatErrors(errors: readonly GraphQLError[]) {
  return errors.map((error) => formatError(error.toJSON(), error));
}
