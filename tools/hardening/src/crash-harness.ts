/**
 * The crash harness: runs one kind of work on the real server process, kills the process with
 * SIGKILL at a random moment of it, checks the repository folder with the server down, restarts
 * the server on the same data folder and checks again. One data folder serves every kill of a
 * scenario, so damage a kill leaves behind meets the next one.
 *
 * Invariants checked after every kill, whatever the work: the repository checks clean with
 * read-data (unreferenced packs are allowed: cleanup's business); every snapshot listed before
 * the kill is still listed (unless the work is a cleanup that the policy let forget it) and
 * reads whole; after the restart, no job from before it is still QUEUED or RUNNING.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerProcess, startServerProcess } from "@qvault/test-server";
import { testDatabaseKind, testDatabaseLocation } from "@qvault/test-server/database";
import { testRepository } from "@qvault/test-server/repository";
import type { Random } from "./random.js";
import { type FolderVerdict, openRepositoryAt, verdictProblems, verifyFolder } from "./repository-folder.js";

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const FINAL_STATUSES = ["SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED"];

export interface CrashContext {
  server: ServerProcess;
  readonly dataDir: string;
  /** The repository: a folder of the data folder, or an s3:// location (QVAULT_TEST_REPOSITORY). */
  readonly repository: string;
  readonly random: Random;
  /** Broken invariants, each one line naming the scenario and kill. */
  readonly problems: string[];
  /** 0 during setup and calibration, then 1, 2, … */
  kill: number;
  /** The snapshots listed just before this round's work started. */
  before: string[];
  /** Counters a scenario reports at the end (e.g. restores applied vs untouched). */
  readonly tally: Map<string, number>;
  count(what: string): void;
  fail(message: string): void;
  /** The ids of the snapshots listed now (read from the folder). */
  snapshotIds(): Promise<string[]>;
}

/** Work in flight, started by a scenario and cut off by the kill. */
export interface Work<S = unknown> {
  /** Settles when the work is over as seen by the client (never rejects). */
  done: Promise<void>;
  /** Jobs whose mutation answered before the kill. */
  jobIds: string[];
  state: S;
}

export interface CrashScenario<S> {
  name: string;
  kills: number;
  env: Record<string, string>;
  /** Runs once, on the first start. */
  setup(ctx: CrashContext): Promise<void>;
  /** Runs before each round's work, not timed and not killed (e.g. edits the backup will take). */
  prepare?(ctx: CrashContext): Promise<void>;
  /** Starts the work the kill interrupts. */
  start(ctx: CrashContext): Work<S>;
  /** Snapshots the work may legitimately remove (a cleanup forgetting what its policy drops). */
  mayRemove?(ctx: CrashContext, work: Work<S>): Set<string>;
  /** Checks with the server down. */
  afterKill?(ctx: CrashContext, work: Work<S>, verdict: FolderVerdict): Promise<void>;
  /** Checks once the server is back. */
  afterRestart?(ctx: CrashContext, work: Work<S>, restartedAt: number): Promise<void>;
}

export interface CrashRun {
  kills: number;
  problems: string[];
  tally: Map<string, number>;
  /** The work's duration measured once without a kill; kills land in [0, 1.25 x this]. */
  calibratedMs: number;
  /** Mean time from spawning the server to its listening, over the restarts. */
  meanStartMs: number;
  elapsedMs: number;
}

/** Settles `promise`, turning a rejection (the server died under it) into `fallback`. */
export function settle<T>(promise: Promise<T>, fallback: T): Promise<T> {
  return promise.catch(() => fallback);
}

