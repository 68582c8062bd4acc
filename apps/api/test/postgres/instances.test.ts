/**
 * Two server instances, each its own process, sharing one PostgreSQL bank and one repository:
 * events published on one reach the subscribers of the other, jobs are seen and cancelled from
 * either, a killed instance's job turns INTERRUPTED on the other, automatic backups are taken once,
 * and settings changed through one apply on the other. Runs in the "api (postgres)" project only.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bankLocation, openBankDatabase } from "@qvault/question-bank";
import { type ServerProcess, startServerProcess } from "@qvault/test-server";
import { testDatabaseLocation } from "@qvault/test-server/database";
import type { Client } from "graphql-ws";
import { afterEach, beforeEach, expect, it } from "vitest";

const TIMEOUT_MS = 3000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let folder: string;
let database: string;
let running: ServerProcess[] = [];

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), "qvault-instances-"));
  database = testDatabaseLocation(folder);
});

afterEach(async () => {
  await Promise.all(running.map((server) => server.stop()));
  running = [];
  rmSync(folder, { recursive: true, force: true });
});

/** An instance on the shared bank and repository. */
async function instance(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess({
    env: {
      QVAULT_DATABASE_URL: database,
      QVAULT_REPOSITORY: join(folder, "repository"),
      QVAULT_SEED_QUESTIONS: "400",
      QVAULT_AUTO_BACKUP: "false",
      QVAULT_AUTO_PRUNE: "false",
      QVAULT_INSTANCE_TIMEOUT_MS: String(TIMEOUT_MS),
      ...env,
    },
  });
  running.push(server);
  return server;
}

interface Seen<T> {
  values: T[];
  /** Resolves with the first value, seen so far or later, that `test` accepts. */
  until(test: (value: T) => boolean, timeoutMs?: number): Promise<T>;
}

/** Subscribes through `client` and keeps every value of `field`. */
async function watch<T>(client: Client, query: string, field: string): Promise<Seen<T>> {
  const values: T[] = [];
  const waiters = new Set<() => void>();
  let failure: unknown = null;
  client.subscribe(
    { query },
    {
      next: (result) => {
        if (result.errors) failure = result.errors;
        else values.push((result.data as Record<string, T>)[field]!);
        for (const wake of waiters) wake();
      },
      error: (error) => {
        failure = error;
      },
      complete: () => {},
    },
  );
  // The subscription is under way once the server acknowledged the connection and started it.
  await new Promise<void>((resolve) => {
    const off = client.on("connected", () => {
      off();
      resolve();
    });
  });
  await sleep(200);
  return {
    values,
    until(test, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const deadline = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`not seen within ${timeoutMs} ms; seen: ${JSON.stringify(values)}`));
        }, timeoutMs);
        const check = () => {
          if (failure) reject(failure);
          const found = values.find(test);
          if (found === undefined) return;
          clearTimeout(deadline);
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      });
    },
  };
}

interface JobSeen {
  id: string;
  kind: string;
  status: string;
  phase: string | null;
}
const JOB_FIELDS = "id kind status phase";

/** A text that tells the bank's questions and answers apart, read straight from the database. */
async function bankText(): Promise<string> {
  const db = await openBankDatabase(bankLocation(database));
  try {
    const [row] = await db.reader.query(
      `SELECT md5(string_agg(q."id" || q."prompt" || q."version" || coalesce(a.answers, ''), '|' ORDER BY q."id")) AS "digest"
       FROM "question" q LEFT JOIN (
         SELECT "questionId", string_agg("text" || "isCorrect"::text, ',' ORDER BY "position") AS answers
         FROM "answer" GROUP BY "questionId") a ON a."questionId" = q."id"`,
    );
    return row.digest;
  } finally {
    await db.close();
  }
}

async function backup(server: ServerProcess): Promise<string> {
  const { startBackup } = await server.data<{ startBackup: { id: string } }>(
    "mutation { startBackup(input: { scope: FULL }) { id } }",
  );
  const job = await server.waitForJob(startBackup.id);
  expect(job.status).toBe("SUCCEEDED");
  return job.backup!.id;
}

async function renameSome(server: ServerProcess, count: number, prefix: string): Promise<string[]> {
  const { questions } = await server.data<{
    questions: {
      edges: { node: { id: string; type: string; section: { id: string }; answers: unknown[] } }[];
    };
  }>(
    `{ questions(first: ${count}) { edges { node { id type section { id } answers { text isCorrect } } } } }`,
  );
  const ids: string[] = [];
  for (const [i, { node }] of questions.edges.entries()) {
    await server.data(
      "mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id } }",
      {
        id: node.id,
        input: {
          sectionId: node.section.id,
          type: node.type,
          prompt: `${prefix} ${i}`,
          answers: node.answers,
        },
      },
    );
    ids.push(node.id);
  }
  return ids;
}

