/**
 * `protectionHistory`: the dashboard's "am I protected?" series, from the repository's snapshots
 * and the stored jobs: the recovery point's sawtooth, backups per day, the drills, and the storage
 * growth with when the disk would fill.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, waitForJob } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ QVAULT_REPOSITORY: "repository" });
});
afterAll(async () => {
  await t?.stop();
});

const QUERY = `query($days: Int) { protectionHistory(days: $days) {
  from to
  recoveryPoint { at ageSeconds }
  backupDays { day succeeded failed }
  drills { at ok jobId }
  storage { at bytes }
  growthBytesPerDay diskFullAt
} }`;

describe("the protection history", () => {
  it("follows backups, drills and the repository's growth", async () => {
    const empty = await t.gql<any>(QUERY, { days: 7 });
    expect(empty.data.protectionHistory).toMatchObject({
      recoveryPoint: [],
      drills: [],
      storage: [],
      diskFullAt: null,
    });
    expect(empty.data.protectionHistory.backupDays).toHaveLength(8);

    const ids: string[] = [];
    for (const note of ["first", "second"]) {
      const started = await t.gql<any>(
        `mutation { startBackup(input: { scope: FULL, note: "${note}" }) { id } }`,
      );
      ids.push((await waitForJob(t, started.data.startBackup.id)).backup.id);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const drill = await t.gql<any>("mutation { startDrill { id } }");
    const drillJob = await waitForJob(t, drill.data.startDrill.id);
    expect(drillJob.status).toBe("SUCCEEDED");

    const { data } = await t.gql<any>(QUERY, { days: 30 });
    const history = data.protectionHistory;
    const { data: listed } = await t.gql<any>(
      "{ backups(first: 10) { edges { node { id createdAt addedBytes } } } }",
    );
    const backups = listed.backups.edges.map((e: any) => e.node).reverse();
    const [first, second] = backups;
    // The sawtooth: 0 at the first backup, its age just before the second, 0 there, then its age now.
    expect(history.recoveryPoint.map((p: any) => p.at)).toEqual([
      first.createdAt,
      second.createdAt,
      second.createdAt,
      history.to,
    ]);
    expect(history.recoveryPoint[0].ageSeconds).toBe(0);
    expect(history.recoveryPoint[1].ageSeconds).toBeCloseTo(
      (Date.parse(second.createdAt) - Date.parse(first.createdAt)) / 1000,
      3,
    );
    expect(history.recoveryPoint[2].ageSeconds).toBe(0);
    expect(history.recoveryPoint[3].ageSeconds).toBeCloseTo(
      (Date.parse(history.to) - Date.parse(second.createdAt)) / 1000,
      3,
    );

    const today = new Date().toISOString().slice(0, 10);
    expect(history.backupDays.at(-1)).toEqual({ day: today, succeeded: 2, failed: 0 });
    expect(history.drills).toEqual([{ at: expect.any(String), ok: true, jobId: drillJob.id }]);
    expect(history.storage.map((s: any) => s.bytes)).toEqual([
      first.addedBytes,
      first.addedBytes + second.addedBytes,
    ]);
    expect(history.growthBytesPerDay).toBeGreaterThan(0);
    expect(Date.parse(history.diskFullAt)).toBeGreaterThan(Date.now());

    for (const days of [0, -1, 367]) {
      const refused = await t.gql<any>(QUERY, { days });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "days" });
    }
  });
});
