/**
 * Retention: which snapshots a policy keeps, like restic's `forget`.
 *
 * keepLast n keeps the n newest. keepHourly/Daily/Weekly/Monthly/Yearly n keep, for each of the n
 * newest hours (days, ISO weeks, months, years, in the process's local time zone, like restic;
 * TZ=UTC for UTC) that have a snapshot, the newest snapshot in it. keepWithinDays d keeps every
 * snapshot less than d days older than the newest one.
 * Always kept whatever the policy: pinned snapshots, and PRE_RESTORE snapshots of the last 7 days
 * (they are what undoes a recent restore). A policy with no rule keeps everything.
 *
 * Two rules of their own, so that what people made on purpose is not crowded out by what the
 * system makes by itself (an automatic backup per edit burst):
 * - keepDeliberateDays d keeps every MANUAL and IMPORT snapshot less than d days old, measured
 *   from now (not from the newest snapshot). It is a protection, not a count rule: a policy with
 *   no count rule still keeps everything.
 * - groupByTrigger applies the count rules (last, hourly … yearly, within) to each trigger's
 *   snapshots on their own, like restic's `--group-by`: keepLast 10 keeps the 10 newest automatic
 *   snapshots, and the 10 newest manual ones, and so on.
 * Not guaranteed: a rule's reason names the rule, not the group it was applied to.
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
  /** MANUAL and IMPORT snapshots younger than this many days (from now) are kept. null: no such rule. */
  keepDeliberateDays?: number | null;
  /** Apply the count rules to each trigger's snapshots separately. @default false */
  groupByTrigger?: boolean | null;
}

export interface RetentionDecision {
  keep: SnapshotManifest[];
  forget: SnapshotManifest[];
  /** Why each kept snapshot is kept, e.g. ["last", "daily", "pinned"]. */
  reasons: Map<string, string[]>;
}

const DAY = 86_400_000;
const RECENT_SAFETY_DAYS = 7;

/** Triggers of the snapshots people take on purpose, which `keepDeliberateDays` protects. */
export const DELIBERATE_TRIGGERS: readonly SnapshotManifest["trigger"][] = ["MANUAL", "IMPORT"];

/**
 * The policy qvault uses until one is saved: deliberate snapshots for 30 days, and the counts
 * applied to each trigger on its own, so automatic backups never crowd out manual or scheduled ones.
 */
export const DEFAULT_RETENTION = {
  keepLast: 10,
  keepHourly: 24,
  keepDaily: 7,
  keepWeekly: 4,
  keepMonthly: 12,
  keepYearly: null,
  keepWithinDays: null,
  keepDeliberateDays: 30,
  groupByTrigger: true,
} as const satisfies Required<RetentionPolicy>;

/** The ISO-8601 week of a date, as "year-Www". */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / DAY + 1) / 7);
  return `${d.getUTCFullYear()}-W${week}`;
}

const two = (n: number) => String(n).padStart(2, "0");
/** Local calendar fields: a day in the local time zone, as "yyyy-mm-dd". */
const localDay = (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;

/** The bucket of each time rule, in local time: "2026-03-01T14", "2026-03-01", "2026-W9", "2026-03", "2026". */
export const BUCKETS = {
  hourly: (d: Date) => `${localDay(d)}T${two(d.getHours())}`,
  daily: localDay,
  // isoWeek reads UTC fields: hand it the local calendar day at UTC midnight.
  weekly: (d: Date) => isoWeek(new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()))),
  monthly: (d: Date) => `${d.getFullYear()}-${two(d.getMonth() + 1)}`,
  yearly: (d: Date) => String(d.getFullYear()),
} as const;

/**
 * Applies `policy` to `snapshots`. `pinned` ids and recent PRE_RESTORE snapshots are always kept;
 * deliberate ones by `policy.keepDeliberateDays`, measured from `now`.
 */
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
  for (const group of policy.groupByTrigger ? byTrigger(newestFirst) : [newestFirst])
    applyCounts(group, policy, keepFor);
  for (const m of newestFirst) {
    if (pinned.has(m.id)) keepFor(m, "pinned");
    if (m.trigger === "PRE_RESTORE" && now.getTime() - Date.parse(m.time) < RECENT_SAFETY_DAYS * DAY)
      keepFor(m, "recent safety backup");
    const deliberateDays = policy.keepDeliberateDays;
    if (
      deliberateDays != null &&
      DELIBERATE_TRIGGERS.includes(m.trigger) &&
      now.getTime() - Date.parse(m.time) < deliberateDays * DAY
    )
      keepFor(m, `deliberate, within ${deliberateDays} days`);
  }
  return {
    keep: newestFirst.filter((m) => reasons.has(m.id)),
    forget: newestFirst.filter((m) => !reasons.has(m.id)),
    reasons,
  };
}

/** Snapshots by trigger, each group newest first as given. */
function byTrigger(newestFirst: SnapshotManifest[]): SnapshotManifest[][] {
  const groups = new Map<string, SnapshotManifest[]>();
  for (const m of newestFirst) {
    const group = groups.get(m.trigger);
    if (group) group.push(m);
    else groups.set(m.trigger, [m]);
  }
  return [...groups.values()];
}

/** The count rules (last, the buckets, within) over one group of snapshots, newest first. */
function applyCounts(
  newestFirst: SnapshotManifest[],
  policy: RetentionPolicy,
  keepFor: (manifest: SnapshotManifest, reason: string) => void,
): void {
  for (const m of newestFirst.slice(0, policy.keepLast ?? 0)) keepFor(m, "last");
  for (const [name, bucketOf] of Object.entries(BUCKETS)) {
    const limit =
      policy[
        `keep${name[0]!.toUpperCase()}${name.slice(1)}` as Exclude<keyof RetentionPolicy, "groupByTrigger">
      ] ?? 0;
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
}
