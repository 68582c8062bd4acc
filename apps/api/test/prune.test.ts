import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, waitForJob } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function backupNow(): Promise<string> {
  const started = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
  return (await waitForJob(t, started.data!.startBackup.id)).backup.id;
}

describe("retention and cleanup over the API", () => {
  it("previews, dry-runs and then prunes by the saved policy, keeping pinned backups; the rest still verifies", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { data } = await t.gql("{ sections { id } }");
      await t.gql(
        "mutation($id: ID!, $name: String!) { updateSection(id: $id, input: { name: $name }) { id } }",
        { id: data!.sections[0].id, name: `Renamed ${i}` },
      );
      ids.push(await backupNow());
    }
    await t.gql("mutation($id: ID!) { pinBackup(id: $id, pinned: true) { id } }", { id: ids[0] });
    const preview = await t.gql(
      "{ retentionPreview(retention: { keepLast: 1, keepHourly: null, keepDaily: null, keepWeekly: null, keepMonthly: null }) { keepCount bytesFreed forget { id } } }",
    );
    expect(preview.data!.retentionPreview.forget.map((b: any) => b.id).sort()).toEqual(
      [ids[1], ids[2]].sort(),
    );
    expect(preview.data!.retentionPreview.keepCount).toBe(2);
    await t.gql(
      "mutation { updateBackupSettings(input: { retention: { keepLast: 1, keepHourly: null, keepDaily: null, keepWeekly: null, keepMonthly: null } }) { retention { keepLast } } }",
    );

    const operator = await t.keyFor("OPERATOR");
    expect((await t.gql("mutation { pruneBackups { id } }", {}, operator)).errors![0]!.extensions!.code).toBe(
      "FORBIDDEN",
    );

    const dry = await t.gql("mutation { pruneBackups(dryRun: true) { id } }");
    const dryJob = await waitForJob(t, dry.data!.pruneBackups.id);
    expect(dryJob.status).toBe("SUCCEEDED");
    expect(dryJob.report.forget.map((f: any) => f.id).sort()).toEqual([ids[1], ids[2]].sort());
    // The preview's bytes are the dry run's: both are cleanup's own figures.
    expect(preview.data!.retentionPreview.bytesFreed).toBeGreaterThan(0);
    expect(preview.data!.retentionPreview.bytesFreed).toBe(dryJob.report.bytesFreed);
    expect((await t.gql("{ backups { totalCount } }")).data!.backups.totalCount).toBe(4);

    const real = await t.gql("mutation { pruneBackups { id } }");
    const realJob = await waitForJob(t, real.data!.pruneBackups.id);
    expect(realJob).toMatchObject({ status: "SUCCEEDED" });
    const left = await t.gql("{ backups { edges { node { id } } } }");
    expect(left.data!.backups.edges.map((e: any) => e.node.id).sort()).toEqual([ids[0], ids[3]].sort());
    const verify = await t.gql("mutation { verifyRepository(readData: true) { id } }");
    expect((await waitForJob(t, verify.data!.verifyRepository.id)).status).toBe("SUCCEEDED");
  });
});
