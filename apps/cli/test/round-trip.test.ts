/**
 * The round trip a developer trusts the tool for: back up, edit the bank (edit, delete, add,
 * rename), preview the restore (which writes nothing, to the bank or the repository), restore,
 * and find the bank exactly as it was backed up.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { bankContent, filesUnder, seededDataDir, sql, type TestData, wholeDatabase } from "./helpers/bank.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";

let data: TestData;
const qvault = (...args: string[]) => runCli(["--db", data.database, "--repo", data.repository, ...args]);

beforeAll(() => {
  assertBuilt();
  data = seededDataDir(60);
});
afterAll(() => data?.remove());

it("backup -> edits -> restore --dry-run (writes nothing) -> restore --yes -> the bank equals the backup", async () => {
  expect((await qvault("init")).code).toBe(0);
  const backedUp = await bankContent(data.database);
  const snapshot = (await qvault("backup", "--json")).summary!.snapshotId as string;

  const [edited, removed] = await sql(data.database, [`SELECT "id" FROM "question" ORDER BY "id" LIMIT 2`]);
  const [section] = await sql(data.database, [`SELECT "id" FROM "section" ORDER BY "position" LIMIT 1`]);
  await sql(
    data.database,
    [
      `UPDATE "question" SET "prompt" = 'Changed after the backup', "difficulty" = 1 WHERE "id" = ?`,
      [edited.id],
    ],
    [`UPDATE "answer" SET "text" = 'a changed answer' WHERE "questionId" = ?`, [edited.id]],
    [`DELETE FROM "question" WHERE "id" = ?`, [removed.id]],
    [`UPDATE "section" SET "name" = 'Renamed after the backup' WHERE "id" = ?`, [section.id]],
    [
      `INSERT INTO "question" ("id", "sectionId", "type", "prompt", "tags", "position", "version", "createdAt", "updatedAt")
       VALUES ('added-after', ?, 'SHORT_ANSWER', 'Added after the backup', '[]', 100000, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
      [section.id],
    ],
    [
      `INSERT INTO "answer" ("id", "questionId", "text", "isCorrect", "position") VALUES ('added-answer', 'added-after', 'yes', true, 0)`,
    ],
  );
  expect(await bankContent(data.database)).not.toEqual(backedUp);

  const databaseBefore = await wholeDatabase(data.database);
  const repositoryBefore = filesUnder(data.repository);
  const dry = await qvault("restore", snapshot, "--dry-run", "--fields", "--json");
  expect(dry.code).toBe(0);
  expect(dry.summary).toMatchObject({ dryRun: true, valid: true, added: 1, changed: 2, deleted: 1 });
  const changes = dry.lines.filter((line) => line.message_type === "change");
  expect(changes.map((c) => `${c.kind} ${c.entity} ${c.id}`).sort()).toEqual(
    [
      `ADDED Question ${removed.id}`,
      `CHANGED Question ${edited.id}`,
      `CHANGED Section ${section.id}`,
      "DELETED Question added-after",
    ].sort(),
  );
  const prompt = changes
    .find((c) => c.id === edited.id)!
    .fields.find((f: { path: string }) => f.path === "prompt");
  expect(prompt.before).toBe("Changed after the backup");
  expect(await wholeDatabase(data.database)).toEqual(databaseBefore);
  expect(filesUnder(data.repository)).toEqual(repositoryBefore);

  const restored = await qvault("restore", snapshot, "--yes");
  expect(restored.code).toBe(0);
  expect(restored.stdout).toMatch(/^Restored from [0-9a-f]{20}: 1 added, 2 changed, 1 deleted/m);
  expect(restored.stdout).toMatch(/to undo: qvault restore [0-9a-f]{20} --mode replace --yes/);
  expect(await bankContent(data.database)).toEqual(backedUp);

  const after = await qvault("diff", snapshot, "--json");
  expect(after.summary).toMatchObject({ added: 0, changed: 0, deleted: 0 });
});
