/**
 * Restore: plan -> validate -> safety snapshot -> apply -> verify, in one transaction of the bank.
 *
 * Everything happens inside the bank's transaction, so the plan is made against exactly the state
 * the restore changes, and any failure (validation, the safety snapshot, a write, verification,
 * cancellation) rolls the bank back to what it was. Before the first write a PRE_RESTORE snapshot
 * of the scope is taken: restoring it (same scope, REPLACE) undoes the restore. Ids are kept.
 * A question whose position is taken by a question the restore keeps goes to the end of its
 * section, with a POSITION_MOVED warning.
 */
import { backup } from "../backup/backup.js";
import { QvaultError } from "../errors/qvault-error.js";
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { heldMedia, type MediaWrite, planMediaChanges, putMediaFiles } from "../media/restore-media.js";
import type { BankSource, BankTarget, BankTransaction, EncodedQuestion, KeptDigest } from "../ports.js";
import { readQuestionsWhole } from "../records/bank-digests.js";
import {
  decodeRecord,
  digestOf,
  encodeQuestion,
  type QuestionRecord,
  type SectionRecord,
} from "../records/record.js";
import type { Repository } from "../repository/repository.js";
import { plural } from "../text/plural.js";
import { planRestore, type RestorePlan, type RestoreRequest } from "./plan.js";
import { readAhead } from "./read-ahead.js";
import { HeldRecords, type ValidationIssue, type ValidationReport, validateRestore } from "./validate.js";

export interface RestoreOptions extends WorkOptions {
  /** Called once the safety snapshot exists (before any write). */
  onSafetyBackup?: (id: string) => void;
  /**
   * A plan validated before the restore began (a preview), with the bank's revision it was made
   * at. When the bank's revision inside the restore's transaction is still that one, nothing has
   * changed since: the plan and its validation stand, and neither is made again. Otherwise the
   * restore plans again against exactly the state it changes, and validates again only when that
   * plan differs from this one.
   */
  validated?: { plan: RestorePlan; validation: ValidationReport; revision?: string | null };
}

export interface RestoreResult {
  plan: RestorePlan;
  validation: ValidationReport;
  safetyBackupId: string;
  /** The request that undoes this restore. */
  undo: RestoreRequest;
  written: number;
  deleted: number;
}

const BATCH = 500;
/** Questions written per call: each call is a few statements, however many questions it holds. */
const PUT_BATCH = 2000;
/**
 * Bytes of validated records kept for the writes: enough for every record of a restore that
 * changes a few percent of a large bank; a restore of more reads the rest again.
 */
const HELD_BYTES = 16 * 1024 * 1024;

/** Throws the validation's verdict: INTEGRITY_ERROR when records are damaged, else VALIDATION_FAILED. */
export function refuse(validation: ValidationReport): never {
  const integrity = validation.errors.filter((e) => e.code === "INTEGRITY_ERROR");
  const items = (issues: ValidationIssue[]) =>
    issues.slice(0, 100).map((e) => ({ entity: e.entity, id: e.id, code: e.code, message: e.message }));
  if (integrity.length)
    throw new QvaultError(
      "INTEGRITY_ERROR",
      `${plural(integrity.length, "damaged record")} in the backup; nothing was restored`,
      {
        details: { items: items(integrity) },
      },
    );
  throw new QvaultError(
    "VALIDATION_FAILED",
    `${plural(validation.errors.length, "problem")} found; nothing was restored: ${validation.errors[0]!.message}`,
    {
      details: { items: items(validation.errors) },
    },
  );
}

/** True when `plan` was made for `request`. */
function samePlanRequest(plan: RestorePlan, request: RestoreRequest): boolean {
  return JSON.stringify(plan.request) === JSON.stringify(request);
}

/** True when two plans of one snapshot write, move and delete exactly the same things. */
export function samePlan(a: RestorePlan, b: RestorePlan): boolean {
  if (a.manifest.id !== b.manifest.id || a.questions.length !== b.questions.length) return false;
  if (a.sections.length !== b.sections.length) return false;
  if (!samePlanRequest(a, b.request)) return false;
  for (let i = 0; i < a.questions.length; i++) {
    const x = a.questions[i]!;
    const y = b.questions[i]!;
    if (
      x.id !== y.id ||
      x.kind !== y.kind ||
      x.digest !== y.digest ||
      x.liveDigest !== y.liveDigest ||
      x.sectionId !== y.sectionId ||
      x.liveSectionId !== y.liveSectionId
    )
      return false;
  }
  for (let i = 0; i < a.sections.length; i++) {
    const x = a.sections[i]!;
    const y = b.sections[i]!;
    if (
      x.id !== y.id ||
      x.kind !== y.kind ||
      x.snapshot?.record !== y.snapshot?.record ||
      JSON.stringify(x.live) !== JSON.stringify(y.live)
    )
      return false;
  }
  return true;
}

