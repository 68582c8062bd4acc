/**
 * Every command on a repository and a database directly, run as the built binary against a real
 * SQLite bank seeded with the demo data, in text and in --json.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankContent, seededDataDir, sql, type TestData } from "./helpers/bank.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";

let data: TestData;
const qvault = (...args: string[]) => runCli(["--data-dir", data.dir, ...args]);
let first: string;

beforeAll(async () => {
  assertBuilt();
  data = seededDataDir(48);
});
afterAll(() => data?.remove());

describe("qvault on a repository and database", () => {
  it("init creates a repository, and backup takes a full snapshot with JSON status lines and a summary", async () => {
    const init = await qvault("init", "--json");
    expect(init.code).toBe(0);
    expect(init.summary).toMatchObject({ command: "init", repository: data.repository, encrypted: false });

    const backup = await qvault("backup", "--note", "first", "--json");
    expect(backup.code).toBe(0);
    expect(backup.lines.every((line) => typeof line.message_type === "string")).toBe(true);
    const statuses = backup.lines.filter((line) => line.message_type === "status");
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses[0]).toHaveProperty("phase");
    expect(backup.lines.at(-1)).toBe(backup.summary);
    expect(backup.summary).toMatchObject({
      command: "backup",
      scope: "FULL",
      trigger: "MANUAL",
      questionCount: 48,
      changedCount: 48,
    });
    first = backup.summary!.snapshotId;
  });

  it("backup takes snapshots of chosen sections and questions, and prints people's text without --json", async () => {
    const [section] = await sql(data.database, [`SELECT "id" FROM "section" ORDER BY "position" LIMIT 1`]);
    const questions = await sql(data.database, [
      `SELECT "id" FROM "question" WHERE "sectionId" = ? ORDER BY "position" LIMIT 2`,
      [section.id],
    ]);
    const sections = await qvault("backup", "--section", section.id, "--json");
    expect(sections.summary).toMatchObject({ scope: "SECTIONS", sectionCount: 1 });
    const chosen = await qvault(
      "backup",
      "--question",
      questions[0].id,
      "--question",
      questions[1].id,
      "--json",
    );
    expect(chosen.summary).toMatchObject({ scope: "QUESTIONS", questionCount: 2 });

    const text = await qvault("backup");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Backed up 48 questions in \d+ sections; 0 changed/m);
    expect(text.stdout).toMatch(/^snapshot [0-9a-f]{20} saved$/m);
  });

  it("snapshots lists them oldest first, and filters by trigger, section, time and --latest", async () => {
    const all = await qvault("snapshots", "--json");
    const listed = all.lines.filter((line) => line.message_type === "snapshot");
    expect(listed).toHaveLength(4);
    expect(listed[0]).toMatchObject({ id: first, note: "first", scope: "FULL", questionCount: 48 });
    expect(all.summary).toMatchObject({ command: "snapshots", count: 4 });

    const latest = await qvault("snapshots", "--latest", "2", "--json");
    expect(latest.lines.filter((l) => l.message_type === "snapshot").map((l) => l.id)).toEqual(
      listed.slice(-2).map((l) => l.id),
    );
    const [section] = await sql(data.database, [
      `SELECT "id" FROM "section" ORDER BY "position" DESC LIMIT 1`,
    ]);
    const holding = await qvault("snapshots", "--section", section.id, "--json");
    expect(holding.summary!.count).toBe(2); // the two full ones
    const none = await qvault("snapshots", "--trigger", "scheduled", "--json");
    expect(none.summary!.count).toBe(0);
    const future = await qvault("snapshots", "--from", "2999-01-01", "--json");
    expect(future.summary!.count).toBe(0);
    const past = await qvault("snapshots", "--to", new Date().toISOString(), "--json");
    expect(past.summary!.count).toBe(4);

    const text = await qvault("snapshots");
    expect(text.stdout).toMatch(/^ID\s+TIME \(UTC\)\s+TRIGGER/m);
    expect(text.stdout).toContain(first);
    expect(text.stdout).toMatch(/^4 snapshots$/m);
  });

  it("ls shows a snapshot's sections, a section's questions, and questions holding a text", async () => {
    const sections = await qvault("ls", first, "--json");
    const listed = sections.lines.filter((line) => line.message_type === "section");
    const inBank = await sql(data.database, [`SELECT "id", "name" FROM "section" ORDER BY "position"`]);
    expect(listed.map((s) => s.id)).toEqual(inBank.map((s) => s.id));
    expect(sections.summary).toMatchObject({ snapshotId: first, questionCount: 48 });

    const section = listed[0]!;
    const questions = await qvault("ls", "latest", "--section", section.id, "--json");
    const rows = questions.lines.filter((line) => line.message_type === "question");
    expect(rows).toHaveLength(section.questionCount);
    expect(rows[0]).toMatchObject({ sectionId: section.id });
    expect(rows[0].digest).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].answers.length).toBeGreaterThan(0);

    const [question] = await sql(data.database, [`SELECT "prompt" FROM "question" ORDER BY "id" LIMIT 1`]);
    const word = question.prompt.split(" ").slice(-2).join(" ");
    const found = await qvault("ls", first.slice(0, 18), "--search", word, "--json");
    const hits = found.lines.filter((line) => line.message_type === "question");
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.some((hit) => hit.prompt === question.prompt)).toBe(true);

    const text = await qvault("ls", first);
    expect(text.stdout).toMatch(/^SECTION\s+NAME\s+QUESTIONS\s+HOLDS/m);
    expect(text.stdout).toContain(inBank[0].name);
  });

  it("diff compares a snapshot with the live bank and with another snapshot, at record and field level", async () => {
    const same = await qvault("diff", first, "--json");
    expect(same.summary).toMatchObject({ from: first, to: "live", added: 0, changed: 0, deleted: 0 });

    const [edited, removed] = await sql(data.database, [
      `SELECT "id", "sectionId" FROM "question" ORDER BY "id" LIMIT 2`,
    ]);
    await sql(
      data.database,
      [`UPDATE "question" SET "prompt" = ? WHERE "id" = ?`, ["Which word is a noun?", edited.id]],
      [`DELETE FROM "question" WHERE "id" = ?`, [removed.id]],
    );
    const live = await qvault("diff", first, "--fields", "--json");
    expect(live.summary).toMatchObject({ added: 0, changed: 1, deleted: 1 });
    const changes = live.lines.filter((line) => line.message_type === "change");
    const changed = changes.find((c) => c.kind === "CHANGED")!;
    expect(changed).toMatchObject({ entity: "Question", id: edited.id });
    expect(changed.fields).toEqual([
      expect.objectContaining({ path: "prompt", after: "Which word is a noun?" }),
    ]);
    expect(changes.find((c) => c.kind === "DELETED")).toMatchObject({ entity: "Question", id: removed.id });

    const second = (await qvault("backup", "--json")).summary!.snapshotId;
    const between = await qvault("diff", first, second, "--fields");
    expect(between.code).toBe(0);
    expect(between.stdout).toMatch(new RegExp(`^M  Question ${edited.id}`, "m"));
    expect(between.stdout).toMatch(/prompt: ".*" -> "Which word is a noun\?"/);
    expect(between.stdout).toMatch(new RegExp(`^-  Question ${removed.id}`, "m"));
    expect(between.stdout).toMatch(/: 0 added, 1 changed, 1 deleted, \d+ unchanged$/m);
    const backwards = await qvault("diff", second, first, "--json");
    expect(backwards.summary).toMatchObject({ added: 1, changed: 1, deleted: 0 });
  });

  it("restore puts back a section, prints how to undo it, and the undo works", async () => {
    const [section] = await sql(data.database, [`SELECT "id" FROM "section" ORDER BY "position" LIMIT 1`]);
    const before = await bankContent(data.database);
    await sql(data.database, [`UPDATE "section" SET "name" = 'Renamed' WHERE "id" = ?`, [section.id]]);
    const restored = await qvault("restore", "latest", "--section", section.id, "--json");
    expect(restored.code).toBe(0);
    expect(restored.summary).toMatchObject({
      command: "restore",
      scope: "SECTIONS",
      mode: "REPLACE",
      changed: 1,
    });
    expect(await bankContent(data.database)).toEqual(before);

    const undo = (restored.summary!.undo as string).split(" ").slice(1);
    expect(undo[0]).toBe("restore");
    const undone = await qvault(...undo, "--json");
    expect(undone.code).toBe(0);
    const [row] = await sql(data.database, [`SELECT "name" FROM "section" WHERE "id" = ?`, [section.id]]);
    expect(row.name).toBe("Renamed");
  });

  it("check proves the repository intact, with --read-data too", async () => {
    const plain = await qvault("check");
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^No problems: \d+ snapshots/m);
    const full = await qvault("check", "--read-data", "--json");
    expect(full.code).toBe(0);
    expect(full.summary).toMatchObject({ command: "check", ok: true, readData: true, problems: 0 });
    expect(full.summary!.stats.bytesRead).toBeGreaterThan(0);
  });

  it("forget says what a policy forgets with --dry-run, forgets it, and prune frees the data", async () => {
    const count = (await qvault("snapshots", "--json")).summary!.count as number;
    const dry = await qvault("forget", "--keep-last", "2", "--dry-run", "--json");
    expect(dry.code).toBe(0);
    const forgotten = dry.lines.filter((line) => line.message_type === "forget");
    const kept = dry.lines.filter((line) => line.message_type === "keep");
    expect(kept.length + forgotten.length).toBe(count);
    expect(forgotten.length).toBeGreaterThan(0);
    expect((await qvault("snapshots", "--json")).summary!.count).toBe(count);

    const none = await qvault("forget", "--json");
    expect(none.summary).toMatchObject({ forgotten: 0 });

    const real = await qvault("forget", "--keep-last", "2", "--json");
    expect(real.summary).toMatchObject({ dryRun: false, forgotten: forgotten.length });
    const left = (await qvault("snapshots", "--json")).lines.filter((l) => l.message_type === "snapshot");
    expect(left.map((l) => l.id).sort()).toEqual(kept.map((l) => l.id).sort());

    const prunePreview = await qvault("prune", "--dry-run", "--json");
    expect(prunePreview.summary).toMatchObject({ command: "prune", dryRun: true });
    const pruned = await qvault("prune", "--json");
    expect(pruned.code).toBe(0);
    expect(pruned.summary).toMatchObject({ command: "prune", dryRun: false, forgotten: 0 });
    expect((await qvault("check", "--read-data")).code).toBe(0);

    const both = await qvault("forget", "--keep-last", "1", "--prune", "--json");
    expect(both.summary).toMatchObject({ command: "forget", kept: expect.any(Number) });
    expect(both.summary!.pruned).toHaveProperty("bytesFreed");
    expect((await qvault("check", "--read-data")).code).toBe(0);
  });

  it("every command's --help shows examples", async () => {
    for (const command of [
      "init",
      "backup",
      "snapshots",
      "ls",
      "diff",
      "restore",
      "check",
      "forget",
      "prune",
    ]) {
      const help = await runCli([command, "--help"]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/Examples:\n {2}\$ qvault /);
    }
    const root = await runCli(["--help"]);
    expect(root.stdout).toMatch(/Exit codes:\n\s+0 {2}success/);
  });
});
