/**
 * Retention's rules for what people make on purpose: deliberate snapshots (MANUAL, IMPORT) kept
 * for `keepDeliberateDays`, and the count rules applied per trigger (`groupByTrigger`). The count
 * rules themselves are checked against a reference in retention.test.ts; here each new rule is
 * checked against applyRetention with the rule off, so these hold whatever the buckets are.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SnapshotManifest } from "../src/index.js";
import {
  applyRetention,
  DEFAULT_RETENTION,
  DELIBERATE_TRIGGERS,
  type RetentionPolicy,
} from "../src/retention/policy.js";

const DAY = 86_400_000;
// A quarter past the hour, so that the minutes before it share one hour in any time zone.
const NOW = Date.UTC(2026, 10, 24, 15, 13);
const TRIGGERS = ["MANUAL", "AUTOMATIC", "SCHEDULED", "PRE_RESTORE", "IMPORT"] as const;

type Spec = { time: number; trigger: SnapshotManifest["trigger"] };
const snapshotsOf = (specs: Spec[], prefix = "s") =>
  specs.map(
    (s, i) =>
      ({
        id: `${prefix}${String(i).padStart(3, "0")}`,
        time: new Date(s.time).toISOString(),
        trigger: s.trigger,
      }) as SnapshotManifest,
  );
const kept = (snapshots: SnapshotManifest[], policy: RetentionPolicy, pinned = new Set<string>()) =>
  new Set(applyRetention(snapshots, policy, pinned, new Date(NOW)).keep.map((m) => m.id));

const spec = fc.record({
  time: fc.integer({ min: NOW - 400 * DAY, max: NOW }),
  trigger: fc.constantFrom(...TRIGGERS),
});
const rule = fc.option(fc.integer({ min: 0, max: 12 }), { nil: null });
const counts = fc.record({
  keepLast: rule,
  keepHourly: rule,
  keepDaily: rule,
  keepWeekly: rule,
  keepMonthly: rule,
  keepYearly: rule,
  keepWithinDays: rule,
});

describe("deliberate snapshots under the default policy", () => {
  it("a MANUAL or IMPORT snapshot younger than 30 days is never forgotten, whatever automatic backups follow (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 * DAY - 1 }),
        fc.constantFrom(...DELIBERATE_TRIGGERS),
        // Automatic backups after it (up to now), in bursts as edits make them, and any others.
        fc.array(fc.integer({ min: 0, max: 30 * DAY }), { maxLength: 200 }),
        fc.array(spec, { maxLength: 40 }),
        (age, trigger, afterMs, others) => {
          const deliberateAt = NOW - age;
          const snapshots = [
            ...snapshotsOf([{ time: deliberateAt, trigger }], "d"),
            ...snapshotsOf(
              afterMs.map((ms) => ({ time: Math.min(NOW, deliberateAt + ms), trigger: "AUTOMATIC" })),
              "a",
            ),
            ...snapshotsOf(others, "o"),
          ];
          const decision = applyRetention(snapshots, DEFAULT_RETENTION, new Set(), new Date(NOW));
          expect(decision.forget.map((m) => m.id)).not.toContain("d000");
          expect(decision.reasons.get("d000")).toContain("deliberate, within 30 days");
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keeps a manual backup taken minutes ago after ten automatic ones in the same hour (the old default forgot it)", () => {
    const snapshots = snapshotsOf([
      { time: NOW - 12 * 60_000, trigger: "MANUAL" },
      ...Array.from({ length: 12 }, (_, i) => ({
        time: NOW - (11 - i) * 60_000,
        trigger: "AUTOMATIC" as const,
      })),
    ]);
    const old: RetentionPolicy = {
      keepLast: 10,
      keepHourly: 24,
      keepDaily: 7,
      keepWeekly: 4,
      keepMonthly: 12,
    };
    expect(kept(snapshots, old).has("s000")).toBe(false);
    const decision = applyRetention(snapshots, DEFAULT_RETENTION, new Set(), new Date(NOW));
    expect(decision.reasons.get("s000")).toEqual(
      expect.arrayContaining(["last", "deliberate, within 30 days"]),
    );
    // Automatic ones are thinned by their own rules: the ten newest of them.
    expect(decision.forget.map((m) => m.id).sort()).toEqual(["s001", "s002"]);
  });

  it("lets a deliberate snapshot older than keepDeliberateDays go by the count rules", () => {
    const snapshots = snapshotsOf([
      { time: NOW - 31 * DAY, trigger: "MANUAL" },
      { time: NOW - DAY, trigger: "MANUAL" },
    ]);
    const decision = applyRetention(
      snapshots,
      { keepLast: 1, keepDeliberateDays: 30 },
      new Set(),
      new Date(NOW),
    );
    expect(decision.forget.map((m) => m.id)).toEqual(["s000"]);
    expect(decision.reasons.get("s001")).toEqual(["last", "deliberate, within 30 days"]);
  });

  it("is a protection, not a count rule: with no count rule everything is kept", () => {
    const snapshots = snapshotsOf([
      { time: NOW - 90 * DAY, trigger: "AUTOMATIC" },
      { time: NOW - DAY, trigger: "MANUAL" },
    ]);
    expect(kept(snapshots, { keepDeliberateDays: 30, groupByTrigger: true })).toEqual(
      new Set(["s000", "s001"]),
    );
  });
});

describe("the new rules against the rules alone (property)", () => {
  it("off (null or false), they change nothing", () => {
    fc.assert(
      fc.property(
        fc.array(spec, { maxLength: 80 }),
        counts,
        fc.constantFrom(null, false),
        (specs, policy, off) => {
          const snapshots = snapshotsOf(specs);
          const plain = applyRetention(snapshots, policy, new Set(), new Date(NOW));
          const withOff = applyRetention(
            snapshots,
            { ...policy, groupByTrigger: off, keepDeliberateDays: null },
            new Set(),
            new Date(NOW),
          );
          expect(withOff.keep.map((m) => m.id)).toEqual(plain.keep.map((m) => m.id));
          expect(withOff.reasons).toEqual(plain.reasons);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("keepDeliberateDays adds exactly the young MANUAL and IMPORT snapshots", () => {
    fc.assert(
      fc.property(
        fc.array(spec, { maxLength: 80 }),
        counts,
        fc.integer({ min: 0, max: 400 }),
        (specs, policy, days) => {
          const snapshots = snapshotsOf(specs);
          const expected = kept(snapshots, policy);
          for (const m of snapshots)
            if (DELIBERATE_TRIGGERS.includes(m.trigger) && NOW - Date.parse(m.time) < days * DAY)
              expected.add(m.id);
          expect(kept(snapshots, { ...policy, keepDeliberateDays: days })).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("groupByTrigger keeps what the rules keep of each trigger's snapshots alone", () => {
    fc.assert(
      fc.property(
        fc.array(spec, { maxLength: 80 }),
        counts,
        fc.array(fc.nat(), { maxLength: 5 }),
        (specs, policy, pins) => {
          const snapshots = snapshotsOf(specs);
          const pinned = new Set(pins.filter((p) => p < snapshots.length).map((p) => snapshots[p]!.id));
          const expected = new Set<string>();
          for (const trigger of TRIGGERS)
            for (const id of kept(
              snapshots.filter((m) => m.trigger === trigger),
              policy,
              pinned,
            ))
              expected.add(id);
          expect(kept(snapshots, { ...policy, groupByTrigger: true }, pinned)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("with groupByTrigger, automatic snapshots never crowd out a snapshot of another trigger", () => {
    fc.assert(
      fc.property(
        fc.array(spec, { maxLength: 60 }),
        fc.array(fc.integer({ min: NOW - 400 * DAY, max: NOW }), { maxLength: 100 }),
        counts,
        (specs, automatic, policy) => {
          const base = snapshotsOf(specs);
          const more = snapshotsOf(
            automatic.map((time) => ({ time, trigger: "AUTOMATIC" })),
            "a",
          );
          const grouped = { ...policy, groupByTrigger: true };
          const before = kept(base, grouped);
          const after = kept([...base, ...more], grouped);
          for (const m of base) if (m.trigger !== "AUTOMATIC") expect(after.has(m.id)).toBe(before.has(m.id));
        },
      ),
      { numRuns: 300 },
    );
  });
});
