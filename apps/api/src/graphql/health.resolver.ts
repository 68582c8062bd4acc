/** System health for dashboards: the status, the checks behind it, live changes, and its history. */
import { badInput } from "@qvault/core";
import { DateTimeResolver, SafeIntResolver } from "graphql-scalars";
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
  Subscription,
} from "type-graphql";
import { type SystemHealth as Health, type HealthStatus, systemHealth } from "../services/health.js";
import { protectionHistory } from "../services/protection.js";
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

@ObjectType()
export class RecoveryPointSample {
  @Field(() => DateTimeResolver)
  at!: Date;

  @Field(() => Float, { description: "How old the newest backup was then, in seconds." })
  ageSeconds!: number;
}

@ObjectType()
export class BackupDay {
  @Field(() => String, { description: "The day (UTC), YYYY-MM-DD." })
  day!: string;

  @Field(() => Int)
  succeeded!: number;

  @Field(() => Int, { description: "Backups that failed or were cut off." })
  failed!: number;
}

@ObjectType()
export class DrillResult {
  @Field(() => DateTimeResolver)
  at!: Date;

  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => ID)
  jobId!: string;

  @Field(() => String, { nullable: true })
  message!: string | null;
}

@ObjectType()
export class StorageSample {
  @Field(() => DateTimeResolver)
  at!: Date;

  @Field(() => SafeIntResolver, { description: "Bytes the backups still held added, summed up to then." })
  bytes!: number;
}

@ObjectType({ description: "Whether the bank was protected, over the last days." })
export class ProtectionHistory {
  @Field(() => DateTimeResolver)
  from!: Date;

  @Field(() => DateTimeResolver)
  to!: Date;

  @Field(() => [RecoveryPointSample], {
    description: "The recovery point: the newest backup's age just before and at each backup, and now.",
  })
  recoveryPoint!: RecoveryPointSample[];

  @Field(() => [BackupDay], { description: "Each day of the window, oldest first." })
  backupDays!: BackupDay[];

  @Field(() => [DrillResult], { description: "Restore drills that ended, oldest first." })
  drills!: DrillResult[];

  @Field(() => [StorageSample])
  storage!: StorageSample[];

  @Field(() => Float, {
    nullable: true,
    description: "How many bytes a day the repository grew over the window.",
  })
  growthBytesPerDay!: number | null;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      "When the disk under the repository would be full at that pace; null when not growing or in object storage.",
  })
  diskFullAt!: Date | null;
}

@Resolver(() => SystemHealth)
export class HealthResolver {
  @Authorized()
  @Query(() => ProtectionHistory, {
    description: 'The dashboard\'s "am I protected?" charts, over the last `days` days (1 to 366).',
  })
  async protectionHistory(
    @Arg("days", () => Int, { defaultValue: 30 }) days: number,
    @Ctx() { services }: Context,
  ) {
    if (!Number.isInteger(days) || days < 1 || days > 366)
      throw badInput("days", `days must be a whole number from 1 to 366, not ${days}`);
    const freeBytes = (await services.repo.repository.storage.freeBytes?.()) ?? null;
    return protectionHistory(services.repo, days, freeBytes);
  }

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
