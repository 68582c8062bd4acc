/**
 * Automatic and scheduled backups.
 *
 * Automatic: every committed change of the bank (seen through `db.onCommit`) arms a timer; the
 * backup runs after `autoBackupDebounceMs` of quiet, and never later than `autoBackupMaxDelayMs`
 * after the first change waiting, however steady the stream of edits. It runs as a BACKUP job in
 * the one queue, so it waits while a restore runs. Changes left waiting when the process stopped
 * are backed up at start. Scheduled: a cron expression from the settings takes a SCHEDULED full
 * backup, which also catches anything written behind the ORM's back. Copies to a second
 * repository on their own schedule (`copySchedule`) and restore drills (`drillSchedule`) start
 * here too.
 *
 * Where several instances share the bank, only the one that `leads` takes them; every instance
 * hears every committed change (the database's signals), so the leader's timer covers edits made
 * through the others, and an instance that takes the lead backs up what was left waiting.
 */

import { latestFullSnapshot } from "@qvault/core";
import type { BankDatabase } from "@qvault/question-bank";
import type { Vault } from "@qvault/vault";
import { Cron } from "croner";
import type { BackupSettings, BackupSettingsService } from "./backup-settings.js";

export interface AutoBackup {
  /** When the first change still waiting for a backup was committed, if any. */
  readonly waitingSince: Date | null;
  stop(): void;
}

export async function startAutoBackup(options: {
  db: BankDatabase;
  settings: BackupSettingsService;
  repo: Vault;
  log: (line: string) => void;
  /** Whether this instance takes the automatic and scheduled backups now; always, without it. */
  leads?: () => boolean;
}): Promise<AutoBackup & { leadChanged(leads: boolean): void }> {
  const { db, settings, repo, log } = options;
  const leads = options.leads ?? (() => true);
  let current = await settings.get();
  let waitingSince: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let cron: Cron | null = null;
  let copyCron: Cron | null = null;
  let drillCron: Cron | null = null;
  let stopped = false;

  const run = async () => {
    timer = null;
    waitingSince = null;
    if (stopped || !current.autoBackupEnabled || !leads()) return;
    try {
      await repo.startAutomaticBackup();
    } catch (error) {
      log(`automatic backup could not start: ${(error as Error).message}`);
    }
  };

  const arm = () => {
    if (stopped || !current.autoBackupEnabled) return;
    const now = Date.now();
    waitingSince ??= now;
    // Start early enough that the backup itself also fits in the longest delay: by the time
    // recent automatic backups took (with a quarter more), at least 500 ms (a quarter of a shorter
    // delay), at most half the delay.
    const recent = (repo.automaticBackupMs() ?? 0) * 1.25;
    const floor = Math.min(500, current.autoBackupMaxDelayMs / 4);
    const margin = Math.min(Math.max(floor, recent), current.autoBackupMaxDelayMs / 2);
    const at = Math.min(
      now + current.autoBackupDebounceMs,
      waitingSince + current.autoBackupMaxDelayMs - margin,
    );
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, Math.max(0, at - now));
  };

  const schedule = (next: BackupSettings) => {
    copyCron?.stop();
    copyCron =
      next.copySchedule && next.copyTo
        ? new Cron(next.copySchedule, { protect: true }, async () => {
            if (!leads()) return;
            try {
              await repo.startCopy("SCHEDULED");
            } catch (error) {
              log(`scheduled copy could not start: ${(error as Error).message}`);
            }
          })
        : null;
    drillCron?.stop();
    drillCron = next.drillSchedule
      ? new Cron(next.drillSchedule, { protect: true }, async () => {
          if (!leads()) return;
          try {
            // Nothing to drill before the first backup of the whole bank.
            if (await latestFullSnapshot(repo.repository)) await repo.startDrill("SCHEDULED");
          } catch (error) {
            log(`scheduled restore drill could not start: ${(error as Error).message}`);
          }
        })
      : null;
    cron?.stop();
    cron = next.schedule
      ? new Cron(next.schedule, { protect: true }, async () => {
          if (!leads()) return;
          try {
            await repo.startScheduledBackup();
          } catch (error) {
            log(`scheduled backup could not start: ${(error as Error).message}`);
          }
        })
      : null;
  };

  const unsubscribe = db.onCommit(arm);
  settings.onChange((next) => {
    current = next;
    repo.repository.setCompressionQuality(next.compressionQuality);
    schedule(next);
    if (!next.autoBackupEnabled && timer) {
      clearTimeout(timer);
      timer = null;
    } else if (waitingSince !== null) arm();
  });
  repo.repository.setCompressionQuality(current.compressionQuality);
  schedule(current);
  // Edits left waiting by a previous run are backed up now.
  if ((await repo.pendingChanges()).count > 0) arm();

  return {
    leadChanged(now) {
      if (!now || stopped) return;
      // What the former leader left waiting is this one's now.
      void repo
        .pendingChanges()
        .then(({ count }) => {
          if (count > 0) arm();
        })
        .catch(() => {});
    },
    get waitingSince() {
      return waitingSince === null ? null : new Date(waitingSince);
    },
    stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      cron?.stop();
      copyCron?.stop();
      drillCron?.stop();
    },
  };
}
