/** Restores: preview (plan + validation), start, undo; and a question's history across backups. */
import { mapPage } from "@qvault/core";
import type { Question as QuestionRow } from "@qvault/question-bank";
import { questionHistory } from "@qvault/vault";
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
} from "type-graphql";
import { loadBackup } from "./backup.resolver.js";
import { Backup } from "./backup.type.js";
import { PageArgs, toConnection } from "./connection.js";
import type { Context } from "./context.js";
import { Job, toJob } from "./job.type.js";
import { mediaUrl, Question } from "./question.type.js";
import {
  ChangeKindEnum,
  MediaChange,
  QuestionVersionConnection,
  RestoreInput,
  RestorePlan,
  RestorePlanItemConnection,
  toRestorePlan,
} from "./restore.type.js";

@ArgsType()
class PlanItemsArgs extends PageArgs {
  @Field(() => ChangeKindEnum, { nullable: true })
  kind?: "ADDED" | "CHANGED" | "DELETED" | "UNCHANGED" | null;
}

@Resolver(() => RestorePlan)
export class RestoreResolver {
  @Authorized()
  @Query(() => RestorePlan, { description: "Preview and validation of a restore; writes nothing." })
  async restorePlan(@Arg("input", () => RestoreInput) input: RestoreInput, @Ctx() { services }: Context) {
    const { plan, validation } = await services.repo.preview(input);
    return toRestorePlan(plan, validation);
  }

  @FieldResolver(() => [MediaChange], {
    description: "What the restore changes of the questions' audio files, with their sizes.",
  })
  async media(@Root() plan: RestorePlan, @Ctx() { services }: Context) {
    const backupId = encodeURIComponent(plan.plan.manifest.id);
    return (await services.repo.planMedia(plan.plan)).map((change) => ({
      ...change,
      url: change.sha256 && change.bytes !== null ? `/backups/${backupId}/media/${change.sha256}` : null,
      liveUrl: change.livePath ? mediaUrl(change.livePath) : null,
    }));
  }

  @FieldResolver(() => Backup)
  backup(@Root() plan: RestorePlan, @Ctx() { services }: Context) {
    return loadBackup(services, plan.plan.manifest.id);
  }

  @FieldResolver(() => RestorePlanItemConnection, {
    description: "The items the restore touches, sections first, with field-level diffs.",
  })
  async items(
    @Root() plan: RestorePlan,
    @Args(() => PlanItemsArgs) args: PlanItemsArgs,
    @Ctx() { services }: Context,
  ) {
    return toConnection(await services.repo.planItems(plan.plan, args));
  }

  @Authorized("ADMIN")
  @Mutation(() => Job, {
    description:
      "Starts a RESTORE job: plan, validate, safety backup, apply in one transaction, verify. CONFLICT while another restore is queued or running; VALIDATION_FAILED or INTEGRITY_ERROR when the plan has errors.",
  })
  async startRestore(@Arg("input", () => RestoreInput) input: RestoreInput, @Ctx() { services }: Context) {
    return toJob(await services.repo.startRestore(input));
  }

  @Authorized("ADMIN")
  @Mutation(() => Job, {
    description: "Restores the job's safety backup (same scope, REPLACE); itself undoable.",
  })
  async undoRestore(@Arg("jobId", () => ID) jobId: string, @Ctx() { services }: Context) {
    return toJob(await services.repo.undoRestore(jobId));
  }
}

@Resolver(() => Question)
export class QuestionHistoryResolver {
  @FieldResolver(() => QuestionVersionConnection, {
    description: "This question in each backup that holds a distinct version, newest first.",
  })
  async history(
    @Root() question: QuestionRow,
    @Args(() => PageArgs) args: PageArgs,
    @Ctx() { services }: Context,
  ) {
    const page = await questionHistory(services.repo.repository, question, args);
    return toConnection(
      await mapPage(page, async (version) => ({
        backup: await loadBackup(services, version.backupId),
        firstBackup: await loadBackup(services, version.firstBackupId),
        backupCount: version.backupCount,
        digest: version.digest,
        question: { ...version.question, digest: version.digest },
      })),
    );
  }
}
