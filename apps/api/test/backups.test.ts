import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { bankLocation, createJobStore, openBankDatabase } from "@qvault/question-bank";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer, waitForJob } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ QVAULT_SEED_QUESTIONS: "3000" });
});
afterAll(() => t.stop());

const JOB =
  "id kind status phase done total bytesDone ratePerSecond etaMs message error { code message } backup { id questionCount } updatedAt finishedAt input";

async function backupNow(input: Record<string, unknown> = { scope: "FULL" }) {
  const started = await t.gql(`mutation($input: BackupInput!) { startBackup(input: $input) { ${JOB} } }`, {
    input,
  });
  if (!started.data) throw new Error(JSON.stringify(started.errors));
  return waitForJob(t, started.data.startBackup.id);
}

async function allLiveQuestions(): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const { data } = await t.gql<any>(
      "query($after: String) { questions(first: 100, after: $after) { edges { node { id sectionId: section { id } type prompt explanation difficulty tags audioPath position answers { id text isCorrect position } } } pageInfo { hasNextPage endCursor } } }",
      { after },
    );
    out.push(...data.questions.edges.map((e: any) => ({ ...e.node, sectionId: e.node.sectionId.id })));
    if (!data.questions.pageInfo.hasNextPage) return out;
    after = data.questions.pageInfo.endCursor;
  }
}

async function allBackupQuestions(backupId: string): Promise<any[]> {
  const out: any[] = [];
  let after: string | null = null;
  for (;;) {
    const { data } = await t.gql<any>(
      "query($id: ID!, $after: String) { backup(id: $id) { questions(first: 100, after: $after) { edges { node { id sectionId type prompt explanation difficulty tags audioPath position answers { id text isCorrect position } digest } } pageInfo { hasNextPage endCursor } } } }",
      { id: backupId, after },
    );
    const connection = data.backup.questions;
    out.push(...connection.edges.map((e: any) => e.node));
    if (!connection.pageInfo.hasNextPage) return out;
    after = connection.pageInfo.endCursor;
  }
}

