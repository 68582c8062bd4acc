/** System health for dashboards: the status, the checks behind it, and live changes. */
import { DateTimeResolver, SafeIntResolver } from "graphql-scalars";
import {
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
  Subscription,
} from "type-graphql";
import { type SystemHealth as Health, type HealthStatus, systemHealth } from "../services/health.js";
import type { Context } from "./context.js";
import { Job, JobError, toJob } from "./job.type.js";
import { listen } from "./pubsub.js";

export const HealthStatusEnum = { OK: "OK", DEGRADED: "DEGRADED", FAILING: "FAILING" } as const;
registerEnumType(HealthStatusEnum, { name: "HealthStatus", description: "The worst of the checks." });

@ObjectType()
export class HealthCheck {
  @Field(() => String)
  name!: string;

  @Field(() => HealthStatusEnum)
  status!: HealthStatus;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class StorageStats {
  @Field(() => String, {
    description:
      "Where the repository lives: its folder's path, or its s3://bucket/prefix in object storage.",
  })
  location!: string;

  @Field(() => SafeIntResolver, { description: "Bytes of the packs on disk." })
  bytesOnDisk!: number;

  @Field(() => SafeIntResolver, { description: "Size of the newest snapshot's records, uncompressed." })
  logicalBytes!: number;

  @Field(() => Float, { description: "Unique record bytes per byte on disk." })
  compressionRatio!: number;

  @Field(() => Float, { description: "Record bytes all snapshots reference per unique byte stored." })
  dedupRatio!: number;

  @Field(() => Int)
  snapshotCount!: number;

  @Field(() => Int)
  recordCount!: number;

  @Field(() => SafeIntResolver, { nullable: true })
  freeBytes!: number | null;
}

@ObjectType()
export class SystemHealth {
  @Field(() => HealthStatusEnum)
  status!: HealthStatus;

  @Field(() => [HealthCheck])
  checks!: HealthCheck[];

  @Field(() => DateTimeResolver, { nullable: true })
  lastBackupAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  lastSuccessfulBackupAt!: Date | null;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      "When the last copy to the second repository (the settings' copyTo) finished; null when none is set up or none succeeded yet.",
  })
  lastCopyAt!: Date | null;

  @Field(() => JobError, {
    nullable: true,
    description:
      "The newest failed job's error, whatever the failure (an import of a file that is not an archive too).",
  })
  lastFailure!: JobError | null;

  @Field(() => Int, {
    description:
      "Questions and sections changed since the last backup, each counted once however often it was edited.",
  })
  pendingChanges!: number;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      "When the oldest edit not yet in a backup was committed: how long the pending changes have waited, for clients to count on themselves. Null when none waits.",
  })
  pendingSince!: Date | null;

  @Field(() => StorageStats)
  storage!: StorageStats;

  @Field(() => DateTimeResolver, { nullable: true })
  nextScheduledBackupAt!: Date | null;
}

@Resolver(() => SystemHealth)
export class HealthResolver {
  @Authorized()
  @Query(() => SystemHealth)
  systemHealth(@Ctx() { services }: Context) {
    return systemHealth(services.repo, services.settings);
  }

  @Authorized()
  @Subscription(() => SystemHealth, {
    description: "The health now, then every time it changes (status, a check, pending changes, storage).",
    subscribe: ({ context }) => healthChanges(context as Context),
  })
  healthChanged(@Root() health: Health) {
    return health;
  }

  @FieldResolver(() => [Job], {
    description:
      "Failed jobs that degrade the health, newest first: not failed on their input (a refused file, a wrong passphrase), not acknowledged (acknowledgeFailure), and with no later success of their kind. Failed verifications have their own check.",
  })
  unresolvedFailures(@Root() health: Health) {
    return health.unresolvedFailures.map(toJob);
  }
}

async function* healthChanges(context: Context): AsyncGenerator<Health> {
  const events = listen(context.services.pubsub, "HEALTH_CHANGED");
  try {
    yield await systemHealth(context.services.repo, context.services.settings);
    for (;;) {
      const { value, done } = await events.next();
      if (done) return;
      yield value;
    }
  } finally {
    await events.return?.();
  }
}
