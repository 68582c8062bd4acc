/** The GraphQL schema, built from the resolver classes. */
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { DateTimeResolver } from "graphql-scalars";
import { buildSchema, type PubSub } from "type-graphql";
import { ApiKeyResolver } from "./api-key.resolver.js";
import { refuseNul } from "./arguments.js";
import { BackupResolver, QuestionSnapshotResolver } from "./backup.resolver.js";
import { QuestionResolver, SectionResolver } from "./bank.resolver.js";
import { authChecker } from "./context.js";
import { HealthResolver } from "./health.resolver.js";
import { JobResolver } from "./job.resolver.js";
import { NotificationResolver } from "./notification.resolver.js";
import { PruneResolver } from "./prune.resolver.js";
import { createQvaultPubSub, type QvaultPubSub } from "./pubsub.js";
import { QuestionHistoryResolver, RestoreResolver } from "./restore.resolver.js";
import { SettingsResolver } from "./settings.resolver.js";

/** Builds the schema; subscriptions are served by their own generators over `pubsub`. */
export function buildQvaultSchema(pubsub: QvaultPubSub = createQvaultPubSub()): Promise<GraphQLSchema> {
  return buildSchema({
    pubSub: pubsub as unknown as PubSub,
    resolvers: [
      SectionResolver,
      QuestionResolver,
      ApiKeyResolver,
      BackupResolver,
      QuestionSnapshotResolver,
      JobResolver,
      RestoreResolver,
      QuestionHistoryResolver,
      SettingsResolver,
      HealthResolver,
      PruneResolver,
      NotificationResolver,
    ],
    authChecker,
    authMode: "error",
    globalMiddlewares: [refuseNul],
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeResolver }],
  });
}
