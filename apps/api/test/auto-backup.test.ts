import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerProcess, startServerProcess } from "@qvault/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  editPrompt,
  firstQuestions,
  startTestServer,
  type TestServer,
} from "./helpers/test-server.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const firstQuestion = async (t: TestServer) => (await firstQuestions(t, 1))[0];

async function automaticBackups(t: TestServer): Promise<any[]> {
  const { data } = await t.gql(
    "{ backups(trigger: AUTOMATIC, first: 100) { edges { node { id createdAt changedCount questionCount } } } }",
  );
  return data!.backups.edges.map((e: any) => e.node);
}

async function promptIn(t: TestServer, backupId: string, questionId: string): Promise<string | null> {
  const { data } = await t.gql(
    "query($id: ID!) { backup(id: $id) { questions(first: 100) { edges { node { id prompt } } } } }",
    { id: backupId },
  );
  return data!.backup.questions.edges.find((e: any) => e.node.id === questionId)?.node.prompt ?? null;
}

describe("backup settings", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it("has defaults, validates every field by name, and persists changes", async () => {
    const { data } = await t.gql(
      "{ backupSettings { autoBackupEnabled autoBackupDebounceMs autoBackupMaxDelayMs schedule compressionQuality encrypted retention { keepLast keepDaily } nextScheduledRuns(count: 3) } }",
    );
    expect(data!.backupSettings).toMatchObject({
      autoBackupDebounceMs: 500,
      autoBackupMaxDelayMs: 2000,
      schedule: "0 3 * * *",
      compressionQuality: 4,
      encrypted: false,
    });
    expect(data!.backupSettings.nextScheduledRuns).toHaveLength(3);
    for (const [input, field] of [
      [{ schedule: "every tuesday" }, "schedule"],
      [{ autoBackupDebounceMs: -5 }, "autoBackupDebounceMs"],
      [{ autoBackupMaxDelayMs: 60, autoBackupDebounceMs: 1000 }, "autoBackupMaxDelayMs"],
      [{ compressionQuality: 12 }, "compressionQuality"],
      [{ retention: { keepLast: -1 } }, "retention.keepLast"],
    ] as const) {
      const result = await t.gql(
        "mutation($input: BackupSettingsInput!) { updateBackupSettings(input: $input) { schedule } }",
        { input },
      );
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({
        code: "BAD_USER_INPUT",
        field,
      });
    }
    const viewer = await t.keyFor("VIEWER");
    const forbidden = await t.gql(
      "mutation { updateBackupSettings(input: { schedule: null }) { schedule } }",
      {},
      viewer,
    );
    expect(forbidden.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    const updated = await t.gql(
      'mutation { updateBackupSettings(input: { schedule: "30 2 * * 1", retention: { keepLast: 3 } }) { schedule retention { keepLast keepDaily } nextScheduledRuns(count: 1) } }',
    );
    expect(updated.data!.updateBackupSettings).toMatchObject({
      schedule: "30 2 * * 1",
      retention: { keepLast: 3, keepDaily: 7 },
    });
    expect(new Date(updated.data!.updateBackupSettings.nextScheduledRuns[0]).getUTCDay()).toBeDefined();
    // A schedule's runs before it is saved, checked by the same rules.
    const preview = await t.gql('{ scheduleRuns(schedule: "15 4 * * 2", count: 3) }', {}, viewer);
    const runs = preview.data!.scheduleRuns.map((run: string) => new Date(run));
    expect(runs).toHaveLength(3);
    for (const run of runs)
      expect([run.getUTCDay(), run.getUTCHours(), run.getUTCMinutes()]).toEqual([2, 4, 15]);
    expect(runs[1].getTime() - runs[0].getTime()).toBe(7 * 24 * 3_600_000);
    for (const bad of ["every tuesday", "* * * * * *", "   "]) {
      const refused = await t.gql("query($s: String!) { scheduleRuns(schedule: $s) }", { s: bad });
      expect(refused.errors?.[0]?.extensions, bad).toMatchObject({
        code: "BAD_USER_INPUT",
        field: "schedule",
      });
    }
    const again = await startTestServer({
      QVAULT_DATA_DIR: t.dataDir,
      QVAULT_SEED: "false",
      QVAULT_PORT: "0",
    });
    try {
      const persisted = await again.gql("{ backupSettings { schedule retention { keepLast } } }");
      expect(persisted.data!.backupSettings).toEqual({ schedule: "30 2 * * 1", retention: { keepLast: 3 } });
    } finally {
      await again.server.close();
    }
  });
});

