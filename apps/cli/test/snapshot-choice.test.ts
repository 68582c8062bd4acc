/**
 * Naming snapshots and sections the way restic users expect, against a real bank and repository:
 * `latest` never picks the safety snapshot a restore takes, `--as-of` picks the newest backup at
 * or before a time (local unless a zone is given), `--section` takes a name or an id prefix;
 * times print in the local zone unless --utc; `stats` agrees with `check`.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankContent, seededDataDir, sql, type TestData } from "./helpers/bank.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";

let data: TestData;
// A zone with a half-hour offset: local and UTC times differ in their minutes, not only their hours.
const ZONE = "Asia/Kolkata";
const qvault = (...args: string[]) => runCli(["--data-dir", data.dir, ...args], { env: { TZ: ZONE } });
const ids: string[] = [];
const times: string[] = [];

/** `iso` as the command line reads local time in ZONE: "2026-03-01 14:30:05". */
const local = (iso: string) =>
  new Date(iso).toLocaleString("sv-SE", { timeZone: ZONE, hour12: false }).replace("T", " ");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  assertBuilt();
  data = seededDataDir(24);
  expect((await qvault("init")).code).toBe(0);
  for (const note of ["first", "second"]) {
    const backup = await qvault("backup", "--note", note, "--json");
    expect(backup.code).toBe(0);
    ids.push(backup.summary!.snapshotId);
    times.push(backup.summary!.time);
    await sql(data.database, [
      `UPDATE "question" SET "prompt" = ? WHERE "id" = (SELECT MIN("id") FROM "question")`,
      [`edited after ${note}`],
    ]);
    // The next backup starts in a later second, so a local time to the second falls between them.
    await sleep(1100);
  }
});
afterAll(() => data?.remove());

describe("choosing a snapshot", () => {
  it("latest is the newest backup, never the safety snapshot: restoring it twice is the same restore", async () => {
    const [, second] = ids;
    const restored = await qvault("restore", "latest", "--yes", "--json");
    expect(restored.code).toBe(0);
    expect(restored.summary).toMatchObject({ snapshotId: second, changed: 1 });
    const afterFirst = await bankContent(data.database);

    const diff = await qvault("diff", "latest", "--live", "--json");
    expect(diff.summary).toMatchObject({ from: second, to: "live", added: 0, changed: 0, deleted: 0 });

    const again = await qvault("restore", "latest", "--yes", "--json");
    expect(again.summary).toMatchObject({ snapshotId: second, changed: 0 });
    expect(await bankContent(data.database)).toEqual(afterFirst);

    // The safety snapshot is still reached by its id, or by latest with --include-safety.
    const safety = again.summary!.safetySnapshotId as string;
    expect((await qvault("ls", safety, "--json")).summary!.snapshotId).toBe(safety);
    expect((await qvault("ls", "latest", "--include-safety", "--json")).summary!.snapshotId).toBe(safety);
    const help = await qvault("restore", "--help");
    expect(help.stdout).toMatch(/never the PRE_RESTORE safety snapshot/);
  });

  it("--as-of picks the newest backup at or before the time, in local time or with a zone", async () => {
    const [first, second] = ids as [string, string];
    const [firstTime, secondTime] = times as [string, string];
    const at = async (...args: string[]) => (await qvault("ls", ...args, "--json")).summary?.snapshotId;
    expect(await at("--as-of", firstTime)).toBe(first);
    expect(await at("--as-of", new Date(Date.parse(secondTime) - 1).toISOString())).toBe(first);
    expect(await at("--as-of", secondTime)).toBe(second);
    // "YYYY-MM-DD HH:MM:SS" is local time (TZ), and rounding the first backup's second up falls before the next.
    const firstSecondLocal = local(
      new Date(Math.floor(Date.parse(firstTime) / 1000) * 1000 + 1000).toISOString(),
    );
    expect(await at("--as-of", firstSecondLocal)).toBe(first);
    // --utc reads the same wall-clock text as UTC: 5 h 30 later than Kolkata's, so the second backup.
    expect(await at("--as-of", firstSecondLocal, "--utc")).toBe(second);
    // Now, it passes over the safety snapshots the restores took, unless asked for them.
    expect(await at("--as-of", new Date(Date.now() + 60_000).toISOString())).toBe(second);
    expect(await at("--as-of", new Date(Date.now() + 60_000).toISOString(), "--include-safety")).not.toBe(
      second,
    );

    const before = await qvault("ls", "--as-of", "2020-01-01", "--json");
    expect(before.code).toBe(4);
    expect(before.error!.message).toMatch(
      /No backup was made at or before 2020-01-01 00:00:00 \(Asia\/(Kolkata|Calcutta)\)/,
    );
    expect((await qvault("ls", ids[0]!, "--as-of", firstTime)).code).toBe(2);
    expect((await qvault("ls")).code).toBe(2);

    // It takes the place of the snapshot in diff, restore and export too.
    const diff = await qvault("diff", "--as-of", firstTime, second, "--json");
    expect(diff.summary).toMatchObject({ from: first, to: second, changed: 1 });
    const dry = await qvault("restore", "--as-of", firstTime, "--dry-run", "--json");
    expect(dry.summary).toMatchObject({ snapshotId: first, dryRun: true, changed: 1 });
    const exported = await qvault("export", "--as-of", firstTime, join(data.dir, "first.qvar"), "--json");
    expect(exported.summary).toMatchObject({ snapshotId: first });
    expect(existsSync(join(data.dir, "first.qvar"))).toBe(true);
  });

  it("prints times in the local time zone, or in UTC with --utc", async () => {
    const listed = await qvault("snapshots");
    expect(listed.stdout).toMatch(/TIME \(Asia\/(Kolkata|Calcutta)\)/);
    expect(listed.stdout).toContain(local(times[0]!));
    const utc = await qvault("snapshots", "--utc");
    expect(utc.stdout).toMatch(/TIME \(UTC\)/);
    expect(utc.stdout).toContain(times[0]!.slice(0, 19).replace("T", " "));
    // JSON keeps ISO 8601 in UTC.
    const json = await qvault("snapshots", "--json");
    expect(json.lines.find((l) => l.message_type === "snapshot")!.time).toBe(times[0]);
  });
});

