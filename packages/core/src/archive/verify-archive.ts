/**
 * Checking every record of an opened archive before any of it is trusted: each frame (SHA-256,
 * decryption, decompression), each record (digest, JSON, the record schema of the archive's
 * record-schema version, upgraded when older), and each reference (a section record's id, name
 * and position, a question record's id and section, are those the trailer lists it under).
 * Every problem is reported, not just the first. The bank's own rules are not checked here; a
 * restore checks them against the bank it writes. A record the reader has already matched against
 * its digest is not hashed again (see the caching rule in archive-reader.ts); everything else is.
 */
import { isQvaultError, QvaultError } from "../errors/qvault-error.js";
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { readMedia, readMediaFile } from "../media/media.js";
import { decodeRecord } from "../records/record.js";
import { checkQuestionRecord, checkSectionRecord } from "../records/record-schema.js";
import { RECORD_KINDS } from "../repository/format.js";
import type { MissingMedia } from "../repository/manifest.js";
import type { ValidationIssue } from "../restore/validate.js";
import { plural } from "../text/plural.js";
import type { ArchiveReader } from "./archive-reader.js";

export interface ArchiveReport {
  ok: boolean;
  /**
   * Questions whose records name audio the archive does not hold (it was missing when the backup
   * was taken): not a problem of the archive; an import records them as missing media.
   */
  missingMedia: MissingMedia[];
  /** The first {@link MAX_ISSUES} problems. */
  errors: ValidationIssue[];
  errorCount: number;
  records: number;
  frames: number;
}

const MAX_ISSUES = 1000;

type Expected =
  | { kind: "s"; section: { id: string; name: string; position: number } }
  | { kind: "q"; questions: { id: string; sectionId: string }[] }
  | { kind: "f"; questions: string[] };

/** What the trailer says each record is. */
function expectations(archive: ArchiveReader): Map<string, Expected> {
  const expected = new Map<string, Expected>();
  for (const section of archive.sections) {
    expected.set(section.record, { kind: "s", section });
    for (const [id, digest] of archive.questions(section.id)) {
      const entry = expected.get(digest);
      if (entry?.kind === "q") entry.questions.push({ id, sectionId: section.id });
      else expected.set(digest, { kind: "q", questions: [{ id, sectionId: section.id }] });
    }
    for (const [id, file] of archive.media(section.id)) {
      const entry = expected.get(file);
      if (entry?.kind === "f") entry.questions.push(id);
      else expected.set(file, { kind: "f", questions: [id] });
    }
  }
  return expected;
}

