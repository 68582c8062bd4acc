/**
 * Instances sharing one PostgreSQL bank: their heartbeats, the jobs of a gone instance marked
 * INTERRUPTED after the timeout and not before, one leader at a time, signals between processes,
 * the commits of one connection heard by another, and a media folder shared in an object store. Runs in the "question-bank (postgres)"
 * project only.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobState } from "@qvault/core";
import { S3_TEST_CREDENTIALS, startS3Server } from "@qvault/test-server";
import { testDatabase } from "@qvault/test-server/database";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  type BankDatabase,
  createBankTarget,
  createJobStore,
  createQuestionBank,
  demoClip,
  joinInstances,
  openBankDatabase,
  recoverMedia,
} from "../../src/index.js";
import { mediaFolder } from "../../src/media/media-folder.js";
import { machineName, sessionName } from "../../src/signals.js";

let dir: string;
let where: { file: string } | { url: string };
const opened: BankDatabase[] = [];
const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function open(): Promise<BankDatabase> {
  const database = await openBankDatabase(where);
  opened.push(database);
  return database;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "qvault-instances-"));
  where = testDatabase(dir);
});
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

function runningJob(id: string): JobState {
  const now = new Date();
  return {
    id,
    kind: "BACKUP",
    status: "RUNNING",
    phase: "reading",
    phases: [{ phase: "reading", startedAt: now }],
    done: 1,
    total: 10,
    bytesDone: 0,
    ratePerSecond: null,
    etaMs: null,
    message: null,
    error: null,
    createdAt: now,
    startedAt: now,
    finishedAt: null,
    backupId: null,
    safetyBackupId: null,
    params: { scope: "FULL", trigger: "MANUAL" },
    report: null,
  };
}

it("marks a gone instance's jobs INTERRUPTED once its heartbeat is older than the timeout, not before", async () => {
  const x = await open();
  const y = await open();
  // X runs on another machine: only its heartbeat tells whether it lives.
  const xStore = createJobStore(x, { instanceId: "x" });
  await joinInstances(x, xStore, { id: "x", host: "elsewhere", timeoutMs: 1500, onInterrupted: () => {} });
  await xStore.save(runningJob("job-of-x"));
  // X's connection is gone: it beats no more, and never left.
  await x.close();

  const heard: JobState[] = [];
  const yStore = createJobStore(y, { instanceId: "y" });
  const instance = await joinInstances(y, yStore, {
    id: "y",
    timeoutMs: 1500,
    onInterrupted: (jobs) => heard.push(...jobs),
  });
  expect((await yStore.get("job-of-x"))?.status).toBe("RUNNING");
  expect((await instance.alive()).map((i) => i.id).sort()).toEqual(["x", "y"]);
  for (let i = 0; i < 50 && heard.length === 0; i++) await sleep(100);
  expect(heard.map((job) => [job.id, job.status])).toEqual([["job-of-x", "INTERRUPTED"]]);
  expect((await yStore.get("job-of-x"))?.status).toBe("INTERRUPTED");
  expect((await instance.alive()).map((i) => i.id)).toEqual(["y"]);
  await instance.leave();
});

it("lets one instance lead at a time, and another take the lead when the leader leaves", async () => {
  const [a, b] = [await open(), await open()];
  const join = (db: BankDatabase, id: string) =>
    joinInstances(db, createJobStore(db, { instanceId: id }), {
      id,
      timeoutMs: 1200,
      onInterrupted: () => {},
    });
  const first = await join(a, "a");
  const second = await join(b, "b");
  expect([first.leads(), second.leads()]).toEqual([true, false]);
  const took = new Promise<boolean>((resolve) => second.onLeadChange(resolve));
  await first.leave();
  expect(await took).toBe(true);
  expect(second.leads()).toBe(true);
  await second.leave();
});

it("carries signals to the other processes, not back to the sender, and hears their commits", async () => {
  const [a, b] = [await open(), await open()];
  const heardByB: unknown[] = [];
  const heardByA: unknown[] = [];
  b.signals.on("test", (message) => heardByB.push(message));
  a.signals.on("test", (message) => heardByA.push(message));
  await sleep(200);
  expect(await a.signals.send("test", { n: 1 })).toBe(true);
  expect(await a.signals.send("test", "x".repeat(10_000))).toBe(false);
  let commits = 0;
  b.onCommit(() => commits++);
  const section = await createQuestionBank(a).createSection({ name: "heard elsewhere" });
  for (let i = 0; i < 50 && (heardByB.length === 0 || commits === 0); i++) await sleep(50);
  expect(heardByB).toEqual([{ n: 1 }]);
  expect(heardByA).toEqual([]);
  expect(commits).toBeGreaterThan(0);
  expect(section.name).toBe("heard elsewhere");
});

it("holds a lock for one process at a time, and lets a waiter give up", async () => {
  const [a, b] = [await open(), await open()];
  const held = await a.signals.hold(42);
  expect(await b.signals.tryHold(42)).toBeNull();
  const controller = new AbortController();
  const waiting = b.signals.hold(42, controller.signal);
  controller.abort();
  await expect(waiting).rejects.toMatchObject({ code: "CANCELLED" });
  const next = b.signals.hold(42);
  await held.release();
  const taken = await next;
  expect(taken.held()).toBe(true);
  await taken.release();
});

it("ends the sessions of an instance whose heartbeat stopped, so its lead passes on at once", async () => {
  if (!("url" in where)) throw new Error("runs on PostgreSQL only");
  // Another process leads, then freezes (SIGSTOP): its connections stay open, it beats no more.
  const dist = new URL("../../dist/index.js", import.meta.url).href;
  const child = spawn(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const q = await import(${JSON.stringify(dist)});
       const db = await q.openBankDatabase({ url: ${JSON.stringify(where.url)} });
       const i = await q.joinInstances(db, q.createJobStore(db, { instanceId: "frozen" }), { id: "frozen", timeoutMs: 1200, onInterrupted: () => {} });
       console.log(i.leads() ? "leads" : "follows");
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    const said = await new Promise<string>((resolve) =>
      child.stdout!.once("data", (chunk) => resolve(String(chunk).trim())),
    );
    expect(said).toBe("leads");
    const db = await open();
    const sessionsOfChild = async () =>
      Number(
        (
          await db.reader.query(
            `SELECT count(*) AS "n" FROM pg_stat_activity WHERE "application_name" = $1`,
            [sessionName(machineName(), child.pid!)],
          )
        )[0].n,
      );
    expect(await sessionsOfChild()).toBeGreaterThan(0);
    child.kill("SIGSTOP");
    const instance = await joinInstances(db, createJobStore(db, { instanceId: "alive" }), {
      id: "alive",
      timeoutMs: 1200,
      onInterrupted: () => {},
    });
    expect(instance.leads()).toBe(false);
    const took = new Promise<boolean>((resolve) => instance.onLeadChange(resolve));
    expect(await took).toBe(true);
    // The frozen process's sessions were ended; it could not have let go of the lock itself.
    expect(await sessionsOfChild()).toBe(0);
    await instance.leave();
  } finally {
    child.kill("SIGKILL");
  }
});

it("shares a media folder in an object store: a starting instance leaves another's restore at work alone, and settles a gone one's", async () => {
  const s3Server = await startS3Server({ buckets: ["shared-media"] });
  try {
    process.env.AWS_ACCESS_KEY_ID = S3_TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3_TEST_CREDENTIALS.secretAccessKey;
    const media = {
      mediaDir: "s3://shared-media/bank",
      mediaS3: { endpoint: s3Server.endpoint, forcePathStyle: true },
    };
    const first = await openBankDatabase({ ...where, ...media });
    opened.push(first);
    const second = await openBankDatabase({ ...where, ...media });
    opened.push(second);
    const bank = createQuestionBank(first);
    const { id: sectionId } = await bank.createSection({ name: "Listening", description: null });
    const question = await bank.createQuestion({
      sectionId,
      type: "SINGLE_CHOICE",
      prompt: "Where does the train stop?",
      explanation: null,
      difficulty: 1,
      tags: [],
      audioPath: null,
      answers: [
        { text: "here", isCorrect: true },
        { text: "there", isCorrect: false },
      ],
    });
    const before = demoClip(7);
    const { audioPath } = await bank.setAudio(question.id, before);
    const after = demoClip(8);

    // The first instance's restore puts a new file in place and has not committed yet.
    let finish!: () => void;
    const waiting = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let putInPlace!: () => void;
    const inPlace = new Promise<void>((resolve) => {
      putInPlace = resolve;
    });
    const restoring = createBankTarget(first).transaction(async (tx) => {
      await tx.putMedia!([{ path: audioPath!, sha256: sha(after), bytes: after }]);
      putInPlace();
      await waiting;
      throw new Error("cut off before it commits");
    });
    restoring.catch(() => {});
    await inPlace;
    // The second instance starts meanwhile: the batch at work is not its to settle.
    expect(await recoverMedia(second)).toBe(0);
    expect(await second.media!.read(audioPath!)).toEqual(after);
    finish();
    await expect(restoring).rejects.toThrow("cut off before it commits");
    expect(await second.media!.read(audioPath!)).toEqual(before);

    // A batch whose owner holds no lock (its process died: its lock went with its connections)
    // is settled: the file the bank still names comes back.
    const dead = mediaFolder("s3://shared-media/bank", media.mediaS3).changes();
    await dead.put(audioPath!, after);
    expect(await second.media!.read(audioPath!)).toEqual(after);
    expect(await recoverMedia(second)).toBe(1);
    expect(await second.media!.read(audioPath!)).toEqual(before);
  } finally {
    await s3Server.stop();
  }
});