describe("backups over the API", () => {
  it("a subscriber sees a backup's progress rise to its final SUCCEEDED state, and the backup appear", async () => {
    const client = t.ws();
    const updates = collect(
      client,
      `subscription { jobUpdates { ${JOB} } }`,
      {},
      (e) => e.jobUpdates.status === "SUCCEEDED",
    );
    const created = collect(
      client,
      "subscription { backupCreated { id questionCount trigger } }",
      {},
      () => true,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = await t.gql(`mutation { startBackup(input: { scope: FULL, note: "first" }) { ${JOB} } }`);
    const jobId = started.data!.startBackup.id;
    expect(started.data!.startBackup.kind).toBe("BACKUP");
    const progress = collect(client, `subscription($id: ID!) { jobProgress(jobId: $id) { ${JOB} } }`, {
      id: jobId,
    });

    const all = (await updates.done).map((e) => e.jobUpdates).filter((j) => j.id === jobId);
    const final = all.at(-1);
    expect(final).toMatchObject({ status: "SUCCEEDED", error: null, backup: { questionCount: 3000 } });
    const statuses = all.map((j) => j.status);
    expect(statuses.indexOf("RUNNING")).toBeGreaterThanOrEqual(0);
    const reading = all.filter((j) => j.phase === "reading").map((j) => j.done);
    expect(reading.length).toBeGreaterThan(0);
    expect(reading).toEqual([...reading].sort((a, b) => a - b));
    const watched = (await progress.done).map((e) => e.jobProgress);
    expect(watched.at(-1).status).toBe("SUCCEEDED");
    // Each update says when it was sent, and what the job was asked to do.
    const sent = all.map((j) => Date.parse(j.updatedAt));
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBeGreaterThanOrEqual(Date.parse(final.finishedAt));
    expect(final.input).toMatchObject({ scope: "FULL", note: "first", trigger: "MANUAL" });

    // Once it has ended, the job (read from the store now) keeps every phase its updates went
    // through, in order, each ending where the next begins and the last with the job.
    const ended = (
      await t.gql<any>(
        "query($id: ID!) { job(id: $id) { status startedAt finishedAt phases { phase startedAt finishedAt } } }",
        { id: jobId },
      )
    ).data!.job;
    const seen = all.map((j) => j.phase).filter((phase, i, list) => phase && phase !== list[i - 1]);
    expect(seen).toContain("reading");
    expect(ended.phases.map((p: any) => p.phase)).toEqual(seen);
    expect(Date.parse(ended.phases[0].startedAt)).toBeGreaterThanOrEqual(Date.parse(ended.startedAt));
    ended.phases.forEach((p: any, i: number) => {
      expect(p.finishedAt).toBe(ended.phases[i + 1]?.startedAt ?? ended.finishedAt);
      expect(Date.parse(p.finishedAt)).toBeGreaterThanOrEqual(Date.parse(p.startedAt));
    });
    const [announced] = await created.done;
    expect(announced.backupCreated).toMatchObject({
      id: final.backup.id,
      questionCount: 3000,
      trigger: "MANUAL",
    });

    const listed = await t.gql(
      "{ backups(first: 5) { totalCount edges { node { id note trigger scope pinned encrypted sectionCount questionCount changedCount addedBytes logicalBytes durationMs sections { sectionId name questionCount } } } } }",
    );
    const backup = listed.data!.backups.edges[0].node;
    expect(backup).toMatchObject({
      id: final.backup.id,
      note: "first",
      trigger: "MANUAL",
      scope: "FULL",
      pinned: false,
      encrypted: false,
      sectionCount: 8,
      questionCount: 3000,
      changedCount: 3000,
    });
    expect(backup.addedBytes).toBeGreaterThan(0);
    // The records are stored compressed; the audio files as they are (compressed already).
    const media = readdirSync(join(t.dataDir, "media"), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
    expect(media).toBeGreaterThan(0);
    expect(backup.addedBytes).toBeGreaterThan(media);
    expect(backup.logicalBytes).toBeGreaterThan(backup.addedBytes - media);
    expect(backup.sections.reduce((sum: number, s: any) => sum + s.questionCount, 0)).toBe(3000);
  });

  it("holds exactly the live bank: every question browsable and equal, searchable", async () => {
    const job = await backupNow();
    const live = (await allLiveQuestions()).sort((a, b) => (a.id < b.id ? -1 : 1));
    const stored = (await allBackupQuestions(job.backup.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(stored.map(({ digest, ...q }) => q)).toEqual(live);
    expect(new Set(stored.map((q) => q.digest)).size).toBe(stored.length);
    const search = await t.gql(
      'query($id: ID!) { backup(id: $id) { questions(search: "STATION", first: 100) { totalCount edges { node { prompt explanation tags answers { text } } } } } }',
      { id: job.backup.id },
    );
    const expected = stored.filter((q) =>
      [q.prompt, q.explanation ?? "", ...q.tags, ...q.answers.map((a: any) => a.text)].some((text) =>
        text.toLowerCase().includes("station"),
      ),
    );
    expect(search.data!.backup.questions.totalCount).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
  });

  it("a second backup of an unchanged bank adds almost nothing; after an edit, only the edit", async () => {
    const first = await backupNow();
    const again = await backupNow();
    const read = async (id: string) =>
      (await t.gql("query($id: ID!) { backup(id: $id) { addedBytes changedCount parent { id } } }", { id }))
        .data!.backup;
    const unchanged = await read(again.backup.id);
    expect(unchanged).toMatchObject({ changedCount: 0, parent: { id: first.backup.id } });
    expect(unchanged.addedBytes).toBeLessThan(10_000);
    const { data } = await t.gql(
      "{ questions(first: 1) { edges { node { id section { id } type prompt answers { text isCorrect } } } } }",
    );
    const q = data!.questions.edges[0].node;
    await t.gql(
      "mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id } }",
      {
        id: q.id,
        input: { sectionId: q.section.id, type: q.type, prompt: `${q.prompt} (edited)`, answers: q.answers },
      },
    );
    const edited = await read((await backupNow()).backup.id);
    expect(edited.changedCount).toBe(1);
    expect(edited.addedBytes).toBeLessThan(10_000);
  });

  it("backs up chosen sections and chosen questions", async () => {
    const { data } = await t.gql(
      "{ sections { id questionCount } questions(first: 3) { edges { node { id } } } }",
    );
    const section = data!.sections[2];
    const sections = await backupNow({ scope: "SECTIONS", sectionIds: [section.id], note: "one section" });
    expect(sections.status).toBe("SUCCEEDED");
    expect(sections.backup.questionCount).toBe(section.questionCount);
    const ids = data!.questions.edges.map((e: any) => e.node.id);
    const questions = await backupNow({ scope: "QUESTIONS", questionIds: ids });
    expect(questions.backup.questionCount).toBe(3);
  });

  it("refuses malformed requests and unknown ids with BAD_USER_INPUT before starting a job", async () => {
    for (const input of [
      { scope: "SECTIONS" },
      { scope: "SECTIONS", sectionIds: ["nope"] },
      { scope: "QUESTIONS", questionIds: ["nope"] },
      { scope: "FULL", note: "x".repeat(1001) },
    ]) {
      const result = await t.gql("mutation($input: BackupInput!) { startBackup(input: $input) { id } }", {
        input,
      });
      expect(result.errors?.[0]?.extensions?.code, JSON.stringify(input)).toBe("BAD_USER_INPUT");
    }
  });

  it("lets viewers read but not back up; refuses to delete a pinned backup; deletes an unpinned one", async () => {
    const viewer = await t.keyFor("VIEWER");
    const operator = await t.keyFor("OPERATOR");
    expect(
      (await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }", {}, viewer)).errors![0]!
        .extensions!.code,
    ).toBe("FORBIDDEN");
    expect((await t.gql("{ backups { totalCount } }", {}, viewer)).data!.backups.totalCount).toBeGreaterThan(
      0,
    );
    const job = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }", {}, operator);
    const done = await waitForJob(t, job.data!.startBackup.id);
    const id = done.backup.id;
    expect(
      (await t.gql("mutation($id: ID!) { deleteBackup(id: $id) }", { id }, operator)).errors![0]!.extensions!
        .code,
    ).toBe("FORBIDDEN");
    expect(
      (await t.gql("mutation($id: ID!) { pinBackup(id: $id, pinned: true) { pinned } }", { id })).data!
        .pinBackup.pinned,
    ).toBe(true);
    expect(
      (await t.gql("mutation($id: ID!) { deleteBackup(id: $id) }", { id })).errors![0]!.extensions!.code,
    ).toBe("CONFLICT");
    await t.gql("mutation($id: ID!) { pinBackup(id: $id, pinned: false) { pinned } }", { id });
    expect((await t.gql("mutation($id: ID!) { deleteBackup(id: $id) }", { id })).data!.deleteBackup).toBe(
      true,
    );
    expect((await t.gql("query($id: ID!) { backup(id: $id) { id } }", { id })).data!.backup).toBeNull();
    expect((await t.gql('mutation { deleteBackup(id: "nope") }')).errors![0]!.extensions!.code).toBe(
      "NOT_FOUND",
    );
  });

  it("verifies clean, then reports damage with INTEGRITY_ERROR and what it affects", async () => {
    await backupNow();
    const clean = await t.gql("mutation { verifyRepository(readData: true) { id } }");
    const ok = await waitForJob(t, clean.data!.verifyRepository.id);
    expect(ok).toMatchObject({ status: "SUCCEEDED", error: null });
    expect(ok.report.ok).toBe(true);

    const { readdirSync } = await import("node:fs");
    const packs = readdirSync(join(t.dataDir, "repository", "data"), { recursive: true }).filter((p) =>
      String(p).endsWith(".pack"),
    );
    const pack = join(t.dataDir, "repository", "data", String(packs[0]));
    const original = readFileSync(pack);
    const damaged = Buffer.from(original);
    damaged[200] = damaged[200]! ^ 0xff;
    writeFileSync(pack, damaged);
    try {
      const bad = await t.gql("mutation { verifyRepository(readData: true) { id } }");
      const failed = await waitForJob(t, bad.data!.verifyRepository.id);
      expect(failed.status).toBe("FAILED");
      expect(failed.error.code).toBe("INTEGRITY_ERROR");
      expect(failed.report.problems.length).toBeGreaterThan(0);
      expect(failed.report.problems.some((p: any) => p.snapshots.length > 0 && p.sections.length > 0)).toBe(
        true,
      );
    } finally {
      writeFileSync(pack, original);
    }
  });

  it("cancels a queued job: it ends CANCELLED and makes no backup", async () => {
    const a = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
    const b = await t.gql("mutation { startBackup(input: { scope: FULL }) { id status } }");
    const cancelled = await t.gql("mutation($id: ID!) { cancelJob(id: $id) { status } }", {
      id: b.data!.startBackup.id,
    });
    expect(["CANCELLED", "RUNNING"]).toContain(cancelled.data!.cancelJob.status);
    const finalB = await waitForJob(t, b.data!.startBackup.id);
    expect(finalB.status).toBe("CANCELLED");
    expect(finalB.backup).toBeNull();
    expect((await waitForJob(t, a.data!.startBackup.id)).status).toBe("SUCCEEDED");
    const jobs = await t.gql(
      "{ jobs(kind: BACKUP, status: CANCELLED) { totalCount edges { node { id } } } }",
    );
    expect(jobs.data!.jobs.edges.map((e: any) => e.node.id)).toContain(b.data!.startBackup.id);
  });
});

describe("after a crash", () => {
  it("shows jobs that were queued or running as INTERRUPTED", async () => {
    const other = await startTestServer({ QVAULT_SEED: "false" });
    const dataDir = other.dataDir;
    await other.server.close();
    const db = await openBankDatabase(bankLocation(other.server.database));
    const now = new Date();
    await createJobStore(db).save({
      id: "00000000cut0",
      kind: "BACKUP",
      status: "RUNNING",
      phase: "reading",
      phases: [
        { phase: "planning", startedAt: now },
        { phase: "reading", startedAt: new Date(now.getTime() + 1000) },
      ],
      done: 5,
      total: 10,
      bytesDone: 100,
      ratePerSecond: 1,
      etaMs: 5000,
      message: null,
      error: null,
      createdAt: now,
      startedAt: now,
      finishedAt: null,
      backupId: null,
      safetyBackupId: null,
      params: {},
      report: null,
    });
    await db.close();
    const again = await startTestServer({ QVAULT_DATA_DIR: dataDir, QVAULT_SEED: "false" });
    try {
      const { data } = await again.gql(
        '{ job(id: "00000000cut0") { status finishedAt phases { phase startedAt finishedAt } } }',
      );
      expect(data!.job.status).toBe("INTERRUPTED");
      expect(data!.job.finishedAt).toBeTruthy();
      // The phases it went through before the crash are kept; the last ended with the job.
      expect(data!.job.phases).toEqual([
        {
          phase: "planning",
          startedAt: now.toISOString(),
          finishedAt: new Date(now.getTime() + 1000).toISOString(),
        },
        {
          phase: "reading",
          startedAt: new Date(now.getTime() + 1000).toISOString(),
          finishedAt: data!.job.finishedAt,
        },
      ]);
    } finally {
      await again.stop();
    }
  });
});
