/**
 * Operations over WebSocket, answered as over HTTP: parsed within the token limit and validated
 * with the limits; a request's own errors (syntax, validation, an unknown operation, variables
 * that do not coerce) are BAD_USER_INPUT, with Apollo's reason where HTTP gives one, on that
 * operation alone: the connection stays open.
 *
 * Subscriptions share their work: an event that reaches many subscribers of one operation (same
 * document, variables and role) is executed once, and its result handed to each.
 */
import {
  createSourceEventStream,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  type FormattedExecutionResult,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  parse,
  print,
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

type Result = ExecutionResult | Promise<ExecutionResult>;

/** `source` with each value turned into `map(value)`; ending it ends `source`. */
function mapped<T>(
  source: AsyncIterable<T>,
  map: (value: T) => Result,
): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  return {
    async next() {
      const step = await iterator.next();
      return step.done ? { done: true, value: undefined } : { done: false, value: await map(step.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * graphql's `subscribe` for graphql-ws, sharing each event's execution among the subscribers of
 * one operation: events are published as one object to every subscriber, so the results are kept
 * by that object (weakly: they go with it) and by the operation's text, variables and `scope` of
 * the context (what the result may depend on besides them: the caller's role).
 */
export function sharedSubscribe(scope: (context: unknown) => string) {
  const results = new WeakMap<object, Map<string, Result>>();
  return async (args: ExecutionArgs) => {
    const stream = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in stream)) return stream as ExecutionResult;
    const key = JSON.stringify([
      print(args.document),
      args.operationName,
      args.variableValues,
      scope(args.contextValue),
    ]);
    return mapped(stream as AsyncIterable<unknown>, (event) => {
      if (event === null || typeof event !== "object") return execute({ ...args, rootValue: event });
      let byOperation = results.get(event);
      if (!byOperation) {
        byOperation = new Map();
        results.set(event, byOperation);
      }
      let result = byOperation.get(key);
      if (!result) {
        result = execute({ ...args, rootValue: event });
        byOperation.set(key, result);
      }
      return result;
    });
  };
}
