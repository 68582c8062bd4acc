/** Retention and cleanup: preview what a policy would keep and forget, and run a PRUNE job. */
import { SafeIntResolver } from "graphql-scalars";
import { Arg, Authorized, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { checkRetention } from "../services/backup-settings.js";
import { Backup, toBackup } from "./backup.type.js";
import type { Context } from "./context.js";
import { Job, toJob } from "./job.type.js";
import { RetentionPolicyInput } from "./settings.resolver.js";

@ObjectType({ description: "A backup a retention policy keeps, and why." })
export class RetentionKeep {
  @Field(() => Backup)
  backup!: Backup;

  @Field(() => [String], {
    description:
      'The rules that keep it: "last", "hourly", "daily", "weekly", "monthly", "yearly", "within", "deliberate, within N days", "pinned", "recent safety backup", or "no policy" when the policy has no count rule.',
  })
  reasons!: string[];
}

@ObjectType({ description: "What a retention policy would do to the backups there are now." })
export class RetentionPreview {
  @Field(() => [Backup], { description: "Backups the policy would forget, newest first." })
  forget!: Backup[];

  @Field(() => [RetentionKeep], {
    description: "Backups the policy keeps, newest first, each with its reasons.",
  })
  kept!: RetentionKeep[];

  @Field(() => Int)
  keepCount!: number;

  @Field(() => SafeIntResolver, {
    description:
      "Bytes on disk cleanup would free with this policy: packs removed, or rewritten without their dead records.",
  })
  bytesFreed!: number;
}

@Resolver()
export class PruneResolver {
  @Authorized()
  @Query(() => RetentionPreview, {
    description:
      "Applies a policy (the saved one, with the fields given laid over it) without changing anything: a dry run of cleanup.",
  })
  async retentionPreview(
    @Arg("retention", () => RetentionPolicyInput, { nullable: true }) retention: RetentionPolicyInput | null,
    @Ctx() { services }: Context,
  ) {
    const { repository } = services.repo;
    const policy = checkRetention({ ...(await services.settings.get()).retention, ...(retention ?? {}) });
    const preview = await services.repo.retentionPreview(policy);
    const backup = (manifest: (typeof preview.forget)[number]) =>
      toBackup({ manifest, pinned: preview.pinned.has(manifest.id), encrypted: repository.encrypted });
    return {
      forget: preview.forget.map(backup),
      kept: preview.keep.map(({ manifest, reasons }) => ({ backup: backup(manifest), reasons })),
      keepCount: preview.keep.length,
      bytesFreed: preview.bytesFreed,
    };
  }

  @Authorized("ADMIN")
  @Mutation(() => Job, {
    description:
      "Applies the saved retention policy, then removes data no kept backup needs. With dryRun, only reports.",
  })
  async pruneBackups(
    @Arg("dryRun", () => Boolean, { defaultValue: false }) dryRun: boolean,
    @Ctx() { services }: Context,
  ) {
    return toJob(await services.repo.startPrune((await services.settings.get()).retention, dryRun));
  }
}
