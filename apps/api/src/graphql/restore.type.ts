import type {
  ChangeKind,
  RestorePlan as CorePlan,
  ValidationReport as CoreValidation,
  RestoreMode,
  Scope,
} from "@qvault/core";
import { JSONResolver, SafeIntResolver } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Backup, BackupScopeEnum, QuestionSnapshot } from "./backup.type.js";
import { connectionOf } from "./connection.js";

export const RestoreModeEnum = { REPLACE: "REPLACE", MERGE: "MERGE" } as const;
export const ChangeKindEnum = {
  ADDED: "ADDED",
  CHANGED: "CHANGED",
  DELETED: "DELETED",
  UNCHANGED: "UNCHANGED",
} as const;
registerEnumType(RestoreModeEnum, {
  name: "RestoreMode",
  description:
    "REPLACE: the scope becomes exactly the backup's (what it lacks is deleted). MERGE: add and change, delete nothing.",
});
registerEnumType(ChangeKindEnum, { name: "ChangeKind" });

@InputType({ description: "What to restore, from which backup, how." })
export class RestoreInput {
  @Field(() => ID)
  backupId!: string;

  @Field(() => BackupScopeEnum)
  scope!: Scope;

  @Field(() => [ID], { nullable: true, description: "For SECTIONS." })
  sectionIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "For QUESTIONS." })
  questionIds?: string[] | null;

  @Field(() => RestoreModeEnum, { defaultValue: "REPLACE" })
  mode!: RestoreMode;
}

@ObjectType({
  description: "One field that a restore changes: its value now (before) and after the restore.",
})
export class FieldChange {
  @Field(() => String, {
    description: "e.g. prompt, tags, answers.2.text, answers.1.isCorrect, answers.3 (added or removed).",
  })
  path!: string;

  @Field(() => JSONResolver, { nullable: true })
  before!: unknown;

  @Field(() => JSONResolver, { nullable: true })
  after!: unknown;
}

@ObjectType()
export class RestorePlanItem {
  @Field(() => ChangeKindEnum)
  kind!: ChangeKind;

  @Field(() => String, { description: "Section or Question." })
  entity!: string;

  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  sectionId!: string | null;

  @Field(() => String)
  title!: string;

  @Field(() => [FieldChange])
  fields!: FieldChange[];
}

export const RestorePlanItemConnection = connectionOf("RestorePlanItem", RestorePlanItem);

@ObjectType()
export class ValidationIssue {
  @Field(() => String, {
    description: "INTEGRITY_ERROR, RECORD_SCHEMA, REFERENCE, RULE, MEDIA_MISSING or POSITION_MOVED.",
  })
  code!: string;

  @Field(() => String)
  message!: string;

  @Field(() => String, { nullable: true })
  entity!: string | null;

  @Field(() => ID, { nullable: true })
  id!: string | null;
}

@ObjectType()
export class ValidationReport {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => [ValidationIssue])
  errors!: ValidationIssue[];

  @Field(() => [ValidationIssue])
  warnings!: ValidationIssue[];
}

@ObjectType({ description: "What a restore changes of one question's audio." })
export class MediaChange {
  @Field(() => ID)
  questionId!: string;

  @Field(() => String, {
    description:
      "ADDED: the question gets audio; CHANGED: other audio; REMOVED: it loses its audio; REPAIRED: its audio stays, and its file, missing from the media folder or changed there, is written back.",
  })
  kind!: string;

  @Field(() => String, { nullable: true, description: "SHA-256 of the audio after the restore." })
  sha256!: string | null;

  @Field(() => SafeIntResolver, {
    nullable: true,
    description: "Its size; null when the backup lacks the file.",
  })
  bytes!: number | null;

  @Field(() => String, { nullable: true, description: "SHA-256 of the audio the bank names now." })
  liveSha256!: string | null;

  @Field(() => SafeIntResolver, { nullable: true })
  liveBytes!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Where to GET the audio after the restore: the backup's file.",
  })
  url!: string | null;

  @Field(() => String, { nullable: true, description: "Where to GET the file the bank has now." })
  liveUrl!: string | null;
}

@ObjectType({ description: "What a restore would change, checked before anything is written." })
export class RestorePlan {
  @Field(() => BackupScopeEnum)
  scope!: Scope;

  @Field(() => RestoreModeEnum)
  mode!: RestoreMode;

  @Field(() => Int)
  added!: number;

  @Field(() => Int)
  changed!: number;

  @Field(() => Int)
  deleted!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => ValidationReport)
  validation!: ValidationReport;

  plan!: CorePlan;
}

export function toRestorePlan(plan: CorePlan, validation: CoreValidation): RestorePlan {
  return Object.assign(new RestorePlan(), {
    scope: plan.request.scope,
    mode: plan.request.mode,
    added: plan.counts.ADDED,
    changed: plan.counts.CHANGED,
    deleted: plan.counts.DELETED,
    unchanged: plan.counts.UNCHANGED,
    validation,
    plan,
  });
}

@ObjectType({ description: "A question as one backup holds it; one per distinct version." })
export class QuestionVersion {
  @Field(() => Backup, { description: "The newest backup holding this version: where it was last seen." })
  backup!: Backup;

  @Field(() => Backup, { description: "The oldest backup holding this version: where it was first seen." })
  firstBackup!: Backup;

  @Field(() => Int, { description: "How many backups hold this version." })
  backupCount!: number;

  @Field(() => String)
  digest!: string;

  @Field(() => QuestionSnapshot)
  question!: QuestionSnapshot;
}

export const QuestionVersionConnection = connectionOf("QuestionVersion", QuestionVersion);
