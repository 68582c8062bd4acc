/**
 * Retention: which snapshots a policy keeps, like restic's `forget`.
 *
 * keepLast n keeps the n newest. keepHourly/Daily/Weekly/Monthly/Yearly n keep, for each of the n
 * newest hours (days, ISO weeks, months, years, in UTC) that have a snapshot, the newest snapshot
 * in it. keepWithinDays d keeps every snapshot less than d days older than the newest one.
 * Always kept whatever the policy: pinned snapshots, and PRE_RESTORE snapshots of the last 7 days
 * (they are what undoes a recent restore). A policy with no rule keeps everything.
 */
import type { SnapshotManifest } from "../repository/manifest.js";

export interface RetentionPolicy {
  keepLast?: number | null;
  keepHourly?: number | null;
  keepDaily?: number | null;
  keepWeekly?: number | null;
  keepMonthly?: number | null;
  keepYearly?: number | null;
  keepWithinDays?: number | null;
}

export interface RetentionDecision {
  keep: SnapshotManifest[];
  forget: SnapshotManifest[];
  /** Why each kept snapshot is kept, e.g. ["last", "daily", "pinned"]. */
  reasons: Map<string, string[]>;
}

const DAY = 86_400_000;
const RECENT_SAFETY_DAYS = 7;

/** The ISO-8601 week of a date, as "year-Www". */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / DAY + 1) / 7);
  return `${d.getUTCFullYear()}-W${week}`;
}

export const BUCKETS = {
  hourly: (d: Date) => d.toISOString().slice(0, 13),
  daily: (d: Date) => d.toISOString().slice(0, 10),
  weekly: isoWeek,
  monthly: (d: Date) => d.toISOString().slice(0, 7),
  yearly: (d: Date) => d.toISOString().slice(0, 4),
} as const;

/** Applies `policy` to `snapshots`. `pinned` ids and recent PRE_RESTORE snapshots are always kept. */
export function applyRetention(
  snapshots: readonly SnapshotManifest[],
  policy: RetentionPolicy,
  pinned: ReadonlySet<string> = new Set(),
  now: Date = new Date(),
): RetentionDecision {
  const newestFirst = [...snapshots].sort((a, b) =>
    a.time > b.time ? -1 : a.time < b.time ? 1 : a.id > b.id ? -1 : 1,
  );
  const reasons = new Map<string, string[]>();
  const keepFor = (manifest: SnapshotManifest, reason: string) => {
    const list = reasons.get(manifest.id) ?? [];
    list.push(reason);
    reasons.set(manifest.id, list);
  };
  const rules = [
    policy.keepLast,
    policy.keepHourly,
    policy.keepDaily,
    policy.keepWeekly,
    policy.keepMonthly,
    policy.keepYearly,
    policy.keepWithinDays,
  ];
  const anyRule = rules.some((n) => n !== null && n !== undefined);

  if (!anyRule) for (const m of newestFirst) keepFor(m, "no policy");
  for (const m of newestFirst.slice(0, policy.keepLast ?? 0)) keepFor(m, "last");
  for (const [name, bucketOf] of Object.entries(BUCKETS)) {
    const limit = policy[`keep${name[0]!.toUpperCase()}${name.slice(1)}` as keyof RetentionPolicy] ?? 0;
    const seen = new Set<string>();
    for (const m of newestFirst) {
      if (seen.size >= limit) break;
      const bucket = bucketOf(new Date(m.time));
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      keepFor(m, name);
    }
  }
  if (policy.keepWithinDays != null && newestFirst.length) {
    const newest = Date.parse(newestFirst[0]!.time);
    for (const m of newestFirst)
      if (newest - Date.parse(m.time) < policy.keepWithinDays * DAY) keepFor(m, "within");
  }
  for (const m of newestFirst) {
    if (pinned.has(m.id)) keepFor(m, "pinned");
    if (m.trigger === "PRE_RESTORE" && now.getTime() - Date.parse(m.time) < RECENT_SAFETY_DAYS * DAY)
      keepFor(m, "recent safety backup");
  }
  return {
    keep: newestFirst.filter((m) => reasons.has(m.id)),
    forget: newestFirst.filter((m) => !reasons.has(m.id)),
    reasons,
  };
}
