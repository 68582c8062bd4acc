/** Jobs: history, live state, cancellation, verification, and progress subscriptions. */
import { FINAL_STATUSES, type JobKind, type JobState, type JobStatus, notFound } from "@qvault/core";
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from "type-graphql";
import { checkText } from "./arguments.js";
import { loadBackup } from "./backup.resolver.js";
import { Backup } from "./backup.type.js";
import { PageArgs } from "./connection.js";
import type { Context } from "./context.js";
import { Job, JobConnection, JobKindEnum, JobStatusEnum, toJob } from "./job.type.js";
import { listen } from "./pubsub.js";

@ArgsType()
class JobsArgs extends PageArgs {
  @Field(() => JobKindEnum, { nullable: true })
  kind?: JobKind | null;

  @Field(() => JobStatusEnum, { nullable: true })
  status?: JobStatus | null;
}

async function backupOrNull(context: Context, id: string | null): Promise<Backup | null> {
  if (!id) return null;
  try {
    return await loadBackup(context.services, id);
  } catch (error) {
    if ((error as { code?: string }).code === "NOT_FOUND") return null;
    throw error;
  }
}

@Resolver(() => Job)
export class JobResolver {
  @Authorized()
  @Query(() => JobConnection, { description: "Jobs, newest first." })
  async jobs(@Args(() => JobsArgs) args: JobsArgs, @Ctx() { services }: Context) {
    const page = await services.repo.store.list(args);
    return {
      edges: page.edges.map((edge) => ({
        node: toJob(services.repo.jobs.active(edge.node.id) ?? edge.node),
        cursor: edge.cursor,
      })),
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
      totalCount: page.totalCount,
    };
  }

  @Authorized()
  @Query(() => Job, { nullable: true })
  async job(@Arg("id", () => ID) id: string, @Ctx() { services }: Context) {
    const state = await services.repo.job(id);
    return state ? toJob(state) : null;
  }

  @FieldResolver(() => Backup, {
    nullable: true,
    description: "The backup a BACKUP job made, or a RESTORE job restored from.",
  })
  backup(@Root() job: Job, @Ctx() context: Context) {
    return backupOrNull(context, job.backupId);
  }

  @FieldResolver(() => Backup, {
    nullable: true,
    description: "For RESTORE: the pre-restore snapshot that undoes it.",
  })
  safetyBackup(@Root() job: Job, @Ctx() context: Context) {
    return backupOrNull(context, job.safetyBackupId);
  }

  @Authorized("OPERATOR")
  @Mutation(() => Job, { description: "Cancels a queued or running job; it keeps nothing of what it did." })
  async cancelJob(@Arg("id", () => ID) id: string, @Ctx() { services }: Context) {
    return toJob(await services.repo.cancel(id));
  }

  @Authorized("OPERATOR")
  @Mutation(() => Job, {
    description:
      "Acknowledges a failed job: records who (this key's name) and when; the failure no longer degrades the health. A second acknowledgment keeps the first. A failed verification keeps the health FAILING until a clean one: acknowledging does not repair the repository. NOT_FOUND for an unknown job; CONFLICT for one that did not fail.",
  })
  async acknowledgeFailure(@Arg("jobId", () => ID) jobId: string, @Ctx() { apiKey, services }: Context) {
    return toJob(await services.repo.acknowledgeFailure(jobId, apiKey.name));
  }

  @Authorized("OPERATOR")
  @Mutation(() => Job, {
    description: "Starts a VERIFY job: structure always; with readData, every record re-hashed.",
  })
  async verifyRepository(
    @Arg("readData", () => Boolean, { defaultValue: false }) readData: boolean,
    @Ctx() { services }: Context,
  ) {
    return toJob(await services.repo.verify(readData));
  }

  @Authorized("OPERATOR")
  @Mutation(() => Job, {
    description:
      "Starts a DRILL job: the newest backup of the whole bank restored into a scratch bank beside the live one (a temporary SQLite file, or a temporary PostgreSQL schema) and every record compared with the backup. The live bank is never touched. FAILED with INTEGRITY_ERROR, and its report naming what differs, when anything did not come back as the backup holds it; NOT_FOUND when there is no full backup.",
  })
  async startDrill(@Ctx() { services }: Context) {
    return toJob(await services.repo.startDrill("MANUAL"));
  }

  @Authorized("OPERATOR")
  @Mutation(() => Job, {
    description:
      "Starts a COPY job: the snapshots the copy (the settings' copyTo) lacks, and only the records it lacks, are copied into it. BAD_USER_INPUT naming copyTo when no copy is set up.",
  })
  async startCopy(@Ctx() { services }: Context) {
    return toJob(await services.repo.startCopy("MANUAL"));
  }

  @Authorized()
  @Subscription(() => Job, {
    description:
      "Every progress update of one job, from its current state to its final one; then the subscription completes.",
    subscribe: ({ args, context }) => {
      checkText(args);
      return jobProgress(context as Context, String(args.jobId));
    },
  })
  jobProgress(@Arg("jobId", () => ID) _jobId: string, @Root() job: JobState) {
    return toJob(job);
  }

  @Authorized()
  @Subscription(() => Job, {
    description: "The jobs queued or running now, then every job's updates, for dashboards.",
    subscribe: ({ context }) => jobUpdates(context as Context),
  })
  jobUpdates(@Root() job: JobState) {
    return toJob(job);
  }
}

async function* jobProgress(context: Context, jobId: string): AsyncGenerator<JobState> {
  const events = listen(context.services.pubsub, "JOB_UPDATED");
  try {
    const current = await context.services.repo.job(jobId);
    if (!current) throw notFound("Job", jobId);
    yield current;
    if (FINAL_STATUSES.includes(current.status)) return;
    for (;;) {
      const { value, done } = await events.next();
      if (done) return;
      if (value.id !== jobId) continue;
      yield value;
      if (FINAL_STATUSES.includes(value.status)) return;
    }
  } finally {
    await events.return?.();
  }
}

async function* jobUpdates(context: Context): AsyncGenerator<JobState> {
  const events = listen(context.services.pubsub, "JOB_UPDATED");
  try {
    // Start from the jobs under way, so a subscriber misses nothing that began before it.
    for (const job of await context.services.repo.unfinished()) yield job;
    for (;;) {
      const { value, done } = await events.next();
      if (done) return;
      yield value;
    }
  } finally {
    await events.return?.();
  }
}
