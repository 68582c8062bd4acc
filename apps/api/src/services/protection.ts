/**
 * "Am I protected?" over time, for the dashboard's charts: the recovery point (how old the newest
 * backup was at each moment), backups that succeeded and failed each day, the restore drills and
 * their results, and how the repository grew, with when the disk would fill at that pace.
 *
 * From the repository's snapshots and the stored jobs: every instance answers the same. The
 * storage line counts what each backup still held added (cleanup since freed some of it; the
 * pace is the line's, from its first point to its last).
 */
import type { JobState } from "@qvault/core";
import type { Vault } from "@qvault/vault";

const DAY = 86_400_000;
/** Jobs read back, at most (newest first). */
const JOBS_READ = 2000;

export interface ProtectionHistory {
  from: Date;
  to: Date;
  /** The age of the newest backup at each moment: just before and at each backup, and now. */
  recoveryPoint: { at: Date; ageSeconds: number }[];
  /** Per day (UTC), oldest first: backup jobs that succeeded and that failed. */
  backupDays: { day: string; succeeded: number; failed: number }[];
  /** Restore drills that ended, oldest first. */
  drills: { at: Date; ok: boolean; jobId: string; message: string | null }[];
  /** Bytes the backups still held added, summed in time order. */
  storage: { at: Date; bytes: number }[];
  /** Bytes a day the repository grew over the window (null with fewer than two points). */
  growthBytesPerDay: number | null;
  /** When the disk under the repository would be full at that pace (null: not growing, or no disk to fill). */
  diskFullAt: Date | null;
}

/** The window of the last `days` days up to `now`. */
export async function protectionHistory(
  repo: Vault,
  days: number,
  freeBytes: number | null,
  now = new Date(),
): Promise<ProtectionHistory> {
  const from = new Date(now.getTime() - days * DAY);
  const manifests = (await repo.repository.listSnapshots())
    .map((m) => ({ at: new Date(m.time), addedBytes: m.stats.addedBytes, trigger: m.trigger }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());

  const recoveryPoint: ProtectionHistory["recoveryPoint"] = [];
  let previous: Date | null = null;
  for (const { at } of manifests) {
    if (at >= from && previous)
      recoveryPoint.push({ at, ageSeconds: (at.getTime() - previous.getTime()) / 1000 });
    if (at >= from) recoveryPoint.push({ at, ageSeconds: 0 });
    previous = at;
  }
  if (previous) recoveryPoint.push({ at: now, ageSeconds: (now.getTime() - previous.getTime()) / 1000 });

  let grown = 0;
  const storage: ProtectionHistory["storage"] = [];
  for (const { at, addedBytes } of manifests) {
    grown += addedBytes;
    if (at >= from) storage.push({ at, bytes: grown });
  }
  const first = storage[0];
  const last = storage.at(-1);
  const spanDays = first && last ? (last.at.getTime() - first.at.getTime()) / DAY : 0;
  const growthBytesPerDay = first && last && spanDays > 0 ? (last.bytes - first.bytes) / spanDays : null;
  const diskFullAt =
    growthBytesPerDay && growthBytesPerDay > 0 && freeBytes !== null
      ? new Date(now.getTime() + (freeBytes / growthBytesPerDay) * DAY)
      : null;

  const jobsOf = async (kind: "BACKUP" | "DRILL"): Promise<JobState[]> => {
    const found: JobState[] = [];
    let after: string | null = null;
    while (found.length < JOBS_READ) {
      const page = await repo.store.list({ kind, first: 100, after });
      const nodes = page.edges.map((e) => e.node);
      found.push(...nodes.filter((job) => job.createdAt >= from));
      if (!page.hasNextPage || nodes.some((job) => job.createdAt < from)) break;
      after = page.endCursor;
    }
    return found;
  };
  const backupDays = new Map<string, { day: string; succeeded: number; failed: number }>();
  for (let t = from.getTime(); t <= now.getTime() + DAY - 1; t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    backupDays.set(day, { day, succeeded: 0, failed: 0 });
  }
  for (const job of await jobsOf("BACKUP")) {
    const entry = backupDays.get((job.finishedAt ?? job.createdAt).toISOString().slice(0, 10));
    if (!entry) continue;
    if (job.status === "SUCCEEDED") entry.succeeded++;
    else if (job.status === "FAILED" || job.status === "INTERRUPTED") entry.failed++;
  }
  const drills = (await jobsOf("DRILL"))
    .filter((job) => job.status === "SUCCEEDED" || job.status === "FAILED")
    .map((job) => ({
      at: job.finishedAt ?? job.createdAt,
      ok: job.status === "SUCCEEDED",
      jobId: job.id,
      message: job.error?.message ?? job.message ?? null,
    }))
    .sort((a, b) => a.at.getTime() - b.at.getTime());

  return {
    from,
    to: now,
    recoveryPoint,
    backupDays: [...backupDays.values()],
    drills,
    storage,
    growthBytesPerDay,
    diskFullAt,
  };
}
