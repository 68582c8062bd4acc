/**
 * Moving a bank between SQLite and PostgreSQL with the README's commands: a backup of the SQLite
 * bank, restored into an empty PostgreSQL database through the same repository, and back into a
 * new SQLite file, record for record. Runs in the "cli (postgres)" project only.
 */

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { testDatabaseLocation } from "@qvault/test-server/database";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bankContent, seededDataDir, type TestData } from "../helpers/bank.js";
import { assertBuilt, runCli, SEED } from "../helpers/run-cli.js";

let data: TestData;

beforeAll(() => {
  assertBuilt();
  data = seededDataDir(60);
});
afterAll(() => data?.remove());

it("moves a bank from SQLite to PostgreSQL and back with backup and restore latest", async () => {
  const sqlite = join(data.dir, "from.sqlite");
  execFileSync(process.execPath, [SEED, "--database", sqlite, "--questions", "70"]);
  const at = (db: string, ...args: string[]) => runCli(["--data-dir", data.dir, "--db", db, ...args]);
  expect((await at(sqlite, "init")).code).toBe(0);
  const original = await bankContent(sqlite);
  expect((await at(sqlite, "backup", "--note", "moving", "--json")).code).toBe(0);

  const postgres = testDatabaseLocation(data.dir);
  const into = await at(postgres, "restore", "latest", "--yes", "--json");
  expect(into.code, into.stderr).toBe(0);
  expect(await bankContent(postgres)).toEqual(original);

  expect((await at(postgres, "backup", "--note", "from PostgreSQL", "--json")).code).toBe(0);
  const back = join(data.dir, "back.sqlite");
  const out = await at(back, "restore", "latest", "--yes", "--json");
  expect(out.code, out.stderr).toBe(0);
  expect(await bankContent(back)).toEqual(original);
});