export async function runCrashScenario<S>(scenario: CrashScenario<S>, random: Random): Promise<CrashRun> {
  const dataDir = mkdtempSync(join(tmpdir(), `qvault-crash-${scenario.name}-`));
  // In object storage (QVAULT_TEST_REPOSITORY=s3): this process reaches it as the server does.
  const repository = testRepository(dataDir);
  for (const [name, value] of Object.entries(repository.env))
    if (name !== "QVAULT_REPOSITORY") process.env[name] = value;
  const problems: string[] = [];
  const tally = new Map<string, number>();
  const began = performance.now();
  let starts = 0;
  let startMs = 0;
  // On PostgreSQL (QVAULT_TEST_DATABASE), one database for the scenario: every restart finds it.
  const database: Record<string, string> =
    testDatabaseKind() === "postgres" ? { QVAULT_DATABASE_URL: testDatabaseLocation(dataDir) } : {};
  const start = async () => {
    const t0 = performance.now();
    const server = await startServerProcess({
      dataDir,
      env: { QVAULT_SEED_QUESTIONS: "300", ...database, ...repository.env, ...scenario.env },
    });
    starts++;
    startMs += performance.now() - t0;
    return server;
  };
  const ctx: CrashContext = {
    server: await start(),
    dataDir,
    repository: repository.location,
    random,
    problems,
    kill: 0,
    before: [],
    tally,
    count: (what) => tally.set(what, (tally.get(what) ?? 0) + 1),
    fail: (message) => problems.push(`${scenario.name}, kill ${ctx.kill}: ${message}`),
    snapshotIds: async () =>
      (await (await openRepositoryAt(repository.location)).listSnapshots()).map((m) => m.id),
  };
  try {
    await scenario.setup(ctx);
    // Calibration: the work once, whole, to know when to kill.
    await scenario.prepare?.(ctx);
    const t0 = performance.now();
    const whole = scenario.start(ctx);
    await whole.done;
    const calibratedMs = Math.max(50, performance.now() - t0);

    for (ctx.kill = 1; ctx.kill <= scenario.kills; ctx.kill++) {
      if (problems.length > 20) break;
      await scenario.prepare?.(ctx);
      const before = await ctx.snapshotIds();
      ctx.before = before;
      const work = scenario.start(ctx);
      await sleep(random.int(0, Math.round(calibratedMs * 1.25)));
      await ctx.server.kill();
      await work.done;

      const verdict = await verifyFolder(repository.location);
      for (const line of verdictProblems(verdict)) ctx.fail(line);
      const listed = new Set(verdict.snapshots.map((m) => m.id));
      const removable = scenario.mayRemove?.(ctx, work) ?? new Set<string>();
      for (const id of before)
        if (!listed.has(id) && !removable.has(id))
          ctx.fail(`snapshot ${id}, listed before the kill, is gone`);
      await scenario.afterKill?.(ctx, work, verdict);

      const restartedAt = Date.now();
      ctx.server = await start();
      await checkNoJobLeftRunning(ctx, restartedAt);
      await scenario.afterRestart?.(ctx, work, restartedAt);
    }
    return {
      kills: Math.min(ctx.kill - 1, scenario.kills),
      problems,
      tally,
      calibratedMs,
      meanStartMs: startMs / starts,
      elapsedMs: performance.now() - began,
    };
  } finally {
    await ctx.server.kill().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every job created before the restart is final; those cut off are counted. */
async function checkNoJobLeftRunning(ctx: CrashContext, restartedAt: number): Promise<void> {
  const { jobs } = await ctx.server.data(
    "{ jobs(first: 100) { edges { node { id kind status createdAt message } } } }",
  );
  for (const { node } of jobs.edges) {
    if (Date.parse(node.createdAt) >= restartedAt) continue;
    if (!FINAL_STATUSES.includes(node.status))
      ctx.fail(`job ${node.id} (${node.kind}) is still ${node.status} after the restart`);
  }
}

/** Polls a job until it is final (or the server is gone: then null). */
export async function waitForJob(
  server: ServerProcess,
  id: string,
  timeoutMs = 60_000,
): Promise<{
  id: string;
  status: string;
  error: { code: string; message: string } | null;
  backupId: string | null;
} | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await settle(
      server.gql("query($id: ID!) { job(id: $id) { id status error { code message } backup { id } } }", {
        id,
      }),
      null,
    );
    if (!result) return null;
    const job = result.data?.job;
    if (job && FINAL_STATUSES.includes(job.status))
      return { id: job.id, status: job.status, error: job.error, backupId: job.backup?.id ?? null };
    if (Date.now() > deadline) throw new Error(`job ${id} is still ${job?.status} after ${timeoutMs} ms`);
    await sleep(25);
  }
}
