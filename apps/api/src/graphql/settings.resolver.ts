/** Backup settings: read by anyone signed in, changed by admins, applied without a restart. */
import { badInput } from "@qvault/core";
import { DateTimeResolver } from "graphql-scalars";
import {
  Arg,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from "type-graphql";
import { checkSchedule, type BackupSettings as Settings, scheduleRuns } from "../services/backup-settings.js";
import type { Context } from "./context.js";

const DELIBERATE_DAYS =
  "MANUAL and IMPORT backups younger than this many days (from now) are always kept, whatever the count rules say. null: no such protection.";
const GROUP_BY_TRIGGER =
  "Apply the count rules (keepLast … keepWithinDays) to each trigger's backups separately (like restic's --group-by), so automatic backups never crowd out manual or scheduled ones. null or false: all together.";

@ObjectType({
  description:
    "Which snapshots cleanup keeps (like restic's forget); pinned ones are always kept. null: no such rule.",
})
export class RetentionPolicy {
  @Field(() => Int, { nullable: true })
  keepLast!: number | null;

  @Field(() => Int, { nullable: true })
  keepHourly!: number | null;

  @Field(() => Int, { nullable: true })
  keepDaily!: number | null;

  @Field(() => Int, { nullable: true })
  keepWeekly!: number | null;

  @Field(() => Int, { nullable: true })
  keepMonthly!: number | null;

  @Field(() => Int, { nullable: true })
  keepYearly!: number | null;

  @Field(() => Int, { nullable: true })
  keepWithinDays!: number | null;

  @Field(() => Int, { nullable: true, description: DELIBERATE_DAYS })
  keepDeliberateDays!: number | null;

  @Field(() => Boolean, { nullable: true, description: GROUP_BY_TRIGGER })
  groupByTrigger!: boolean | null;
}

@ObjectType()
export class BackupSettings {
  @Field(() => Boolean, { description: "Back up every committed edit automatically." })
  autoBackupEnabled!: boolean;

  @Field(() => Int, { description: "Quiet period after the last edit before an automatic backup." })
  autoBackupDebounceMs!: number;

  @Field(() => Int, { description: "Longest wait after the first pending edit, however steady the edits." })
  autoBackupMaxDelayMs!: number;

  @Field(() => String, {
    nullable: true,
    description: 'Cron expression of the scheduled full backup (e.g. "0 3 * * *").',
  })
  schedule!: string | null;

  @Field(() => RetentionPolicy)
  retention!: RetentionPolicy;

  @Field(() => Boolean, {
    description: "Apply the retention policy and clean up after backups, at most once an hour.",
  })
  autoPruneEnabled!: boolean;

  @Field(() => Int, { description: "Brotli quality 0-11 for new data." })
  compressionQuality!: number;

  @Field(() => Boolean)
  encrypted!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      "Where copies of the repository go: an absolute folder path or s3://bucket/prefix; null: none. Only the snapshots and records the copy lacks are copied; the copy's passphrase is QVAULT_COPY_PASSPHRASE (else the repository's).",
  })
  copyTo!: string | null;

  @Field(() => Boolean, { description: "Copy after every backup (when copyTo is set)." })
  copyAfterBackup!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Cron expression of scheduled copies (e.g. "30 3 * * *"), besides or instead of copies after backups.',
  })
  copySchedule!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Cron expression of restore drills (default "0 4 * * 0", Sundays at 04:00): the newest backup restored into a scratch bank and compared. Null turns them off.',
  })
  drillSchedule!: string | null;
}

@InputType()
export class RetentionPolicyInput {
  @Field(() => Int, { nullable: true })
  keepLast?: number | null;

  @Field(() => Int, { nullable: true })
  keepHourly?: number | null;

  @Field(() => Int, { nullable: true })
  keepDaily?: number | null;

  @Field(() => Int, { nullable: true })
  keepWeekly?: number | null;

  @Field(() => Int, { nullable: true })
  keepMonthly?: number | null;

  @Field(() => Int, { nullable: true })
  keepYearly?: number | null;

  @Field(() => Int, { nullable: true })
  keepWithinDays?: number | null;

