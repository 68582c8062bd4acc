/**
 * Validation of a restore plan before anything is written: every record the restore would write
 * is read (decrypted, decompressed, its digest checked), upgraded to the current record schema
 * and checked against it, its references checked (a question's section exists after the
 * restore), and held to the bank's own rules; a question's audio must be in the backup, its file
 * record intact and its pieces in the repository (their bytes are checked as they are written).
 * Every problem is reported, not just the first.
 */
import { isQvaultError } from "../errors/qvault-error.js";
import { throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { isSafeMediaPath } from "../media/media.js";
import { heldMedia } from "../media/restore-media.js";
import type { BankTarget } from "../ports.js";
import { decodeRecord, type QuestionRecord, type SectionRecord } from "../records/record.js";
import { checkQuestionRecord, checkSectionRecord } from "../records/record-schema.js";
import type { Repository } from "../repository/repository.js";
import type { RestorePlan } from "./plan.js";
import { readAhead } from "./read-ahead.js";

export interface ValidationIssue {
  /** INTEGRITY_ERROR, RECORD_SCHEMA, REFERENCE, RULE, MEDIA_MISSING or POSITION_MOVED. */
  code: string;
  message: string;
  entity: "Section" | "Question" | null;
  id: string | null;
}

export interface ValidationReport {
  ok: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
}

const BATCH = 500;

/**
 * Record bytes read by validation and kept, up to a budget, for the writes that follow in the
 * same restore: a restore that writes a few records from all over the repository then reads and
 * decompresses each frame once, not twice. Records past the budget are read again.
 */
export class HeldRecords {
  private readonly held = new Map<string, Uint8Array>();
  private bytes = 0;

  constructor(private readonly budget: number) {}

  offer(digest: string, record: Uint8Array): void {
    if (this.held.has(digest) || this.bytes + record.length > this.budget) return;
    // A copy: the bytes read are a view into their whole decompressed frame, which would be kept.
    this.held.set(digest, record.slice());
    this.bytes += record.length;
  }

  /** The record's bytes when held; each is handed out once. */
  take(digest: string): Uint8Array | undefined {
    const record = this.held.get(digest);
    if (record) {
      this.held.delete(digest);
      this.bytes -= record.length;
    }
    return record;
  }
}

/** Reads records, finding which digests are damaged when a batch fails. */
async function readChecked(
  repository: Repository,
  digests: string[],
  held?: HeldRecords,
): Promise<{ records: Map<string, unknown>; damaged: Map<string, string> }> {
  const damaged = new Map<string, string>();
  const records = new Map<string, unknown>();
  const decoded = (bytes: Map<string, Uint8Array>) => {
    for (const [digest, record] of bytes) {
      records.set(digest, decodeRecord(record));
      held?.offer(digest, record);
    }
  };
  try {
    decoded(await repository.readRecordBytes(digests));
    return { records, damaged };
  } catch (error) {
    if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
  }
  for (const digest of digests) {
    try {
      decoded(await repository.readRecordBytes([digest]));
    } catch (error) {
      if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
      damaged.set(digest, error.message);
    }
  }
  return { records, damaged };
}

/**
 * Validates `plan`. `held`, when given, keeps the question records read (within its budget) for
 * the writes of the same restore.
 */
export async function validateRestore(
  repository: Repository,
  target: Pick<BankTarget, "checkQuestion" | "checkSection">,
  plan: RestorePlan,
  options: WorkOptions = {},
  held?: HeldRecords,
): Promise<ValidationReport> {
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const version = plan.manifest.recordSchemaVersion ?? 1;

  const sectionsAfter = new Set<string>();
  for (const section of plan.sections) if (section.kind !== "DELETED") sectionsAfter.add(section.id);
  const liveSections = new Set(plan.sections.filter((s) => s.live).map((s) => s.id));
  // Sections outside the plan that the bank has keep existing.
  const deletedSections = new Set(plan.sections.filter((s) => s.kind === "DELETED").map((s) => s.id));

  const sectionWrites = plan.sections.filter((s) => s.kind === "ADDED" || s.kind === "CHANGED");
  const { records: sectionRecords, damaged: damagedSections } = await readChecked(
    repository,
    sectionWrites.map((s) => s.snapshot!.record),
  );
  for (const section of sectionWrites) {
    const digest = section.snapshot!.record;
    const problem = damagedSections.get(digest);
    if (problem) {
      errors.push({ code: "INTEGRITY_ERROR", message: problem, entity: "Section", id: section.id });
      continue;
    }
    const checked = checkSectionRecord(sectionRecords.get(digest), version);
    if (!checked.ok) {
      errors.push({ code: "RECORD_SCHEMA", message: checked.message, entity: "Section", id: section.id });
      continue;
    }
    for (const violation of target.checkSection(checked.record as SectionRecord))
      errors.push({
        code: "RULE",
        message: `${violation.field}: ${violation.message}`,
        entity: "Section",
        id: section.id,
      });
  }

  const writes = plan.questions.filter((q) => q.kind === "ADDED" || q.kind === "CHANGED");
  // The audio the snapshot holds for them, and where its chunks are.
  const media = await heldMedia(repository, plan.manifest, new Set(writes.map((q) => q.sectionId)));
  const index = media.size ? await repository.loadIndex() : null;
  const lacking = new Set((plan.manifest.missingMedia ?? []).map((m) => m.questionId));
  let done = 0;
  // In the order the records lie in the repository: each frame is decompressed once.
  const ordered = await repository.inStorageOrder(writes, (q) => q.digest!);
  const reads = readAhead(ordered, BATCH, (batch) =>
    readChecked(
      repository,
      batch.map((q) => q.digest!),
      held,
    ),
  );
  for await (const { batch, loaded } of reads) {
    throwIfCancelled(options.signal);
    const { records, damaged } = loaded;
    for (const question of batch) {
      const problem = damaged.get(question.digest!);
      if (problem) {
        errors.push({ code: "INTEGRITY_ERROR", message: problem, entity: "Question", id: question.id });
        continue;
      }
      const checked = checkQuestionRecord(records.get(question.digest!), version);
      if (!checked.ok) {
        errors.push({ code: "RECORD_SCHEMA", message: checked.message, entity: "Question", id: question.id });
        continue;
      }
      const record = checked.record as QuestionRecord;
      if (record.id !== question.id || record.sectionId !== question.sectionId)
        errors.push({
          code: "REFERENCE",
          message: "the record does not match the backup's listing",
          entity: "Question",
          id: question.id,
        });
      const sectionExists =
        sectionsAfter.has(record.sectionId) ||
        (!deletedSections.has(record.sectionId) && liveSections.has(record.sectionId));
      if (!sectionExists)
        errors.push({
          code: "REFERENCE",
          message: `its section ${record.sectionId} would not exist after the restore`,
          entity: "Question",
          id: question.id,
        });
      const answerIds = new Set(record.answers.map((a) => a.id));
      if (answerIds.size !== record.answers.length)
        errors.push({
          code: "REFERENCE",
          message: "two answers share an id",
          entity: "Question",
          id: question.id,
        });
      if (record.audio) {
        const held = media.get(question.id);
        const issue = (code: string, message: string) => ({
          code,
          message,
          entity: "Question" as const,
          id: question.id,
        });
        if (!record.audioPath || !isSafeMediaPath(record.audioPath))
          errors.push(
            issue(
              "RULE",
              `audioPath: ${JSON.stringify(record.audioPath)} is not a path under the media folder`,
            ),
          );
        else if (!held) {
          // The state before a restore, given back by its undo: the file was missing then too.
          if (lacking.has(question.id) && plan.manifest.trigger === "PRE_RESTORE")
            warnings.push(
              issue("MEDIA_MISSING", `its audio ${record.audioPath} was missing when this backup was taken`),
            );
          else
            errors.push(
              issue(
                "MEDIA_MISSING",
                `its audio ${record.audioPath} (${record.audio.sha256}) is not in the backup`,
              ),
            );
        } else if (!held.record || held.record.sha256 !== record.audio.sha256)
          errors.push(
            issue("INTEGRITY_ERROR", `the backup's file record of its audio ${record.audioPath} is damaged`),
          );
        else if (!held.record.chunks.every(([chunk]) => index?.has(chunk)))
          errors.push(
            issue(
              "INTEGRITY_ERROR",
              `pieces of its audio ${record.audioPath} are missing from the repository`,
            ),
          );
      }
      for (const violation of target.checkQuestion(record))
        errors.push({
          code: "RULE",
          message: `${violation.field}: ${violation.message}`,
          entity: "Question",
          id: question.id,
        });
    }
    done += batch.length;
    options.progress?.({ phase: "validating", done, total: writes.length, bytes: 0 });
  }
  return { ok: errors.length === 0, errors, warnings };
}