describe("automatic backups", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ QVAULT_AUTO_BACKUP: "true" });
    await t.gql(
      "mutation { updateBackupSettings(input: { autoBackupDebounceMs: 300, autoBackupMaxDelayMs: 1500 }) { autoBackupDebounceMs } }",
    );
  });
  afterAll(() => t.stop());

  it("back up the bank on first start and then every committed edit after a quiet period", async () => {
    const deadline = Date.now() + 10_000;
    while ((await automaticBackups(t)).length === 0 && Date.now() < deadline) await sleep(100);
    expect((await automaticBackups(t)).length).toBeGreaterThan(0);
    const q = await firstQuestion(t);
    const committed = Date.now();
    await editPrompt(t, q, "Automatically backed up");
    let found: any = null;
    while (!found && Date.now() - committed < 5000) {
      await sleep(50);
      const [latest] = await automaticBackups(t);
      if (latest && (await promptIn(t, latest.id, q.id)) === "Automatically backed up") found = latest;
    }
    expect(found).toBeTruthy();
    expect(found.changedCount).toBe(1);
    expect(Date.now() - committed).toBeLessThan(1500 + 1000);
  });

  it("never waits longer than the maximum delay under a steady stream of edits", async () => {
    const q = await firstQuestion(t);
    const before = (await automaticBackups(t)).length;
    const start = Date.now();
    let i = 0;
    let seenDuring = false;
    while (Date.now() - start < 3500) {
      await editPrompt(t, q, `stream ${i++}`);
      if ((await automaticBackups(t)).length > before) seenDuring = true;
      await sleep(100);
    }
    expect(seenDuring).toBe(true);
  });
});

describe("edits pending when the server is killed", () => {
  it("are backed up on the next start", { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "qvault-kill-"));
    // The built server as a child process, so that it can be killed like a power cut.
    const start = () =>
      startServerProcess({ dataDir, adminToken: ADMIN_TOKEN, env: { QVAULT_SEED_QUESTIONS: "30" } });
    let first: ServerProcess | undefined;
    let second: ServerProcess | undefined;
    try {
      first = await start();
      // a slow quiet period, so that the edit is still waiting when the process dies
      await first.data(
        "mutation { updateBackupSettings(input: { autoBackupDebounceMs: 60000, autoBackupMaxDelayMs: 120000 }) { autoBackupDebounceMs } }",
      );
      const backup = await first.data("mutation { startBackup(input: { scope: FULL }) { id } }");
      await first.waitForJob(backup.startBackup.id, { timeoutMs: 10_000 });
      const created = await first.data("{ sections { id } }");
      const sectionId = created.sections[0].id;
      const made = await first.data(
        'mutation($s: ID!) { createQuestion(input: { sectionId: $s, type: TRUE_FALSE, prompt: "Written just before the crash", answers: [{ text: "True", isCorrect: true }, { text: "False", isCorrect: false }] }) { id } }',
        { s: sectionId },
      );
      const id = made.createQuestion.id;
      await first.kill();
      second = await start();
      await second.data(
        "mutation { updateBackupSettings(input: { autoBackupDebounceMs: 300, autoBackupMaxDelayMs: 1000 }) { autoBackupDebounceMs } }",
      );
      let holds = false;
      for (let s = 0; s < 100 && !holds; s++) {
        await sleep(100);
        const list = await second.data("{ backups(trigger: AUTOMATIC, first: 1) { edges { node { id } } } }");
        const latest = list.backups.edges[0]?.node.id;
        if (!latest) continue;
        const found = await second.data(
          'query($b: ID!) { backup(id: $b) { questions(search: "just before the crash") { edges { node { id } } } } }',
          { b: latest },
        );
        holds = found.backup.questions.edges.some((e: any) => e.node.id === id);
      }
      await second.kill();
      expect(holds).toBe(true);
    } finally {
      await first?.kill();
      await second?.kill();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
