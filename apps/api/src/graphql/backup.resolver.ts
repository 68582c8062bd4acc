/** Backups: list, browse, start, pin, delete, and hear about new ones. Thin: core does the work. */
import { browseSnapshot, type MediaRef, mapPage, notFound, type Scope, type Trigger } from "@qvault/core";
import { BACKUP_ID_LIMIT, listBackups } from "@qvault/vault";
import { DateTimeResolver } from "graphql-scalars";
import {
  Arg,
  Args,
  ArgsType,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from "type-graphql";
import {
  Backup,
  BackupConnection,
  BackupScopeEnum,
  BackupTriggerEnum,
  QuestionSnapshot,
  QuestionSnapshotConnection,
  toBackup,
} from "./backup.type.js";
import { PageArgs, toConnection } from "./connection.js";
import type { Context, Services } from "./context.js";
import { Job, toJob } from "./job.type.js";
import { listen } from "./pubsub.js";
import { AudioFile, audioFile } from "./question.type.js";

@InputType({ description: "What to back up." })
export class BackupInput {
  @Field(() => BackupScopeEnum)
  scope!: Scope;

  @Field(() => [ID], { nullable: true, description: `For SECTIONS; at most ${BACKUP_ID_LIMIT}.` })
  sectionIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: `For QUESTIONS; at most ${BACKUP_ID_LIMIT}.` })
  questionIds?: string[] | null;

  @Field(() => String, { nullable: true, description: "Up to 1000 characters." })
  note?: string | null;
}

@ArgsType()
class BackupsArgs extends PageArgs {
  @Field(() => BackupTriggerEnum, { nullable: true })
  trigger?: Trigger | null;

  @Field(() => ID, { nullable: true, description: "Only backups holding this section." })
  sectionId?: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  from?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  to?: Date | null;
}

@ArgsType()
class BrowseArgs extends PageArgs {
  @Field(() => ID, { nullable: true })
  sectionId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Case-insensitive text in prompt, explanation, tags or answers.",
  })
  search?: string | null;
}

/** The backup with this id, as the API shows it. @throws NOT_FOUND */
export async function loadBackup(services: Services, id: string): Promise<Backup> {
  const { repository } = services.repo;
  const manifest = await repository.getSnapshot(id);
  const pinned = await repository.pinnedIds();
  return toBackup({ manifest, pinned: pinned.has(id), encrypted: repository.encrypted });
}

@Resolver(() => Backup)
export class BackupResolver {
  @Authorized()
  @Query(() => BackupConnection, { description: "Backups, newest first." })
  async backups(@Args(() => BackupsArgs) args: BackupsArgs, @Ctx() { services }: Context) {
    const { repository } = services.repo;
    const page = await listBackups(repository, args, args);
    return toConnection(
      await mapPage(page, (listed) => toBackup({ ...listed, encrypted: repository.encrypted })),
    );
  }

  @Authorized()
  @Query(() => Backup, { nullable: true })
  async backup(@Arg("id", () => ID) id: string, @Ctx() { services }: Context) {
    try {
      return await loadBackup(services, id);
    } catch (error) {
      if ((error as { code?: string }).code === "NOT_FOUND") return null;
      throw error;
    }
  }

  @FieldResolver(() => Backup, { nullable: true, description: "The backup this one was built on." })
  async parent(@Root() backup: Backup, @Ctx() { services }: Context) {
    if (!backup.parentId) return null;
    return (await this.backup(backup.parentId, { services } as Context)) ?? null;
  }

  @FieldResolver(() => QuestionSnapshotConnection, { description: "Browse the questions this backup holds." })
  async questions(
    @Root() backup: Backup,
    @Args(() => BrowseArgs) args: BrowseArgs,
    @Ctx() { services }: Context,
  ) {
    const { repository } = services.repo;
    const manifest = await repository.getSnapshot(backup.id);
    if (args.sectionId && !manifest.sections.some((s) => s.id === args.sectionId))
      throw notFound("Section in this backup", args.sectionId);
    const page = await browseSnapshot(repository, manifest, args);
    return toConnection(
      await mapPage(page, ({ question, digest }) => ({ ...question, digest, backupId: backup.id })),
    );
  }

  @Authorized("OPERATOR")
  @Mutation(() => Job, { description: "Starts a BACKUP job; watch it with jobProgress(jobId)." })
  async startBackup(@Arg("input", () => BackupInput) input: BackupInput, @Ctx() { services }: Context) {
    return toJob(await services.repo.startBackup({ ...input, trigger: "MANUAL" }));
  }

  @Authorized("ADMIN")
  @Mutation(() => Boolean, {
    description: "Deletes a backup (CONFLICT when pinned); its data goes at the next cleanup.",
  })
  async deleteBackup(@Arg("id", () => ID) id: string, @Ctx() { services }: Context) {
    await services.repo.repository.deleteSnapshot(id);
    return true;
  }

  @Authorized("ADMIN")
  @Mutation(() => Backup)
  async pinBackup(
    @Arg("id", () => ID) id: string,
    @Arg("pinned", () => Boolean) pinned: boolean,
    @Ctx() { services }: Context,
  ) {
    await services.repo.repository.setPinned(id, pinned);
    return loadBackup(services, id);
  }

  @Authorized()
  @Subscription(() => Backup, {
    description: "Every backup as soon as it is written.",
    subscribe: ({ context }) => backupsCreated(context as Context),
  })
  backupCreated(@Root() backup: Backup) {
    return backup;
  }
}

async function* backupsCreated(context: Context): AsyncGenerator<Backup> {
  const events = listen(context.services.pubsub, "BACKUP_CREATED");
  try {
    for (;;) {
      const { value, done } = await events.next();
      if (done) return;
      yield await loadBackup(context.services, value);
    }
  } finally {
    await events.return?.();
  }
}

@Resolver(() => QuestionSnapshot)
export class QuestionSnapshotResolver {
  @FieldResolver(() => AudioFile, { nullable: true, description: "The audio file the backup holds for it." })
  audio(@Root() question: QuestionSnapshot & { backupId?: string; audio?: MediaRef | null }) {
    return audioFile(
      question,
      (audio) => `/backups/${encodeURIComponent(question.backupId ?? "")}/media/${audio.sha256}`,
    );
  }
}
