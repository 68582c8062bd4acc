/**
 * Failures and health over real HTTP and WebSocket: a request refused for its input (an import of
 * a file that is not an archive) never degrades the health; a failure of the system does, until it
 * is acknowledged (acknowledgeFailure, OPERATOR or ADMIN, recording who and when) or a later job of
 * its kind succeeds; healthChanged subscribers see it clear at once.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  collect,
  editPrompt,
  firstQuestions,
  startTestServer,
  type TestServer,
  waitForJob,
} from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const first = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
  expect((await waitForJob(t, first.data!.startBackup.id)).status).toBe("SUCCEEDED");
});
afterAll(() => t.stop());

const HEALTH =
  "{ status checks { name status message } lastFailure { code } unresolvedFailures { id kind status acknowledgedAt } }";
const health = async () => (await t.gql(`{ systemHealth ${HEALTH} }`)).data!.systemHealth;
const jobsCheck = (h: any) => h.checks.find((c: any) => c.name === "jobs");

async function upload(body: Uint8Array) {
  const response = await fetch(`${t.url}/backups/import`, {
    method: "POST",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/octet-stream" },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/**
 * A backup that fails for the system's own reason: the repository's data folder is replaced by a
 * file, so the new pack cannot be written (STORAGE_ERROR). The folder is put back before it returns.
 */
let edits = 0;
async function failingBackup(): Promise<any> {
  const [question] = await firstQuestions(t, 1);
  await editPrompt(t, question, `Changed so the next backup writes a pack ${++edits}`);
  const data = join(t.dataDir, "repository", "data");
  renameSync(data, `${data}.moved`);
  writeFileSync(data, "not a folder");
  try {
    const started = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
    const job = await waitForJob(t, started.data!.startBackup.id);
    expect(job.status).toBe("FAILED");
    expect(job.error.code).toBe("STORAGE_ERROR");
    return job;
  } finally {
    rmSync(data);
    renameSync(`${data}.moved`, data);
  }
}

describe("health and failed jobs", () => {
  it("stays OK when an import is refused because the file is not an archive", async () => {
    expect((await health()).status).toBe("OK");
    for (const body of [
      new Uint8Array(Buffer.from("PK\u0003\u0004 this is a zip file, not an archive")),
      new Uint8Array(200).fill(7),
    ]) {
      const answer = await upload(body);
      expect(answer).toMatchObject({ status: 422, body: { code: "INTEGRITY_ERROR" } });
    }
    const failed = await t.gql(
      "{ jobs(kind: IMPORT, status: FAILED) { edges { node { id error { code } } } } }",
    );
    expect(failed.data!.jobs.edges.length).toBe(2);
    const now = await health();
    expect(now.status).toBe("OK");
    expect(jobsCheck(now)).toMatchObject({ status: "OK", message: "no unresolved failure" });
    expect(now.unresolvedFailures).toEqual([]);
    // Still told, for whoever looks: the newest failed job's error.
    expect(now.lastFailure).toEqual({ code: "INTEGRITY_ERROR" });
  });

  it("is DEGRADED by a failure of the system until it is acknowledged, which records who and when; a viewer may not", async () => {
    const job = await failingBackup();
    const degraded = await health();
    expect(degraded.status).toBe("DEGRADED");
    expect(jobsCheck(degraded)).toMatchObject({ status: "DEGRADED" });
    expect(jobsCheck(degraded).message).toMatch(/^the last backup failed: /);
    expect(degraded.unresolvedFailures).toEqual([
      { id: job.id, kind: "BACKUP", status: "FAILED", acknowledgedAt: null },
    ]);

    const acknowledge =
      "mutation($id: ID!) { acknowledgeFailure(jobId: $id) { id status acknowledgedAt acknowledgedBy } }";
    const viewer = await t.keyFor("VIEWER", "dashboard screen");
    const refused = await t.gql(acknowledge, { id: job.id }, viewer);
    expect(refused.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    expect((await health()).status).toBe("DEGRADED");

    const watcher = collect(
      t.ws(),
      `subscription { healthChanged { status } }`,
      {},
      (e) => e.healthChanged.status === "OK",
    );
    // The health as it is, first; nothing else but DEGRADED until the acknowledgment.
    const deadline = Date.now() + 5000;
    while (!watcher.events.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(watcher.events.map((e) => e.healthChanged.status)).toEqual(["DEGRADED"]);

    const operator = await t.keyFor("OPERATOR", "night shift");
    const before = Date.now();
    const acknowledged = await t.gql(acknowledge, { id: job.id }, operator);
    expect(acknowledged.errors).toBeUndefined();
    expect(acknowledged.data!.acknowledgeFailure).toMatchObject({
      id: job.id,
      status: "FAILED",
      acknowledgedBy: "night shift",
    });
    const at = Date.parse(acknowledged.data!.acknowledgeFailure.acknowledgedAt);
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
    // Subscribers see it at once, not at the next periodic check.
    await watcher.done;
    expect(Date.now() - before, "ms from the acknowledgment to OK on healthChanged").toBeLessThan(1500);
    expect(new Set(watcher.events.slice(0, -1).map((e) => e.healthChanged.status))).toEqual(
      new Set(["DEGRADED"]),
    );

    const ok = await health();
    expect(ok.status).toBe("OK");
    expect(ok.unresolvedFailures).toEqual([]);
    // Kept: a later acknowledgment does not replace the first.
    await t.gql(acknowledge, { id: job.id });
    const stored = await t.gql("query($id: ID!) { job(id: $id) { acknowledgedAt acknowledgedBy } }", {
      id: job.id,
    });
    expect(stored.data!.job).toEqual({
      acknowledgedAt: acknowledged.data!.acknowledgeFailure.acknowledgedAt,
      acknowledgedBy: "night shift",
    });
  });

  it("clears an unacknowledged failure at the next success of its kind", async () => {
    const job = await failingBackup();
    expect((await health()).status).toBe("DEGRADED");
    const again = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
    expect((await waitForJob(t, again.data!.startBackup.id)).status).toBe("SUCCEEDED");
    const now = await health();
    expect(now.status).toBe("OK");
    expect(jobsCheck(now).status).toBe("OK");
    const stored = await t.gql("query($id: ID!) { job(id: $id) { status acknowledgedAt } }", { id: job.id });
    expect(stored.data!.job).toEqual({ status: "FAILED", acknowledgedAt: null });
  });

  it("refuses to acknowledge a job that did not fail (CONFLICT) or does not exist (NOT_FOUND)", async () => {
    const done = await t.gql("{ jobs(kind: BACKUP, status: SUCCEEDED, first: 1) { edges { node { id } } } }");
    const id = done.data!.jobs.edges[0].node.id;
    const acknowledge = "mutation($id: ID!) { acknowledgeFailure(jobId: $id) { id } }";
    expect((await t.gql(acknowledge, { id })).errors![0]!.extensions!.code).toBe("CONFLICT");
    expect((await t.gql(acknowledge, { id: "nope" })).errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});
