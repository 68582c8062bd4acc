/** The GraphQL schema, built from the resolver classes. */
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { buildSchema } from "type-graphql";
import { ApiKeyResolver } from "./api-key.resolver.js";
import { QuestionResolver, SectionResolver } from "./bank.resolver.js";
import { authChecker } from "./context.js";

export function buildQvaultSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [SectionResolver, QuestionResolver, ApiKeyResolver],
    authChecker,
    authMode: "error",
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
}