/** A backup of everything the plan's undo restores, as it is now. */
function safetyRequest(plan: RestorePlan, liveSections: Set<string>) {
  const { undo } = plan;
  if (undo.scope === "FULL") return { scope: "FULL" as const };
  if (undo.scope === "SECTIONS")
    return { scope: "SECTIONS" as const, sectionIds: undo.sectionIds!.filter((id) => liveSections.has(id)) };
  return {
    scope: "QUESTIONS" as const,
    questionIds: plan.questions.filter((q) => q.liveDigest).map((q) => q.id),
  };
}

/**
 * The bank as the safety backup reads it, when the plan, made in the same transaction, has just
 * read the digest of every question the backup covers: those digests are not read again, and only
 * the records the repository lacks are read from the bank. Null when the backup covers questions
 * the plan did not read (a SECTIONS restore whose undo widens to sections it moves questions out of).
 */
function plannedSource(
  tx: BankTransaction,
  plan: RestorePlan,
  safety: ReturnType<typeof safetyRequest>,
): BankSource | null {
  const { request } = plan;
  if (safety.scope === "FULL" && request.scope !== "FULL") return null;
  if (safety.scope === "SECTIONS") {
    const whole = new Set(request.scope === "SECTIONS" ? request.sectionIds : []);
    if (!safety.sectionIds.every((id) => whole.has(id))) return null;
  }
  const live = plan.questions.filter((q) => q.liveDigest);
  return {
    sections: () => tx.sections(),
    countQuestions: (filter) => tx.countQuestions(filter),
    ...(tx.revision ? { revision: () => tx.revision!() } : {}),
    questions: (filter, chunkSize) => tx.questions(filter, chunkSize),
    ...(tx.questionBytes
      ? { questionBytes: (filter, chunkSize) => tx.questionBytes!(filter, chunkSize) }
      : {}),
    ...(tx.keepDigests ? { keepDigests: (digests) => tx.keepDigests!(digests) } : {}),
    ...(tx.media ? { media: (filter) => tx.media!(filter) } : {}),
    ...(tx.readMedia ? { readMedia: (path) => tx.readMedia!(path) } : {}),
    ...(tx.mediaSize ? { mediaSize: (path) => tx.mediaSize!(path) } : {}),
    async *questionDigests(filter, chunkSize) {
      const sections = filter.sectionIds ? new Set(filter.sectionIds) : null;
      const ids = filter.questionIds ? new Set(filter.questionIds) : null;
      const bySection = new Map<string, KeptDigest[]>();
      for (const q of live) {
        if ((sections && !sections.has(q.liveSectionId!)) || (ids && !ids.has(q.id))) continue;
        let kept = bySection.get(q.liveSectionId!);
        if (!kept) {
          kept = [];
          bySection.set(q.liveSectionId!, kept);
        }
        kept.push({ id: q.id, sectionId: q.liveSectionId!, digest: q.liveDigest });
      }
      for (const kept of bySection.values())
        for (let i = 0; i < kept.length; i += chunkSize) yield kept.slice(i, i + chunkSize);
    },
  };
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  work: (batch: T[]) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await work(items.slice(i, i + size));
}

/**
 * Restores a scope of a snapshot into the bank.
 * @throws NOT_FOUND, BAD_USER_INPUT (request); INTEGRITY_ERROR (damaged records, or the bank
 * does not read back what was written); VALIDATION_FAILED; CANCELLED. The bank is unchanged then.
 */
