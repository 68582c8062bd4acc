/**
 * Restore drills: proof that backups restore. The newest full backup is restored whole into a
 * scratch bank beside the live one (question-bank's `openScratchBank`: a temporary SQLite file, or
 * a temporary schema of the PostgreSQL database) and every record compared with the backup again
 * (core's `drill`); the scratch bank is thrown away after, whatever happened. The live bank, its
 * media folder and the repository are only read.
 */
import { drill, latestFullSnapshot, QvaultError, type Repository, type WorkOptions } from "@qvault/core";
import { createBankTarget, openScratchBank } from "@qvault/question-bank";
import type { DrillRun } from "./jobs.js";

/**
 * Restores the newest full backup of `repository` into a scratch bank beside the bank at
 * `database` and compares it. @throws NOT_FOUND when there is no full backup; what a restore
 * throws when it cannot restore at all (INTEGRITY_ERROR, VALIDATION_FAILED, …).
 */
export async function drillNewestBackup(
  repository: Repository,
  database: string,
  work: WorkOptions & {
    /** The folder the scratch bank's files go under. @default the system's temporary folder */
    scratchDir?: string;
  } = {},
): Promise<DrillRun> {
  const newest = await latestFullSnapshot(repository);
  if (!newest) throw new QvaultError("NOT_FOUND", "There is no backup of the whole bank to drill yet");
  const scratch = await openScratchBank(database, work.scratchDir);
  let run: DrillRun;
  try {
    run = {
      ...(await drill(repository, createBankTarget(scratch.db), newest.id, work)),
      scratch: scratch.kind,
    };
  } catch (error) {
    // What the drill found wins over a failure to clean up (left over, it goes with the next drill).
    await scratch.discard().catch(() => {});
    throw error;
  }
  await scratch.discard().catch(() => {});
  return run;
}
