/** Retention and cleanup: preview what a policy would forget, and run a PRUNE job. */
import { prune } from "@qvault/core";
import { SafeIntResolver } from "graphql-scalars";
import { Arg, Authorized, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from "type-graphql";
import { checkRetention } from "../services/backup-settings.js";
import { Backup, toBackup } from "./backup.type.js";
import type { Context } from "./context.js";
import { Job, toJob } from "./job.type.js";
import { RetentionPolicyInput } from "./settings.resolver.js";

@ObjectType({ description: "What a retention policy would do to the backups there are now." })
export class RetentionPreview {
  @Field(() => [Backup], { description: "Backups the policy would forget, newest first." })
  forget!: Backup[];

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
    description: "Applies a policy (the saved one when omitted) without changing anything.",
  })
  async retentionPreview(
    @Arg("retention", () => RetentionPolicyInput, { nullable: true }) retention: RetentionPolicyInput | null,
    @Ctx() { services }: Context,
  ) {
    const { repository } = services.repo;
    const policy = checkRetention({ ...(await services.settings.get()).retention, ...(retention ?? {}) });
    const pinned = await repository.pinnedIds();
    // A dry run of cleanup itself, so that the preview's figures are the ones a run would give.
    const report = await prune(repository, policy, { dryRun: true });
    const manifests = new Map((await repository.listSnapshots()).map((m) => [m.id, m]));
    return {
      forget: report.forget.flatMap(({ id }) => {
        const manifest = manifests.get(id);
        return manifest
          ? [toBackup({ manifest, pinned: pinned.has(id), encrypted: repository.encrypted })]
          : [];
      }),
      keepCount: report.keep.length,
      bytesFreed: report.bytesFreed,
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
