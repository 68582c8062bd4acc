import { rmSync } from "node:fs";
import { join } from "node:path";
import { bankLocation, openBankDatabase } from "@qvault/question-bank";
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
      "{ retentionPreview(retention: { keepLast: 1, keepHourly: null, keepDaily: null, keepWeekly: null, keepMonthly: null, keepDeliberateDays: null }) { keepCount bytesFreed forget { id } } }",
    );
    expect(preview.data!.retentionPreview.forget.map((b: any) => b.id).sort()).toEqual(
      [ids[1], ids[2]].sort(),
    );
    expect(preview.data!.retentionPreview.keepCount).toBe(2);
    await t.gql(
      "mutation { updateBackupSettings(input: { retention: { keepLast: 1, keepHourly: null, keepDaily: null, keepWeekly: null, keepMonthly: null, keepDeliberateDays: null } }) { retention { keepLast } } }",
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

describe("the default retention policy over the API", () => {
  it("never forgets a fresh manual backup after many automatic ones, and the preview names the rules keeping each backup", async () => {
    const s = await startTestServer({ QVAULT_AUTO_BACKUP: "true" });
    try {
      const settings = await s.gql(
        "mutation { updateBackupSettings(input: { autoBackupDebounceMs: 50, autoBackupMaxDelayMs: 200 }) { retention { keepLast keepHourly keepDaily keepWeekly keepMonthly keepYearly keepWithinDays keepDeliberateDays groupByTrigger } } }",
      );
      expect(settings.data!.updateBackupSettings.retention).toEqual({
        keepLast: 10,
        keepHourly: 24,
        keepDaily: 7,
        keepWeekly: 4,
        keepMonthly: 12,
        keepYearly: null,
        keepWithinDays: null,
        keepDeliberateDays: 30,
        groupByTrigger: true,
      });
      const automaticCount = async () =>
        (await s.gql("{ backups(trigger: AUTOMATIC) { totalCount } }")).data!.backups.totalCount as number;
      const settled = async (count: number) => {
        const deadline = Date.now() + 20_000;
        while ((await automaticCount()) < count && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        expect(await automaticCount()).toBeGreaterThanOrEqual(count);
      };
      await settled(1);
      const started = await s.gql(
        'mutation { startBackup(input: { scope: FULL, note: "before the big rewrite" }) { id } }',
      );
      const manual = (await waitForJob(s, started.data!.startBackup.id)).backup.id as string;

      const [question] = await firstQuestions(s, 1);
      const base = await automaticCount();
      for (let i = 1; i <= 12; i++) {
        await editPrompt(s, question, `Rewritten ${i}`);
        await settled(base + i);
      }

      const preview = await s.gql(
        "{ retentionPreview { keepCount bytesFreed forget { id trigger } kept { backup { id trigger note } reasons } } }",
      );
      expect(preview.errors).toBeUndefined();
      const { forget, kept, keepCount } = preview.data!.retentionPreview;
      expect(forget.map((b: any) => b.id)).not.toContain(manual);
      const keptManual = kept.find((k: any) => k.backup.id === manual);
      expect(keptManual.backup).toMatchObject({ trigger: "MANUAL", note: "before the big rewrite" });
      expect(keptManual.reasons).toEqual(expect.arrayContaining(["last", "deliberate, within 30 days"]));
      // Every backup is either kept, with at least one rule, or forgotten; only automatic ones go.
      expect(kept.length).toBe(keepCount);
      expect(kept.length + forget.length).toBe(
        (await s.gql("{ backups { totalCount } }")).data!.backups.totalCount,
      );
      for (const k of kept) expect(k.reasons.length).toBeGreaterThan(0);
      expect(forget.length).toBeGreaterThan(0);
      for (const b of forget) expect(b.trigger).toBe("AUTOMATIC");
      // Automatic backups are thinned by their own rules: the ten newest are kept as "last".
      const automaticKept = kept.filter((k: any) => k.backup.trigger === "AUTOMATIC");
      expect(automaticKept.filter((k: any) => k.reasons.includes("last"))).toHaveLength(10);

      // The old policy (everything counted together, no protection) would have forgotten it.
      const old = await s.gql(
        "{ retentionPreview(retention: { groupByTrigger: false, keepDeliberateDays: null }) { forget { id } kept { backup { id } } } }",
      );
      expect(old.data!.retentionPreview.forget.map((b: any) => b.id)).toContain(manual);

      // And a real cleanup by the saved (default) policy keeps it.
      const cleanup = await s.gql("mutation { pruneBackups { id } }");
      expect((await waitForJob(s, cleanup.data!.pruneBackups.id)).status).toBe("SUCCEEDED");
      const left = await s.gql("query($id: ID!) { backup(id: $id) { id } }", { id: manual });
      expect(left.data!.backup).toEqual({ id: manual });
    } finally {
      await s.stop();
    }
  });

  it("takes keepDeliberateDays and groupByTrigger as settings; an older client's change leaves them; settings stored before them read the defaults", async () => {
    const s = await startTestServer();
    const policy = "{ retention { keepLast keepDeliberateDays groupByTrigger } }";
    let again: TestServer | null = null;
    try {
      const changed = await s.gql(
        `mutation { updateBackupSettings(input: { retention: { keepLast: 3, keepDeliberateDays: 7, groupByTrigger: false } }) ${policy} }`,
      );
      expect(changed.data!.updateBackupSettings.retention).toEqual({
        keepLast: 3,
        keepDeliberateDays: 7,
        groupByTrigger: false,
      });
      const older = await s.gql(
        `mutation { updateBackupSettings(input: { retention: { keepLast: 4 } }) ${policy} }`,
      );
      expect(older.data!.updateBackupSettings.retention).toEqual({
        keepLast: 4,
        keepDeliberateDays: 7,
        groupByTrigger: false,
      });
      const bad = await s.gql(
        "mutation { updateBackupSettings(input: { retention: { keepDeliberateDays: -1 } }) { autoPruneEnabled } }",
      );
      expect(bad.errors![0]!.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "retention.keepDeliberateDays",
      });

      // As a server before these rules stored them: without the two fields.
      await s.server.close();
      const db = await openBankDatabase(bankLocation(s.server.database));
      const without =
        db.dialect.name === "postgres"
          ? `("value"::jsonb #- '{retention,keepDeliberateDays}' #- '{retention,groupByTrigger}')::text`
          : `json_remove("value", '$.retention.keepDeliberateDays', '$.retention.groupByTrigger')`;
      await db.transaction((m) =>
        m.query(`UPDATE "setting" SET "value" = ${without} WHERE "key" = 'backup'`),
      );
      await db.close();
      again = await startTestServer({ QVAULT_DATA_DIR: s.dataDir, QVAULT_SEED: "false" });
      const read = await again.gql(`{ backupSettings ${policy} }`);
      expect(read.data!.backupSettings.retention).toEqual({
        keepLast: 4,
        keepDeliberateDays: 30,
        groupByTrigger: true,
      });
    } finally {
      if (again) {
        await again.close();
        await again.server.close();
        rmSync(again.dataDir, { recursive: true, force: true });
      }
      await s.close();
      rmSync(s.dataDir, { recursive: true, force: true });
    }
  });
});
