/**
 * Restore drills: proof that backups restore. The newest full backup is restored whole into a
 * scratch bank beside the live one (question-bank's `openScratchBank`: a temporary SQLite file, or
 * a temporary schema of the PostgreSQL database) and every record compared with the backup again
 * (core's `drill`); the scratch bank is thrown away after, whatever happened. The live bank, its
 * media folder and the repository are only read.
 */
import { drill, QvaultError, type Repository, type SnapshotManifest, type WorkOptions } from "@qvault/core";
import { createBankTarget, openScratchBank } from "@qvault/question-bank";
import type { DrillRun } from "./jobs.js";

/** The newest snapshot of the whole bank, or null when there is none. */
export function newestFullBackup(manifests: readonly SnapshotManifest[]): SnapshotManifest | null {
  let newest: SnapshotManifest | null = null;
  for (const manifest of manifests)
    if (manifest.scope === "FULL" && (!newest || manifest.time > newest.time)) newest = manifest;
  return newest;
}

/**
 * Restores the newest full backup of `repository` into a scratch bank beside the bank at
 * `database` and compares it. @throws NOT_FOUND when there is no full backup; what a restore
 * throws when it cannot restore at all (INTEGRITY_ERROR, VALIDATION_FAILED, …).
 */
export async function drillNewestBackup(
  repository: Repository,
  database: string,
  work: WorkOptions = {},
): Promise<DrillRun> {
  const newest = newestFullBackup(await repository.listSnapshots());
  if (!newest) throw new QvaultError("NOT_FOUND", "There is no backup of the whole bank to drill yet");
  const scratch = await openScratchBank(database);
  try {
    const report = await drill(repository, createBankTarget(scratch.db), newest.id, work);
    return { ...report, scratch: scratch.kind };
  } finally {
    await scratch.discard();
  }
}