export async function restore(
  repository: Repository,
  target: BankTarget,
  request: RestoreRequest,
  options: RestoreOptions = {},
): Promise<RestoreResult> {
  const progress = options.progress ?? ignoreProgress;
  return target.transaction(async (tx) => {
    const { validated } = options;
    const unchanged =
      validated?.revision != null &&
      samePlanRequest(validated.plan, request) &&
      (await tx.revision?.()) === validated.revision;
    if (!unchanged) progress({ phase: "planning", done: 0, total: null, bytes: 0 });
    const plan = unchanged ? validated.plan : await planRestore(repository, tx, request);
    const held = new HeldRecords(HELD_BYTES);
    const validation =
      validated && (unchanged || samePlan(plan, validated.plan))
        ? structuredClone(validated.validation)
        : await validateRestore(repository, target, plan, options, held);
    if (!validation.ok) refuse(validation);
    throwIfCancelled(options.signal);

    progress({ phase: "safety backup", done: 0, total: null, bytes: 0 });
    const liveSections = new Set((await tx.sections()).map((s) => s.id));
    const safetyScope = safetyRequest(plan, liveSections);
    const safety = await backup(repository, plannedSource(tx, plan, safetyScope) ?? tx, {
      ...safetyScope,
      trigger: "PRE_RESTORE",
      note: `before restoring ${plan.manifest.id}`,
    });
    options.onSafetyBackup?.(safety.id);
    throwIfCancelled(options.signal);

    const result = await apply(repository, tx, plan, validation, options, held);
    return {
      plan,
      validation,
      safetyBackupId: safety.id,
      undo: { ...plan.undo, backupId: safety.id },
      ...result,
    };
  });
}

