import type { Scope, SnapshotManifest, Trigger } from "@qvault/core";
import { DateTimeResolver, SafeIntResolver } from "graphql-scalars";
import { Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { connectionOf } from "./connection.js";
import { QuestionContent } from "./question.type.js";

export const BackupTriggerEnum = {
  MANUAL: "MANUAL",
  AUTOMATIC: "AUTOMATIC",
  SCHEDULED: "SCHEDULED",
  PRE_RESTORE: "PRE_RESTORE",
  IMPORT: "IMPORT",
} as const;
export const BackupScopeEnum = { FULL: "FULL", SECTIONS: "SECTIONS", QUESTIONS: "QUESTIONS" } as const;
registerEnumType(BackupTriggerEnum, { name: "BackupTrigger", description: "What started a backup." });
registerEnumType(BackupScopeEnum, {
  name: "BackupScope",
  description:
    "FULL: every section; SECTIONS: the chosen sections, whole; QUESTIONS: the chosen questions only.",
});

@ObjectType({ description: "A section as a backup holds it." })
export class BackupSection {
  @Field(() => ID)
  sectionId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Int)
  questionCount!: number;

  @Field(() => Boolean, { description: "True when the backup holds every question the section had." })
  complete!: boolean;
}

@ObjectType({ description: "A question as a backup holds it." })
export class QuestionSnapshot extends QuestionContent {
  @Field(() => ID)
  override sectionId!: string;

  @Field(() => String, { description: "SHA-256 of the question's canonical record." })
  digest!: string;
}

export const QuestionSnapshotConnection = connectionOf("QuestionSnapshot", QuestionSnapshot);

/** A snapshot as the API shows it: its manifest and whether it is pinned. */
export interface BackupView {
  manifest: SnapshotManifest;
  pinned: boolean;
  encrypted: boolean;
}

@ObjectType({ description: "One backup (snapshot): complete logically, incremental physically." })
export class Backup {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => BackupTriggerEnum)
  trigger!: Trigger;

  @Field(() => BackupScopeEnum)
  scope!: Scope;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Boolean, {
    description: "Pinned backups are never deleted by retention and cannot be deleted until unpinned.",
  })
  pinned!: boolean;

  parentId!: string | null;

  @Field(() => Int)
  sectionCount!: number;

  @Field(() => Int)
  questionCount!: number;

  @Field(() => Int, { description: "Question records new or changed against its parent." })
  changedCount!: number;

  @Field(() => SafeIntResolver, {
    description: "Bytes this backup added to the repository (after compression).",
  })
  addedBytes!: number;

  @Field(() => SafeIntResolver, { description: "Size of the question records it references, uncompressed." })
  logicalBytes!: number;

  @Field(() => Int)
  durationMs!: number;

  @Field(() => Boolean)
  encrypted!: boolean;

  @Field(() => [BackupSection])
  sections!: BackupSection[];
}

export const BackupConnection = connectionOf("Backup", Backup);

export function toBackup(view: BackupView): Backup {
  const { manifest } = view;
  return Object.assign(new Backup(), {
    id: manifest.id,
    createdAt: new Date(manifest.time),
    trigger: manifest.trigger,
    scope: manifest.scope,
    note: manifest.note,
    pinned: view.pinned,
    parentId: manifest.parent,
    sectionCount: manifest.stats.sectionCount,
    questionCount: manifest.stats.questionCount,
    changedCount: manifest.stats.changedCount,
    addedBytes: manifest.stats.addedBytes,
    logicalBytes: manifest.stats.logicalBytes,
    durationMs: manifest.stats.durationMs,
    encrypted: view.encrypted,
    sections: [...manifest.sections]
      .sort((a, b) => a.position - b.position)
      .map((s) => ({ sectionId: s.id, name: s.name, questionCount: s.count, complete: s.complete })),
  });
}