it("seeds the bank once when two instances start together on an empty database", async () => {
  const [a, b] = await Promise.all([instance(), instance()]);
  const count = async (server: ServerProcess) =>
    (await server.data<{ questions: { totalCount: number } }>("{ questions(first: 1) { totalCount } }"))
      .questions.totalCount;
  expect(await count(a)).toBe(400);
  expect(await count(b)).toBe(400);
});

it("shows a restore started through one instance live on the other's subscription, to its final state", async () => {
  const a = await instance();
  const b = await instance();
  const backupId = await backup(a);
  await renameSome(a, 30, "renamed");
  const updates = await watch<JobSeen>(b.ws(), `subscription { jobUpdates { ${JOB_FIELDS} } }`, "jobUpdates");

  const { startRestore } = await a.data<{ startRestore: { id: string } }>(
    `mutation($id: ID!) { startRestore(input: { backupId: $id, scope: FULL }) { id } }`,
    { id: backupId },
  );
  const final = await updates.until((job) => job.id === startRestore.id && job.status === "SUCCEEDED");
  const seen = updates.values.filter((job) => job.id === startRestore.id);
  // Live: B heard it run, phase by phase, before it heard it end.
  expect(seen.some((job) => job.status === "RUNNING" && job.phase !== null)).toBe(true);
  expect(seen.indexOf(final)).toBe(seen.length - 1);
  // B's jobProgress of the same job, asked for once it ended, answers the final state.
  const progress = await watch<JobSeen>(
    b.ws(),
    `subscription { jobProgress(jobId: "${startRestore.id}") { ${JOB_FIELDS} } }`,
    "jobProgress",
  );
  expect((await progress.until((job) => job.status === "SUCCEEDED")).id).toBe(startRestore.id);
});

it("cancels from one instance a job running on the other", async () => {
  const a = await instance({ QVAULT_SEED_QUESTIONS: "3000" });
  const b = await instance();
  await backup(a);
  const updates = await watch<JobSeen>(b.ws(), `subscription { jobUpdates { ${JOB_FIELDS} } }`, "jobUpdates");
  const { verifyRepository } = await a.data<{ verifyRepository: { id: string } }>(
    "mutation { verifyRepository(readData: true) { id } }",
  );
  await updates.until((job) => job.id === verifyRepository.id && job.status === "RUNNING");
  const { cancelJob } = await b.data<{ cancelJob: { id: string } }>(
    "mutation($id: ID!) { cancelJob(id: $id) { id } }",
    { id: verifyRepository.id },
  );
  expect(cancelJob.id).toBe(verifyRepository.id);
  const ended = await updates.until(
    (job) => job.id === verifyRepository.id && !["QUEUED", "RUNNING"].includes(job.status),
  );
  expect(ended.status).toBe("CANCELLED");
  expect((await a.waitForJob(verifyRepository.id)).status).toBe("CANCELLED");
});

it("marks INTERRUPTED on the other instance a restore whose instance was killed, and keeps the bank as it was", async () => {
  const a = await instance({ QVAULT_SEED_QUESTIONS: "3000" });
  const b = await instance();
  const backupId = await backup(a);
  await renameSome(a, 50, "before the restore");
  const before = await bankText();
  const updates = await watch<JobSeen>(b.ws(), `subscription { jobUpdates { ${JOB_FIELDS} } }`, "jobUpdates");
  const fromA = await watch<JobSeen>(a.ws(), `subscription { jobUpdates { ${JOB_FIELDS} } }`, "jobUpdates");

  const { startRestore } = await a.data<{ startRestore: { id: string } }>(
    `mutation($id: ID!) { startRestore(input: { backupId: $id, scope: FULL }) { id } }`,
    { id: backupId },
  );
  await fromA.until((job) => job.id === startRestore.id && job.status === "RUNNING");
  await a.kill();
  const killedAt = Date.now();
  const interrupted = await updates.until(
    (job) => job.id === startRestore.id && job.status === "INTERRUPTED",
    TIMEOUT_MS * 4,
  );
  expect(interrupted.status).toBe("INTERRUPTED");
  // Within the bound: the timeout and a beat (a process gone from this machine is seen at the next beat).
  expect(Date.now() - killedAt).toBeLessThan(TIMEOUT_MS + TIMEOUT_MS / 3 + 2000);
  expect(await bankText()).toBe(before);
  // B takes over: a restore through B now runs and succeeds.
  const { startRestore: again } = await b.data<{ startRestore: { id: string } }>(
    `mutation($id: ID!) { startRestore(input: { backupId: $id, scope: FULL }) { id } }`,
    { id: backupId },
  );
  expect((await b.waitForJob(again.id)).status).toBe("SUCCEEDED");
  expect(await bankText()).not.toBe(before);
});

