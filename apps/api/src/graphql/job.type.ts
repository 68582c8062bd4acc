import type { JobKind, JobState, JobStatus } from "@qvault/core";
import { DateTimeResolver, JSONResolver, SafeIntResolver } from "graphql-scalars";
import { Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "./connection.js";

export const JobKindEnum = {
  BACKUP: "BACKUP",
  RESTORE: "RESTORE",
  VERIFY: "VERIFY",
  PRUNE: "PRUNE",
  IMPORT: "IMPORT",
  EXPORT: "EXPORT",
  COPY: "COPY",
  DRILL: "DRILL",
} as const;
export const JobStatusEnum = {
  QUEUED: "QUEUED",
  RUNNING: "RUNNING",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
  INTERRUPTED: "INTERRUPTED",
} as const;
registerEnumType(JobKindEnum, { name: "JobKind" });
registerEnumType(JobStatusEnum, {
  name: "JobStatus",
  description:
    "INTERRUPTED: the server stopped while the job was queued or running; nothing it did was kept.",
});

@ObjectType()
export class JobError {
  @Field(() => String, { description: "A stable code, e.g. INTEGRITY_ERROR, BAD_USER_INPUT." })
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType({ description: "A phase a job went through." })
export class JobPhase {
  @Field(() => String, { description: 'A named stage of the work, e.g. "reading", "writing", "verifying".' })
  phase!: string;

  @Field(() => DateTimeResolver)
  startedAt!: Date;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      "When the next phase began or, for the last, when the job finished; null while the phase lasts.",
  })
  finishedAt!: Date | null;
}

@ObjectType({ description: "A backup, restore, verification or cleanup, with its live progress." })
export class Job {
  @Field(() => ID)
  id!: string;

  @Field(() => JobKindEnum)
  kind!: JobKind;

  @Field(() => JobStatusEnum)
  status!: JobStatus;

  @Field(() => String, { nullable: true })
  phase!: string | null;

  @Field(() => [JobPhase], {
    description:
      "Every phase so far, in order (a phase entered again is listed again), stored with the job: its history keeps them once it has ended.",
  })
  phases!: JobPhase[];

  @Field(() => Int, { description: "Items done in the current phase." })
  done!: number;

  @Field(() => Int, { nullable: true, description: "Items in the current phase, when known." })
  total!: number | null;

  @Field(() => SafeIntResolver)
  bytesDone!: number;

  @Field(() => Float, { nullable: true })
  ratePerSecond!: number | null;

  @Field(() => Int, { nullable: true })
  etaMs!: number | null;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => JobError, { nullable: true })
  error!: JobError | null;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true })
  startedAt!: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  finishedAt!: Date | null;

  @Field(() => DateTimeResolver, {
    description:
      "When this state was sent: with each progress update and heartbeat (about every 2 s while it runs).",
  })
  updatedAt!: Date;

  @Field(() => JSONResolver, {
    nullable: true,
    description: "A structured result: for VERIFY, the problems found and what they affect.",
  })
  report!: unknown;

  @Field(() => JSONResolver, {
    description: "What the job was asked to do, e.g. a backup's scope or a restore's request.",
  })
  input!: unknown;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description: "For a FAILED job: when its failure was acknowledged (acknowledgeFailure); null until then.",
  })
  acknowledgedAt!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: "The name of the API key that acknowledged the failure.",
  })
  acknowledgedBy!: string | null;

  backupId!: string | null;
  safetyBackupId!: string | null;
}

export const JobConnection = connectionOf("Job", Job);

export function toJob(state: JobState): Job {
  return Object.assign(new Job(), state, {
    phases: state.phases.map(({ phase, startedAt }, index, all) => ({
      phase,
      startedAt,
      finishedAt: all[index + 1]?.startedAt ?? state.finishedAt,
    })),
    updatedAt: state.updatedAt ?? state.finishedAt ?? state.startedAt ?? state.createdAt,
    input: state.params,
    acknowledgedAt: state.acknowledged?.at ?? null,
    acknowledgedBy: state.acknowledged?.by ?? null,
  });
}
