/**
 * The command line against a real, running qvault server (--server and --key, or QVAULT_SERVER
 * and QVAULT_API_KEY): every operation goes through the GraphQL API, jobs are followed to their end.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankContent, sql } from "./helpers/bank.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";
import { ADMIN_KEY, type RunningServer, startServer } from "./helpers/server.js";

let server: RunningServer;
const qvault = (...args: string[]) =>
  runCli(args, { env: { QVAULT_SERVER: server.url, QVAULT_API_KEY: ADMIN_KEY } });
let first: string;

beforeAll(async () => {
  assertBuilt();
  server = await startServer(40);
});
afterAll(() => server?.stop());

describe("qvault --server", () => {
  it("backs up through a BACKUP job, following its progress to the end", async () => {
    const backup = await qvault("backup", "--note", "through the server", "--json");
    expect(backup.code).toBe(0);
    expect(backup.lines.filter((line) => line.message_type === "status").length).toBeGreaterThan(0);
    expect(backup.summary).toMatchObject({ command: "backup", scope: "FULL", questionCount: 40 });
    expect(backup.summary!.jobId).toEqual(expect.any(String));
    first = backup.summary!.snapshotId;

    const flags = await runCli(["backup", "--server", server.url, "--key", ADMIN_KEY]);
    expect(flags.code).toBe(0);
    expect(flags.stdout).toMatch(/^snapshot [0-9a-f]{20} saved$/m);
  });

  it("lists snapshots and browses one", async () => {
    const list = await qvault("snapshots", "--json");
    const rows = list.lines.filter((line) => line.message_type === "snapshot");
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ id: first, note: "through the server", trigger: "MANUAL" });
    expect((await qvault("snapshots", "--latest", "1", "--json")).summary!.count).toBe(1);
    expect((await qvault("snapshots", "--trigger", "pre_restore", "--json")).summary!.count).toBe(0);

    // The same repository read directly, without the server, lists the same snapshots.
    const direct = await runCli(["snapshots", "--data-dir", server.dataDir, "--json"]);
    expect(direct.lines.filter((l) => l.message_type === "snapshot").map((l) => l.id)).toEqual(
      rows.map((r) => r.id),
    );

    const sections = await qvault("ls", first, "--json");
    const listed = sections.lines.filter((line) => line.message_type === "section");
    expect(sections.summary).toMatchObject({ questionCount: 40 });
    const questions = await qvault("ls", first, "--section", listed[0]!.id, "--json");
    expect(questions.lines.filter((line) => line.message_type === "question")).toHaveLength(
      listed[0]!.questionCount,
    );
  });

  it("compares with the live bank, previews a restore writing nothing, restores, and checks", async () => {
    const backedUp = await bankContent(server.database);
    const [question] = await sql(server.database, [`SELECT "id" FROM "question" ORDER BY "id" LIMIT 1`]);
    await sql(server.database, [
      `UPDATE "question" SET "prompt" = 'Edited behind the server' WHERE "id" = ?`,
      [question.id],
    ]);

    const diff = await qvault("diff", first, "--fields", "--json");
    expect(diff.summary).toMatchObject({ to: "live", added: 0, changed: 1, deleted: 0 });
    const change = diff.lines.find((line) => line.message_type === "change")!;
    expect(change.fields).toEqual([
      expect.objectContaining({ path: "prompt", after: "Edited behind the server" }),
    ]);

    const edited = await bankContent(server.database);
    const dry = await qvault("restore", first, "--dry-run", "--fields", "--json");
    expect(dry.code).toBe(0);
    expect(dry.summary).toMatchObject({ dryRun: true, valid: true, changed: 1, added: 0, deleted: 0 });
    expect(await bankContent(server.database)).toEqual(edited);

    expect((await qvault("restore", first, "--json")).code).toBe(9);
    const restored = await qvault("restore", first, "--yes", "--json");
    expect(restored.code).toBe(0);
    expect(restored.summary).toMatchObject({ dryRun: false, changed: 1 });
    expect(restored.summary!.safetySnapshotId).toEqual(expect.any(String));
    expect(await bankContent(server.database)).toEqual(backedUp);

    const check = await qvault("check", "--read-data", "--json");
    expect(check.code).toBe(0);
    expect(check.summary).toMatchObject({ ok: true, readData: true });
  });

  it("names snapshots as without a server (latest passes over the safety snapshot, --as-of), with --key-file; stats", async () => {
    const keyFile = join(server.dataDir, "api-key");
    writeFileSync(keyFile, `${ADMIN_KEY}\n`);
    const viaFile = (...args: string[]) => runCli([...args, "--server", server.url, "--key-file", keyFile]);
    const rows = (await viaFile("snapshots", "--json")).lines.filter(
      (line) => line.message_type === "snapshot",
    );
    const safety = rows.findLast((row) => row.trigger === "PRE_RESTORE")!;
    const newest = rows.findLast((row) => row.trigger !== "PRE_RESTORE")!;
    expect(rows.at(-1)!.id).toBe(safety.id);

    // The restore brought back the first backup, which the second equals: no change since latest.
    const diff = await viaFile("diff", "latest", "--json");
    expect(diff.summary).toMatchObject({ from: newest.id, to: "live", added: 0, changed: 0, deleted: 0 });
    expect((await viaFile("ls", "latest", "--include-safety", "--json")).summary!.snapshotId).toBe(safety.id);
    expect((await viaFile("ls", "--as-of", rows[0]!.time, "--json")).summary!.snapshotId).toBe(first);
    expect((await viaFile("ls", "--as-of", "2020-01-01", "--json")).code).toBe(4);

    const stats = await viaFile("stats", "--json");
    expect(stats.code).toBe(0);
    expect(stats.summary).toMatchObject({ command: "stats", snapshots: rows.length, packs: null });
    expect(stats.summary!.bytesOnDisk).toBeGreaterThan(0);
    const direct = await runCli(["stats", "--data-dir", server.dataDir, "--json"]);
    expect(direct.summary).toMatchObject({
      snapshots: rows.length,
      records: stats.summary!.records,
      bytesOnDisk: stats.summary!.bytesOnDisk,
    });
  });

  it("forgets through the API, and prunes with the server's cleanup", async () => {
    const before = (await qvault("snapshots", "--json")).summary!.count as number;
    const dry = await qvault("forget", "--keep-last", "1", "--dry-run", "--json");
    const gone = dry.lines.filter((line) => line.message_type === "forget");
    expect(gone.length).toBeGreaterThan(0);
    expect((await qvault("snapshots", "--json")).summary!.count).toBe(before);
    const real = await qvault("forget", "--keep-last", "1", "--json");
    expect(real.code).toBe(0);
    expect((await qvault("snapshots", "--json")).summary!.count).toBe(before - gone.length);

    const prune = await qvault("prune", "--dry-run", "--json");
    expect(prune.code).toBe(0);
    expect(prune.summary).toMatchObject({ command: "prune", dryRun: true });
  });

  it("ends with 7 for a wrong key, 8 when nothing answers, 2 for what needs the files", async () => {
    const wrong = await runCli(["snapshots", "--server", server.url, "--key", "not-a-key", "--json"]);
    expect(wrong.code).toBe(7);
    expect(wrong.error).toMatchObject({ code: "UNAUTHENTICATED" });
    const nobody = await runCli(["snapshots", "--server", "http://127.0.0.1:9", "--key", ADMIN_KEY]);
    expect(nobody.code).toBe(8);
    expect((await qvault("init")).code).toBe(2);
    expect((await qvault("diff", "latest", first)).code).toBe(2);
    expect((await qvault("ls", "ffffffffffff")).code).toBe(4);
  });
});