it("takes each automatic backup once, whichever instance the edits went through", async () => {
  const settings = {
    QVAULT_AUTO_BACKUP: "true",
  };
  const a = await instance(settings);
  const b = await instance(settings);
  await a.data(
    "mutation { updateBackupSettings(input: { autoBackupDebounceMs: 300, autoBackupMaxDelayMs: 2000 }) { autoBackupDebounceMs } }",
  );
  // The first automatic backup of the seeded bank, before the storm.
  const created = await watch<{ id: string; trigger: string }>(
    b.ws(),
    "subscription { backupCreated { id trigger } }",
    "backupCreated",
  );
  const pending = async () =>
    (await b.data<{ systemHealth: { pendingChanges: number } }>("{ systemHealth { pendingChanges } }"))
      .systemHealth.pendingChanges;
  const settled = async () => {
    for (let i = 0; i < 200 && (await pending()) > 0; i++) await sleep(200);
    expect(await pending()).toBe(0);
  };
  await settled();
  const startCount = created.values.length;

  // An edit through A alone: B's subscribers hear the automatic backup it caused.
  const [edited] = await renameSome(a, 1, "through A");
  const first = await created.until(
    (backup) => backup.trigger === "AUTOMATIC" && created.values.indexOf(backup) >= startCount,
  );
  expect(first.trigger).toBe("AUTOMATIC");
  await settled();

  // The storm: distinct questions edited through both at once.
  const { questions } = await a.data<{
    questions: {
      edges: { node: { id: string; type: string; section: { id: string }; answers: unknown[] } }[];
    };
  }>("{ questions(first: 100) { edges { node { id type section { id } answers { text isCorrect } } } } }");
  const targets = questions.edges.map((edge) => edge.node).filter((node) => node.id !== edited);
  const before = created.values.length;
  await Promise.all(
    targets.map(async (node, i) => {
      await sleep((i % 40) * 40);
      await (i % 2 ? a : b).data(
        "mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id } }",
        {
          id: node.id,
          input: { sectionId: node.section.id, type: node.type, prompt: `storm ${i}`, answers: node.answers },
        },
      );
    }),
  );
  await settled();
  await sleep(500);
  const automatic = created.values.slice(before).filter((backup) => backup.trigger === "AUTOMATIC");
  expect(automatic.length).toBeGreaterThan(0);
  // Each backup heard once (no instance took one twice), each one counting only edits no other counted.
  expect(new Set(automatic.map((backup) => backup.id)).size).toBe(automatic.length);
  let changed = 0;
  for (const { id } of automatic) {
    const { backup } = await b.data<{ backup: { changedCount: number } }>(
      "query($id: ID!) { backup(id: $id) { changedCount } }",
      { id },
    );
    expect(backup.changedCount).toBeGreaterThan(0);
    changed += backup.changedCount;
  }
  expect(changed).toBe(targets.length);
  // The newest holds every edit.
  const newest = automatic.at(-1)!.id;
  const { backup } = await a.data<{ backup: { questions: { edges: { node: { prompt: string } }[] } } }>(
    'query($id: ID!) { backup(id: $id) { questions(first: 100, search: "storm") { edges { node { prompt } } } } }',
    { id: newest },
  );
  const prompts = new Set(backup.questions.edges.map((edge) => edge.node.prompt));
  for (let i = 0; i < targets.length; i++) expect(prompts.has(`storm ${i}`)).toBe(true);
});

it("applies settings changed through one instance on the other without a restart", async () => {
  const a = await instance();
  const b = await instance();
  // B has read the settings once already (its automatic backups did at start).
  await b.data("{ backupSettings { schedule } }");
  await a.data(
    `mutation { updateBackupSettings(input: { autoBackupMaxDelayMs: 123000, schedule: "17 3 * * *" }) { schedule } }`,
  );
  const { backupSettings } = await b.data<{
    backupSettings: { autoBackupMaxDelayMs: number; schedule: string };
  }>("{ backupSettings { autoBackupMaxDelayMs schedule } }");
  expect(backupSettings).toEqual({ autoBackupMaxDelayMs: 123000, schedule: "17 3 * * *" });
});