  @Field(() => Int, { nullable: true, description: `${DELIBERATE_DAYS} Omitted: the saved value.` })
  keepDeliberateDays?: number | null;

  @Field(() => Boolean, { nullable: true, description: `${GROUP_BY_TRIGGER} Omitted: the saved value.` })
  groupByTrigger?: boolean | null;
}

@InputType({ description: "Omitted fields keep their value; an explicit null clears a nullable one." })
export class BackupSettingsInput {
  @Field(() => Boolean, { nullable: true })
  autoBackupEnabled?: boolean;

  @Field(() => Int, { nullable: true })
  autoBackupDebounceMs?: number;

  @Field(() => Int, { nullable: true })
  autoBackupMaxDelayMs?: number;

  @Field(() => String, { nullable: true })
  schedule?: string | null;

  @Field(() => RetentionPolicyInput, { nullable: true })
  retention?: RetentionPolicyInput | null;

  @Field(() => Boolean, { nullable: true })
  autoPruneEnabled?: boolean;

  @Field(() => Int, { nullable: true })
  compressionQuality?: number;

  @Field(() => String, { nullable: true })
  copyTo?: string | null;

  @Field(() => Boolean, { nullable: true })
  copyAfterBackup?: boolean;

  @Field(() => String, { nullable: true })
  copySchedule?: string | null;

  @Field(() => String, { nullable: true })
  drillSchedule?: string | null;
}

/** Most runs `nextScheduledRuns` lists. */
const MAX_RUNS = 20;

function checkCount(count: number): void {
  if (count < 1 || count > MAX_RUNS)
    throw badInput("count", `count must be from 1 to ${MAX_RUNS}, not ${count}`);
}

function toSettings(settings: Settings, encrypted: boolean): BackupSettings {
  return Object.assign(new BackupSettings(), { ...settings, encrypted });
}

@Resolver(() => BackupSettings)
export class SettingsResolver {
  @Authorized()
  @Query(() => BackupSettings)
  async backupSettings(@Ctx() { services }: Context) {
    return toSettings(await services.settings.get(), services.repo.repository.encrypted);
  }

  @FieldResolver(() => [DateTimeResolver], { description: "When the schedule fires next." })
  async nextScheduledRuns(
    @Root() settings: BackupSettings,
    @Arg("count", () => Int, { defaultValue: 5, description: `1 to ${MAX_RUNS}.` }) count: number,
    @Ctx() { services }: Context,
  ) {
    checkCount(count);
    return settings.schedule ? scheduleRuns(settings.schedule, count) : [];
  }

  @Authorized()
  @Query(() => [DateTimeResolver], {
    description:
      "When a schedule would fire, before it is saved: checked like updateBackupSettings' schedule (BAD_USER_INPUT naming `schedule`).",
  })
  scheduleRuns(
    @Arg("schedule", () => String) schedule: string,
    @Arg("count", () => Int, { defaultValue: 5, description: `1 to ${MAX_RUNS}.` }) count: number,
  ) {
    checkCount(count);
    return scheduleRuns(checkSchedule(schedule), count);
  }

  @Authorized("ADMIN")
  @Mutation(() => BackupSettings, {
    description: "A bad value is BAD_USER_INPUT naming the field; applied at once.",
  })
  async updateBackupSettings(
    @Arg("input", () => BackupSettingsInput) input: BackupSettingsInput,
    @Ctx() { services }: Context,
  ) {
    const next = await services.settings.update({
      ...input,
      autoBackupEnabled: input.autoBackupEnabled ?? undefined,
      autoBackupDebounceMs: input.autoBackupDebounceMs ?? undefined,
      autoBackupMaxDelayMs: input.autoBackupMaxDelayMs ?? undefined,
      compressionQuality: input.compressionQuality ?? undefined,
      autoPruneEnabled: input.autoPruneEnabled ?? undefined,
      copyAfterBackup: input.copyAfterBackup ?? undefined,
      retention: input.retention ?? undefined,
    });
    return toSettings(next, services.repo.repository.encrypted);
  }
}
