import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SnapshotManifest } from "../src/index.js";
import { applyRetention, type RetentionPolicy } from "../src/retention/policy.js";

/** A straightforward reference: each rule on its own, from restic's documentation, by plain loops. */
function reference(
  snapshots: SnapshotManifest[],
  policy: RetentionPolicy,
  pinned: Set<string>,
  now: Date,
): Set<string> {
  const sorted = [...snapshots].sort((a, b) => b.time.localeCompare(a.time) || b.id.localeCompare(a.id));
  const rules = Object.values(policy).filter((v) => v !== null && v !== undefined);
  const kept = new Set<string>();
  if (rules.length === 0) for (const s of sorted) kept.add(s.id);
  for (let i = 0; i < (policy.keepLast ?? 0) && i < sorted.length; i++) kept.add(sorted[i]!.id);
  const bucketRule = (n: number | null | undefined, key: (d: Date) => string) => {
    const buckets: string[] = [];
    for (const s of sorted) {
      const k = key(new Date(s.time));
      if (buckets.includes(k)) continue;
      if (buckets.length === (n ?? 0)) break;
      buckets.push(k);
      kept.add(s.id);
    }
  };
  const week = (d: Date) => {
    // ISO week by the Thursday rule, computed from scratch, of the local calendar day
    const t = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
    const dow = (t.getUTCDay() + 6) % 7;
    t.setUTCDate(t.getUTCDate() - dow + 3);
    const firstThursday = new Date(Date.UTC(t.getUTCFullYear(), 0, 4));
    const weekNo =
      1 +
      Math.round(
        ((t.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) /
          7,
      );
    return `${t.getUTCFullYear()}-W${weekNo}`;
  };
  bucketRule(policy.keepHourly, (d) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}-${d.getHours()}`);
  bucketRule(policy.keepDaily, (d) => `${d.getFullYear()}-${d.getMonth()}-${d.getDate()}`);
  bucketRule(policy.keepWeekly, week);
  bucketRule(policy.keepMonthly, (d) => `${d.getFullYear()}-${d.getMonth()}`);
  bucketRule(policy.keepYearly, (d) => `${d.getFullYear()}`);
  if (policy.keepWithinDays != null && sorted.length) {
    const newest = new Date(sorted[0]!.time).getTime();
    for (const s of sorted)
      if (newest - new Date(s.time).getTime() < policy.keepWithinDays * 86_400_000) kept.add(s.id);
  }
  for (const s of sorted) {
    if (pinned.has(s.id)) kept.add(s.id);
    if (s.trigger === "PRE_RESTORE" && now.getTime() - new Date(s.time).getTime() < 7 * 86_400_000)
      kept.add(s.id);
  }
  return kept;
}

const manifestArbitrary = fc.record({
  time: fc.integer({ min: Date.UTC(2023, 0, 1), max: Date.UTC(2026, 10, 24) }),
  trigger: fc.constantFrom("MANUAL", "AUTOMATIC", "SCHEDULED", "PRE_RESTORE", "IMPORT" as const),
});
const rule = fc.option(fc.integer({ min: 0, max: 12 }), { nil: null });
const policyArbitrary = fc.record({
  keepLast: rule,
  keepHourly: rule,
  keepDaily: rule,
  keepWeekly: rule,
  keepMonthly: rule,
  keepYearly: rule,
  keepWithinDays: rule,
});

/** Runs `test` with the process's time zone set to `zone` (Node reads TZ again when it is set). */
function inZone(zone: string, test: () => void): void {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    test();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

// Buckets are local: zones with half-hour offsets and daylight saving time move hours, days and
// weeks across UTC's boundaries.
const ZONES = ["UTC", "America/St_Johns", "Asia/Kathmandu", "Australia/Lord_Howe"];

describe("retention", () => {
  it.each(ZONES)(
    "keeps exactly what the policy defines, and pinned and recent safety snapshots always (property, TZ=%s)",
    (zone) =>
      inZone(zone, () => {
        fc.assert(
          fc.property(
            fc.array(manifestArbitrary, { maxLength: 80 }),
            policyArbitrary,
            fc.array(fc.nat(), { maxLength: 5 }),
            (specs, policy, pins) => {
              const snapshots = specs.map(
                (s, i) =>
                  ({
                    id: `s${String(i).padStart(3, "0")}`,
                    time: new Date(s.time).toISOString(),
                    trigger: s.trigger,
                  }) as SnapshotManifest,
              );
              const pinned = new Set(pins.filter((p) => p < snapshots.length).map((p) => snapshots[p]!.id));
              const now = new Date(Date.UTC(2026, 10, 24));
              const decision = applyRetention(snapshots, policy, pinned, now);
              expect(new Set(decision.keep.map((m) => m.id))).toEqual(
                reference(snapshots, policy, pinned, now),
              );
              expect(decision.keep.length + decision.forget.length).toBe(snapshots.length);
              for (const id of pinned) expect(decision.keep.some((m) => m.id === id)).toBe(true);
            },
          ),
          { numRuns: 500 },
        );
      }),
  );

  it("counts days in the local time zone", () =>
    inZone("Europe/Berlin", () => {
      // 23:30 and 00:30 in Berlin are two days there, one day (22:30, 23:30) in UTC.
      const snapshots = ["2026-01-05T22:30:00.000Z", "2026-01-05T23:30:00.000Z"].map(
        (time, i) => ({ id: `s${i}`, time, trigger: "MANUAL" }) as SnapshotManifest,
      );
      expect(applyRetention(snapshots, { keepDaily: 2 }).forget).toEqual([]);
      inZone("UTC", () =>
        expect(applyRetention(snapshots, { keepDaily: 2 }).forget.map((m) => m.id)).toEqual(["s0"]),
      );
    }));

  it("says why each snapshot is kept", () => {
    const day = (n: number, h = 12) => new Date(Date.UTC(2026, 0, n, h)).toISOString();
    const snapshots = [1, 2, 2, 3].map(
      (d, i) => ({ id: `s${i}`, time: day(d, 10 + i), trigger: "MANUAL" }) as SnapshotManifest,
    );
    const decision = applyRetention(snapshots, { keepLast: 1, keepDaily: 2 }, new Set(["s0"]));
    expect(decision.reasons.get("s3")).toEqual(["last", "daily"]);
    expect(decision.reasons.get("s2")).toEqual(["daily"]);
    expect(decision.reasons.get("s0")).toEqual(["pinned"]);
    expect(decision.forget.map((m) => m.id)).toEqual(["s1"]);
  });
});