describe("--section", () => {
  it("takes a section's name or a prefix only its id has; an ambiguous one is refused listing the matches", async () => {
    const sections: { id: string; name: string }[] = await sql(data.database, [
      `SELECT "id", "name" FROM "section" ORDER BY "position"`,
    ]);
    const section = sections[0]!;
    const byName = await qvault("ls", "latest", "--section", section.name, "--json");
    expect(byName.code).toBe(0);
    const count = byName.summary!.questionCount;
    expect(
      byName.lines.filter((l) => l.message_type === "question").every((q) => q.sectionId === section.id),
    ).toBe(true);
    const unique = section.id.slice(
      0,
      [...Array(section.id.length).keys()].find(
        (n) => sections.filter((s) => s.id.startsWith(section.id.slice(0, n + 1))).length === 1,
      )! + 1,
    );
    expect((await qvault("ls", "latest", "--section", unique, "--json")).summary!.questionCount).toBe(count);

    // A second section whose id starts as the first's does: that start names neither.
    const twin = `${section.id.slice(0, 4)}0000-0000-4000-8000-000000000000`;
    await sql(data.database, [
      `INSERT INTO "section" ("id", "name", "description", "position", "createdAt", "updatedAt")
       VALUES (?, 'Twin', NULL, (SELECT MAX("position") + 1 FROM "section"), CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
      [twin],
    ]);
    const ambiguous = await qvault("backup", "--section", section.id.slice(0, 4), "--json");
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.error).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(ambiguous.error!.message).toContain(section.id);
    expect(ambiguous.error!.message).toContain(twin);

    const backup = await qvault("backup", "--section", section.name.toLowerCase(), "--json");
    expect(backup.summary).toMatchObject({ scope: "SECTIONS", sectionCount: 1 });
    const dry = await qvault("restore", "latest", "--section", unique, "--dry-run", "--json");
    expect(dry.summary).toMatchObject({ scope: "SECTIONS", valid: true });
    const holding = await qvault("snapshots", "--section", section.name, "--json");
    expect(holding.summary!.count).toBeGreaterThan(0);
  });
});

describe("stats", () => {
  it("counts what check counts, and says what compression and deduplication save", async () => {
    const stats = await qvault("stats", "--json");
    expect(stats.code).toBe(0);
    const check = await qvault("check", "--json");
    const { snapshots, packs, records } = check.summary!.stats;
    expect(stats.summary).toMatchObject({ command: "stats", snapshots, packs, records });
    const s = stats.summary!;
    expect(s.bytesOnDisk).toBeGreaterThan(0);
    expect(s.compressionRatio).toBeCloseTo(s.uniqueBytes / s.bytesOnDisk, 6);
    // The bank's records are counted apart from the audio files they name.
    expect(s.mediaBytes).toBeGreaterThan(0);
    expect(s.dedupRatio).toBeCloseTo(s.totalLogicalBytes / (s.uniqueBytes - s.mediaBytes), 6);
    // Every snapshot references the whole bank, which is stored about once: deduplication shows it.
    expect(s.dedupRatio).toBeGreaterThan(2);
    const text = await qvault("stats");
    expect(text.stdout).toMatch(/^on disk: +\d+(\.\d+)? kB$/m);
    expect(text.stdout).toMatch(new RegExp(`^${snapshots} snapshots, `, "m"));
  });
});
