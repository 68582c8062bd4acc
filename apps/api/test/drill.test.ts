/**
 * Restore drills through the API, on the demo bank (with its audio) on the suite's database: the
 * newest backup restored into a scratch bank (a temporary SQLite file, or a temporary PostgreSQL
 * schema) and compared record by record. A drill on a healthy repository passes; on a damaged one
 * it fails and the health says so; the live bank (every row of its content tables) and its media
 * folder are the same bytes before and after, either way.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bankLocation, openBankDatabase } from "@qvault/question-bank";
import { testDatabaseKind } from "@qvault/test-server/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  editPrompt,
  firstQuestions,
  startTestServer,
  type TestServer,
  waitForJob,
} from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ QVAULT_REPOSITORY: "repository" });
});
afterAll(async () => {
  await t?.stop();
});

/**
 * A digest of the live bank: every column of every row of its content tables, in key order, read
 * on a connection of the test's own, and every file of its media folder.
 */
async function liveBank(): Promise<string> {
  const hash = createHash("sha256");
  const db = await openBankDatabase(bankLocation(t.config.database));
  try {
    for (const [table, key] of [
      ["section", "id"],
      ["question", "id"],
      ["answer", "id"],
      ["question_digest", "questionId"],
    ])
      hash.update(JSON.stringify(await db.reader.query(`SELECT * FROM "${table}" ORDER BY "${key}"`)));
  } finally {
    await db.close();
  }
  const media = t.config.mediaDir;
  for (const entry of readdirSync(media, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort())
    hash.update(entry).update(readFileSync(entry));
  return hash.digest("hex");
}

async function drillSchemas(): Promise<number> {
  if (testDatabaseKind() !== "postgres") return 0;
  const db = await openBankDatabase(bankLocation(t.config.database));
  try {
    const rows = await db.reader.query(
      `SELECT count(*) AS "n" FROM pg_namespace WHERE nspname LIKE 'qvault_drill_%'`,
    );
    return Number(rows[0].n);
  } finally {
    await db.close();
  }
}

async function drill(): Promise<any> {
  const started = await t.gql<any>("mutation { startDrill { id kind status } }");
  expect(started.errors).toBeUndefined();
  expect(started.data.startDrill.kind).toBe("DRILL");
  return waitForJob(t, started.data.startDrill.id);
}

async function drillCheck(): Promise<{ status: string; message: string }> {
  const { data } = await t.gql<any>("{ systemHealth { status checks { name status message } } }");
  return data.systemHealth.checks.find((c: any) => c.name === "drill");
}

describe("a restore drill", () => {
  it("has nothing to drill before the first backup, and says so", async () => {
    const job = await drill();
    expect(job).toMatchObject({ status: "FAILED", error: { code: "NOT_FOUND" } });
  });

  it("restores the newest backup into a scratch bank, finds every record as it is, and leaves the live bank as it was", async () => {
    const backup = await t.gql<any>("mutation { startBackup(input: { scope: FULL }) { id } }");
    const backupId = (await waitForJob(t, backup.data.startBackup.id)).backup.id;
    // The live bank moves on after the backup: the drill compares with the backup, not with it.
    const [edited] = await firstQuestions(t, 1);
    await editPrompt(t, edited, "Edited after the backup the drill restores");
    const before = await liveBank();

    const job = await drill();
    expect(job.status).toBe("SUCCEEDED");
    expect(job.backup.id).toBe(backupId);
    expect(job.report).toMatchObject({
      ok: true,
      backupId,
      questions: 60,
      // Every section and question was written: the scratch bank started empty.
      written: 60 + job.report.sections,
      mismatchCount: 0,
      scratch: testDatabaseKind() === "postgres" ? "a PostgreSQL schema" : "a SQLite file",
    });
    // The demo's listening questions' clips were written into the scratch media folder and read back.
    expect(job.report.mediaFiles).toBeGreaterThan(5);
    expect(job.message).toContain("every record matches the backup");
    expect(await drillCheck()).toMatchObject({ status: "OK", message: expect.stringContaining("passed") });

    expect(await liveBank()).toBe(before);
    const { data: live } = await t.gql<any>("query($id: ID!) { question(id: $id) { prompt } }", {
      id: edited.id,
    });
    expect(live.question.prompt).toBe("Edited after the backup the drill restores");
    expect(await drillSchemas()).toBe(0);
    // Nothing was written to the repository: no safety backup of the scratch bank.
    const { data } = await t.gql<any>("{ backups(first: 50) { totalCount } }");
    expect(data.backups.totalCount).toBe(1);
  });

  it("fails on a damaged repository, and the health fails until a drill passes; the live bank is untouched", async () => {
    const before = await liveBank();
    // A byte flipped in the middle of every pack of the repository.
    const data = join(t.config.repository, "data");
    const packs = readdirSync(data, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".pack"))
      .map((e) => join(e.parentPath, e.name));
    expect(packs.length).toBeGreaterThan(0);
    const originals = new Map<string, Buffer>();
    for (const pack of packs) {
      const bytes = readFileSync(pack);
      originals.set(pack, Buffer.from(bytes));
      const at = Math.floor(statSync(pack).size / 2);
      bytes[at] = bytes[at]! ^ 0xff;
      writeFileSync(pack, bytes);
    }

    const job = await drill();
    expect(job.status).toBe("FAILED");
    expect(job.error.code).toBe("INTEGRITY_ERROR");
    const check = await drillCheck();
    expect(check.status).toBe("FAILING");
    expect(check.message).toContain("the last restore drill failed");
    const { data: health } = await t.gql<any>("{ systemHealth { status } }");
    expect(health.systemHealth.status).toBe("FAILING");
    expect(await liveBank()).toBe(before);
    expect(await drillSchemas()).toBe(0);

    // Repaired: the next drill passes, and the health with it.
    for (const [pack, bytes] of originals) writeFileSync(pack, bytes);
    expect((await drill()).status).toBe("SUCCEEDED");
    expect((await drillCheck()).status).toBe("OK");
  });
});
