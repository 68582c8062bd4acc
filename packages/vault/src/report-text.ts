/**
 * The one-line summaries of backups, verifications, cleanups and restores as people read them, shared by
 * the server's job messages and the command line's output so that both say the same thing: one
 * byte formatter and one way to put a noun in the plural, for every text qvault prints. Loads no
 * database code (`@qvault/vault/report-text`), so the command line uses it before it opens one.
 */
import {
  type CheckReport,
  type PruneReport,
  plural,
  type RestoreRequest,
  type SnapshotManifest,
} from "@qvault/core";
import prettyBytes from "pretty-bytes";
import type { DrillRun, RestoreReport } from "./jobs.js";

/** Bytes as people read them, in SI units (pretty-bytes): "84.3 GB", "320 kB", "12 B". */
export function formatBytes(bytes: number): string {
  return prettyBytes(bytes);
}

/** Counts with their nouns ("1 backup", "2 backups"): core's one helper, here beside the byte formatter. */
export { plural };

/** e.g. "Backed up 240 questions in 8 sections; 3 changed, 1.2 kB added". */
export function describeBackup(manifest: SnapshotManifest): string {
  const { stats } = manifest;
  return `Backed up ${plural(stats.questionCount, "question")} in ${plural(stats.sectionCount, "section")}; ${stats.changedCount} changed, ${formatBytes(stats.addedBytes)} added`;
}

/** e.g. "Imported 240 questions in 8 sections from an archive of 1.2 MB; 3.4 kB added". */
export function describeImport(manifest: SnapshotManifest, archiveBytes: number): string {
  const { stats } = manifest;
  return `Imported ${plural(stats.questionCount, "question")} in ${plural(stats.sectionCount, "section")} from an archive of ${formatBytes(archiveBytes)}; ${formatBytes(stats.addedBytes)} added`;
}

/** "No problems: …" with the figures, or how many problems and the first few. */
export function describeCheck(report: CheckReport): string {
  if (report.ok)
    return `No problems: ${plural(report.stats.snapshots, "snapshot")}, ${plural(report.stats.packs, "pack")}, ${plural(report.stats.records, "record")}${report.readData ? `, ${formatBytes(report.stats.bytesRead)} read and re-hashed` : ""}`;
  const affected = new Set(report.problems.flatMap((p) => p.snapshots));
  return `${plural(report.problems.length, "problem")} found, affecting ${plural(affected.size, "snapshot")}: ${report.problems
    .slice(0, 5)
    .map((p) => p.message)
    .join("; ")}${report.problems.length > 5 ? "; …" : ""}`;
}

/**
 * e.g. "Restored backup 01ab… (8 sections, 240 questions, 80 audio files) into a scratch bank (a
 * SQLite file): every record matches", or how many did not and the first few.
 */
export function describeDrill(run: DrillRun): string {
  const what = `backup ${run.backupId} (${plural(run.sections, "section")}, ${plural(run.questions, "question")}, ${plural(run.mediaFiles, "audio file")}) into a scratch bank (${run.scratch})`;
  if (run.ok) return `Restored ${what}: every record matches the backup`;
  return `Restored ${what}: ${plural(run.mismatchCount, "record")} did not come back as the backup holds them: ${run.mismatches
    .slice(0, 5)
    .map((m) => `${m.entity} ${m.id} ${m.problem}`)
    .join("; ")}${run.mismatchCount > 5 ? "; …" : ""}`;
}

/** What a prune did, or with `dryRun` would do. */
export function describePrune(report: PruneReport): string {
  const { dryRun } = report;
  return `${dryRun ? "Would forget" : "Forgot"} ${plural(report.forget.length, "backup")}, keeping ${report.keep.length}; ${plural(report.packsDeleted, "pack")} ${dryRun ? "would be" : ""} removed, ${report.packsRepacked} repacked, ${formatBytes(report.bytesFreed)} ${dryRun ? "would be " : ""}freed`.replace(
    /\s+/g,
    " ",
  );
}

/** What a finished restore reports, with the safety snapshot it took. */
export interface RestoreSummary extends RestoreReport {
  safetyBackupId: string;
}

/** A restore's job outcome: "Restored from …: 3 added, 1 changed, …", and its report. */
export function describeRestore(
  request: RestoreRequest,
  summary: RestoreSummary,
): { backupId: string; safetyBackupId: string; message: string; report: RestoreReport } {
  const { counts, warnings } = summary;
  const moved = warnings.length;
  return {
    backupId: request.backupId,
    safetyBackupId: summary.safetyBackupId,
    message: `Restored from ${request.backupId}: ${counts.ADDED} added, ${counts.CHANGED} changed, ${counts.DELETED} deleted, ${counts.UNCHANGED} unchanged${moved ? `; ${moved} moved to a free position` : ""}`,
    report: { counts, warnings, undo: summary.undo },
  };
}
