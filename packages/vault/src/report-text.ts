/**
 * The one-line summaries of backups, verifications, cleanups and restores as people read them, shared by
 * the server's job messages and the command line's output so that both say the same thing.
 */
import type { CheckReport, PruneReport, RestoreRequest, SnapshotManifest } from "@qvault/core";
import type { RestoreReport } from "./jobs.js";

/** Bytes as people read them: 1.5 MB, 320 KB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1000;
    unit++;
  } while (value >= 1000 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

/** e.g. "Backed up 240 questions in 8 sections; 3 changed, 1.20 KB added". */
export function describeBackup(manifest: SnapshotManifest): string {
  const { stats } = manifest;
  return `Backed up ${stats.questionCount} questions in ${stats.sectionCount} sections; ${stats.changedCount} changed, ${formatBytes(stats.addedBytes)} added`;
}

/** e.g. "Imported 240 questions in 8 sections from an archive of 1.20 MB; 3.40 KB added". */
export function describeImport(manifest: SnapshotManifest, archiveBytes: number): string {
  const { stats } = manifest;
  return `Imported ${stats.questionCount} questions in ${stats.sectionCount} sections from an archive of ${formatBytes(archiveBytes)}; ${formatBytes(stats.addedBytes)} added`;
}

/** "No problems: …" with the figures, or how many problems and the first few. */
export function describeCheck(report: CheckReport): string {
  if (report.ok)
    return `No problems: ${report.stats.snapshots} snapshots, ${report.stats.packs} packs, ${report.stats.records} records${report.readData ? `, ${formatBytes(report.stats.bytesRead)} read and re-hashed` : ""}`;
  const affected = new Set(report.problems.flatMap((p) => p.snapshots));
  return `${report.problems.length} problem(s) found, affecting ${affected.size} snapshot(s): ${report.problems
    .slice(0, 5)
    .map((p) => p.message)
    .join("; ")}${report.problems.length > 5 ? "; …" : ""}`;
}

/** What a prune did, or with `dryRun` would do. */
export function describePrune(report: PruneReport): string {
  const { dryRun } = report;
  return `${dryRun ? "Would forget" : "Forgot"} ${report.forget.length} backup(s), keeping ${report.keep.length}; ${report.packsDeleted} pack(s) ${dryRun ? "would be" : ""} removed, ${report.packsRepacked} repacked, ${formatBytes(report.bytesFreed)} ${dryRun ? "would be " : ""}freed`.replace(
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
