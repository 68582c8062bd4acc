/** Retention and cleanup: preview what a policy would forget, and run a PRUNE job. */
import { applyRetention } from "@qvault/core";
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
    const decision = applyRetention(await repository.listSnapshots(), policy, pinned);
    return {
      forget: decision.forget.map((manifest) =>
        toBackup({ manifest, pinned: pinned.has(manifest.id), encrypted: repository.encrypted }),
      ),
      keepCount: decision.keep.length,
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