/** Checks every record of `archive`. @throws CANCELLED when `signal` aborts. */
export async function verifyArchive(
  archive: ArchiveReader,
  options: WorkOptions = {},
): Promise<ArchiveReport> {
  const progress = options.progress ?? ignoreProgress;
  const version = archive.snapshot.recordSchemaVersion;
  const expected = expectations(archive);
  const errors: ValidationIssue[] = [];
  let errorCount = 0;
  const report = (issue: ValidationIssue) => {
    errorCount++;
    if (errors.length < MAX_ISSUES) errors.push(issue);
  };
  const describe = (digest: string) => {
    const entry = expected.get(digest);
    if (entry?.kind === "s") return { entity: "Section" as const, id: entry.section.id };
    if (entry?.kind === "f") return { entity: "Question" as const, id: entry.questions[0] ?? null };
    return { entity: "Question" as const, id: entry?.questions[0]?.id ?? null };
  };
  /** Each question's audio as its record names it, to hold against the file records. */
  const audioOf = new Map<string, { sha256: string; path: string }>();
  let done = 0;
  let bytes = 0;
  for (let i = 0; i < archive.frameCount; i++) {
    throwIfCancelled(options.signal);
    let records: Awaited<ReturnType<ArchiveReader["readFrame"]>>;
    try {
      records = await archive.readFrame(i);
    } catch (error) {
      if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
      report({ code: "INTEGRITY_ERROR", message: error.message, entity: null, id: null });
      continue;
    }
    for (const record of records) {
      done++;
      const where = describe(record.digest);
      if (!record.bytes) {
        report({
          code: "INTEGRITY_ERROR",
          message: `record ${record.digest} does not match its digest`,
          ...where,
        });
        continue;
      }
      bytes += record.bytes.length;
      // Chunks are checked by their digest, file records with the files they make (below).
      if (record.kind === RECORD_KINDS.chunk || record.kind === RECORD_KINDS.file) continue;
      let value: unknown;
      try {
        value = decodeRecord(record.bytes);
      } catch {
        report({ code: "RECORD_SCHEMA", message: `record ${record.digest} is not JSON`, ...where });
        continue;
      }
      const entry = expected.get(record.digest)!;
      if (entry.kind === RECORD_KINDS.section) {
        const checked = checkSectionRecord(value, version);
        if (!checked.ok) report({ code: "RECORD_SCHEMA", message: checked.message, ...where });
        else if (
          checked.record.id !== entry.section.id ||
          checked.record.name !== entry.section.name ||
          checked.record.position !== entry.section.position
        )
          report({
            code: "REFERENCE",
            message: `the record of section ${entry.section.id} is of section ${checked.record.id} (${checked.record.name}, position ${checked.record.position})`,
            ...where,
          });
        continue;
      }
      const checked = checkQuestionRecord(value, version);
      if (!checked.ok) {
        report({ code: "RECORD_SCHEMA", message: checked.message, ...where });
        continue;
      }
      if (entry.kind !== "q") continue;
      if (checked.record.audio)
        audioOf.set(checked.record.id, {
          sha256: checked.record.audio.sha256,
          path: checked.record.audioPath ?? "",
        });
      for (const listed of entry.questions)
        if (checked.record.id !== listed.id || checked.record.sectionId !== listed.sectionId)
          report({
            code: "REFERENCE",
            message: `question ${listed.id} of section ${listed.sectionId} has the record of question ${checked.record.id} of section ${checked.record.sectionId}`,
            entity: "Question",
            id: listed.id,
          });
    }
    progress({ phase: "checking", done, total: archive.recordCount, bytes });
  }
  // Media: each file made whole from its chunks and checked by its SHA-256, and named by the
  // record of each question whose audio it is.
  const files = new Map<string, string>();
  for (const [file, entry] of expected) {
    if (entry.kind !== "f") continue;
    throwIfCancelled(options.signal);
    try {
      const { sha256 } = await readMediaFile(archive, file);
      await readMedia(archive, archive.codec, file);
      files.set(file, sha256);
    } catch (error) {
      if (!isQvaultError(error) || !["INTEGRITY_ERROR", "NOT_FOUND"].includes(error.code)) throw error;
      report({
        code: "INTEGRITY_ERROR",
        message: `the audio of question ${entry.questions[0]}: ${error.message}`,
        ...describe(file),
      });
    }
  }
  const mediaOf = new Map<string, string>();
  for (const section of archive.sections)
    for (const [id, file] of archive.media(section.id)) mediaOf.set(id, file);
  const missingMedia: MissingMedia[] = [];
  for (const [id, { sha256, path }] of audioOf) {
    const file = mediaOf.get(id);
    if (!file) missingMedia.push({ questionId: id, path, sha256, reason: "MISSING" });
    else if (files.has(file) && files.get(file) !== sha256)
      report({
        code: "REFERENCE",
        message: `question ${id} names audio ${sha256}, not the archive's ${files.get(file)}`,
        entity: "Question",
        id,
      });
  }
  return {
    ok: errorCount === 0,
    missingMedia,
    errors,
    errorCount,
    records: done,
    frames: archive.frameCount,
  };
}

/**
 * Throws the report's verdict: INTEGRITY_ERROR when anything is damaged, else VALIDATION_FAILED,
 * with the first 100 problems in `details.items`.
 */
export function refuseArchive(report: ArchiveReport): never {
  const damaged = report.errors.some((e) => e.code === "INTEGRITY_ERROR");
  const first = report.errors.find((e) => !damaged || e.code === "INTEGRITY_ERROR")!;
  throw new QvaultError(
    damaged ? "INTEGRITY_ERROR" : "VALIDATION_FAILED",
    `The archive has ${plural(report.errorCount, "problem")}; nothing was imported. ${first.message}`,
    { details: { archive: true, items: report.errors.slice(0, 100) } },
  );
}