async function apply(
  repository: Repository,
  tx: BankTransaction,
  plan: RestorePlan,
  validation: ValidationReport,
  options: RestoreOptions,
  held: HeldRecords,
) {
  const progress = options.progress ?? ignoreProgress;
  const codec = repository.codec;
  const deleteIds = plan.questions.filter((q) => q.kind === "DELETED").map((q) => q.id);
  const puts = plan.questions.filter((q) => q.kind === "ADDED" || q.kind === "CHANGED");
  const total = deleteIds.length + puts.length;
  let done = 0;
  progress({ phase: "applying", done, total, bytes: 0 });

  await inBatches(deleteIds, BATCH, async (batch) => {
    throwIfCancelled(options.signal);
    await tx.deleteQuestions(batch);
    done += batch.length;
    progress({ phase: "applying", done, total, bytes: 0 });
  });
  const deletedSections = plan.sections.filter((s) => s.kind === "DELETED").map((s) => s.id);
  if (deletedSections.length) await tx.deleteSections(deletedSections);

  // Sections: park those changing, then write them where no kept section stands.
  const sectionPuts = plan.sections.filter((s) => s.kind === "ADDED" || s.kind === "CHANGED");
  if (sectionPuts.length) {
    const records = await repository.readRecords<SectionRecord>(sectionPuts.map((s) => s.snapshot!.record));
    const putIds = new Set(sectionPuts.map((s) => s.id));
    await tx.parkSections(sectionPuts.filter((s) => s.live).map((s) => s.id));
    const taken = new Set((await tx.sections()).filter((s) => !putIds.has(s.id)).map((s) => s.position));
    let next = Math.max(-1, ...taken, ...[...records.values()].map((r) => r.position)) + 1;
    const placed = sectionPuts.map((s) => {
      const record = { ...records.get(s.snapshot!.record)! };
      if (taken.has(record.position)) {
        validation.warnings.push({
          code: "POSITION_MOVED",
          message: `position ${record.position} is taken; placed at ${next}`,
          entity: "Section",
          id: s.id,
        });
        record.position = next++;
      }
      taken.add(record.position);
      return record;
    });
    await tx.putSections(placed);
  }

  // Questions: free the places of those changing, then write them where no kept question stands.
  const putIds = new Set(puts.map((q) => q.id));
  const places = await tx.places([...new Set(puts.map((q) => q.sectionId))]);
  const taken = new Map<string, Set<number>>();
  const nextFree = new Map<string, number>();
  for (const place of places) {
    if (putIds.has(place.id)) continue;
    if (!taken.has(place.sectionId)) taken.set(place.sectionId, new Set());
    taken.get(place.sectionId)!.add(place.position);
    nextFree.set(place.sectionId, Math.max(nextFree.get(place.sectionId) ?? 0, place.position + 1));
  }
  await inBatches(
    puts.filter((q) => q.liveDigest).map((q) => q.id),
    BATCH,
    (batch) => tx.parkQuestions(batch),
  );
  const expected = new Map<string, string>();
  // Audio the written questions name, put in the media folder once the questions are written.
  const media = await heldMedia(
    repository,
    plan.manifest,
    new Set(plan.questions.filter((q) => q.kind !== "DELETED").map((q) => q.sectionId)),
  );
  const mediaWrites: MediaWrite[] = [];
  // A section holding no question the restore keeps takes its records as they are: their positions
  // came from one state of the section, so none collides with another, and no record needs to be
  // decoded here. Records of the other sections are placed one by one.
  const asStored = (q: (typeof puts)[number]) => !taken.get(q.sectionId)?.size && tx.putEncodedQuestions;
  // Records are read in the order they lie in the repository (each frame decompressed once) and
  // each batch is written in id order (the bank's primary-key index grows in runs).
  const ordered = await repository.inStorageOrder(puts, (q) => q.digest!);
  const reads = readAhead(ordered, PUT_BATCH, async (batch) => {
    const bytes = new Map<string, Uint8Array>();
    const unread: string[] = [];
    for (const q of batch) {
      const record = held.take(q.digest!);
      if (record) bytes.set(q.digest!, record);
      else if (!bytes.has(q.digest!)) unread.push(q.digest!);
    }
    if (unread.length)
      for (const [digest, record] of await repository.readRecordBytes(unread)) bytes.set(digest, record);
    return bytes;
  });
  for await (const { batch: stored, loaded: bytes } of reads) {
    throwIfCancelled(options.signal);
    const batch = [...stored].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const encoded: EncodedQuestion[] = [];
    const written: QuestionRecord[] = [];
    for (const q of batch) {
      const held = media.get(q.id);
      if (held?.record) {
        const { audio, audioPath } = decodeRecord<QuestionRecord>(bytes.get(q.digest!)!);
        if (audio && audioPath)
          mediaWrites.push({ path: audioPath, sha256: held.record.sha256, file: held.file });
      }
      if (asStored(q)) {
        encoded.push({ id: q.id, bytes: bytes.get(q.digest!)! });
        expected.set(q.id, q.digest!);
        continue;
      }
      const record = decodeRecord<QuestionRecord>(bytes.get(q.digest!)!);
      const used = taken.get(record.sectionId) ?? new Set<number>();
      taken.set(record.sectionId, used);
      if (used.has(record.position)) {
        const position = Math.max(nextFree.get(record.sectionId) ?? 0, ...[...used].map((p) => p + 1));
        validation.warnings.push({
          code: "POSITION_MOVED",
          message: `position ${record.position} is taken; placed at ${position}`,
          entity: "Question",
          id: q.id,
        });
        record.position = position;
      }
      used.add(record.position);
      expected.set(record.id, digestOf(codec, encodeQuestion(record)));
      written.push(record);
    }
    if (encoded.length) await tx.putEncodedQuestions!(encoded);
    if (written.length) await tx.putQuestions(written);
    done += batch.length;
    progress({ phase: "applying", done, total, bytes: 0 });
  }

  // The files of questions the restore leaves as they are, where they are missing or changed
  // behind the bank's back (their records name them at the same paths).
  const kept = plan.questions
    .filter((q) => q.kind === "UNCHANGED" && media.get(q.id)?.record)
    .map((q) => q.id);
  for (let i = 0; i < kept.length && tx.media; i += BATCH)
    for (const named of await tx.media({ questionIds: kept.slice(i, i + BATCH) })) {
      const held = media.get(named.questionId)!;
      mediaWrites.push({ path: named.path, sha256: held.record!.sha256, file: held.file });
    }
  // Media: each file checked whole before it is put in place; equal ones are left alone.
  if (mediaWrites.length) {
    progress({ phase: "media", done: 0, total: mediaWrites.length, bytes: 0 });
    await putMediaFiles(repository, tx, mediaWrites, codec, options);
  }

  // Verify: the bank reads back exactly what was written, and nothing that was deleted.
  progress({ phase: "verifying", done: 0, total: expected.size + deleteIds.length, bytes: 0 });
  const mismatched: string[] = [];
  let checked = 0;
  // In id order: the bank's primary-key index is walked, not jumped around in.
  const readBack = readAhead([...expected.keys()].sort(), BATCH, (ids) =>
    readQuestionsWhole(tx, codec, ids, ids.length),
  );
  for await (const { batch: ids, loaded } of readBack) {
    throwIfCancelled(options.signal);
    const digests = new Map(loaded.map((question) => [question.id, question.digest]));
    for (const id of ids) if (digests.get(id) !== expected.get(id)) mismatched.push(id);
    checked += ids.length;
    progress({ phase: "verifying", done: checked, total: expected.size + deleteIds.length, bytes: 0 });
  }
  for (let i = 0; i < deleteIds.length; i += BATCH)
    for await (const chunk of tx.questions({ questionIds: deleteIds.slice(i, i + BATCH) }, BATCH))
      for (const q of chunk) mismatched.push(q.id);
  if (mismatched.length)
    throw new QvaultError(
      "INTEGRITY_ERROR",
      `After writing, ${plural(mismatched.length, "question")} did not read back as restored; nothing was restored`,
      {
        details: { items: mismatched.slice(0, 100).map((id) => ({ entity: "Question", id })) },
      },
    );
  // What was written reads back as its records: the bank may keep their digests.
  const verified = [...expected].map(([id, digest]) => ({ id, digest }));
  for (let i = 0; i < verified.length; i += PUT_BATCH)
    await tx.keepDigests?.(verified.slice(i, i + PUT_BATCH));
  progress({ phase: "done", done: total, total, bytes: 0 });
  return { written: puts.length + sectionPuts.length, deleted: deleteIds.length + deletedSections.length };
}

/** What a restore drill found (see {@link drill}). */
export interface DrillReport {
  backupId: string;
  backupCreatedAt: string;
  /** Every record and media file came back as the backup holds it. */
  ok: boolean;
  sections: number;
  questions: number;
  /** Sections and questions written into the scratch bank (all of them, as it starts empty). */
  written: number;
  /** Media files written and read back. */
  mediaFiles: number;
  /** How many records or files did not come back as the backup holds them. */
  mismatchCount: number;
  /** The first of them. */
  mismatches: { entity: "Section" | "Question" | "Media"; id: string; problem: string }[];
}

const MISMATCHES_NAMED = 20;

/**
 * A restore drill: the whole of backup `backupId` restored into `target`, a scratch bank that
 * starts empty, then every record compared with the backup again (a second plan against what was
 * written: each section's and question's digest, and each media file's SHA-256 read back from the
 * scratch media folder). Nothing is written to the repository (no safety snapshot: the scratch
 * bank is thrown away). @throws what a restore throws (VALIDATION_FAILED, INTEGRITY_ERROR, …)
 * when the backup cannot be restored at all.
 */
export async function drill(
  repository: Repository,
  target: BankTarget,
  backupId: string,
  options: WorkOptions = {},
): Promise<DrillReport> {
  const progress = options.progress ?? ignoreProgress;
  const request: RestoreRequest = { backupId, scope: "FULL", mode: "REPLACE" };
  return target.transaction(async (tx) => {
    progress({ phase: "planning", done: 0, total: null, bytes: 0 });
    const plan = await planRestore(repository, tx, request);
    const held = new HeldRecords(HELD_BYTES);
    const validation = await validateRestore(repository, target, plan, options, held);
    if (!validation.ok) refuse(validation);
    throwIfCancelled(options.signal);
    await apply(repository, tx, plan, validation, options, held);
    progress({ phase: "comparing", done: 0, total: null, bytes: 0 });
    const again = await planRestore(repository, tx, request);
    const mismatches: DrillReport["mismatches"] = [
      ...again.sections
        .filter((s) => s.kind !== "UNCHANGED")
        .map((s) => ({
          entity: "Section" as const,
          id: s.id,
          problem: `${s.kind.toLowerCase()} after the restore`,
        })),
      ...again.questions
        .filter((q) => q.kind !== "UNCHANGED")
        .map((q) => ({
          entity: "Question" as const,
          id: q.id,
          problem: `${q.kind.toLowerCase()} after the restore`,
        })),
    ];
    const media = await heldMedia(repository, again.manifest, new Set(again.sections.map((s) => s.id)));
    let mediaFiles = 0;
    for (const { record } of media.values()) if (record) mediaFiles++;
    if (tx.media)
      for (const change of await planMediaChanges(repository, tx, again))
        mismatches.push({
          entity: "Media",
          id: change.questionId,
          problem: `its audio ${change.sha256 ?? ""} is ${change.kind === "REPAIRED" ? "not as the backup holds it" : change.kind.toLowerCase()} after the restore`,
        });
    progress({ phase: "comparing", done: 1, total: 1, bytes: 0 });
    return {
      backupId,
      backupCreatedAt: plan.manifest.time,
      ok: mismatches.length === 0,
      sections: plan.sections.length,
      questions: plan.questions.length,
      written: plan.counts.ADDED + plan.counts.CHANGED,
      mediaFiles,
      mismatchCount: mismatches.length,
      mismatches: mismatches.slice(0, MISMATCHES_NAMED),
    };
  });
}
