/**
 * Crashes: the built server is killed with SIGKILL at random moments of backups, automatic
 * backups, restores (and their undo) and cleanups, restarted on the same data folder, and
 * checked each time (see src/crash-harness.ts for the invariants every kill must keep; each
 * scenario below adds its own). Seeded: `HARDENING_SEED=<seed>` replays the kill times.
 */
import { digestOf, encodeQuestion, nodeCodec, readSnapshot } from "@qvault/core";
import { afterAll, describe, expect, it } from "vitest";
import {
  createQuestion,
  deleteQuestion,
  type EditableQuestion,
  editableQuestions,
  editPrompt,
  pendingChanges,
  startBackup,
  unfinishedJobs,
  updateSettings,
} from "../src/api-ops.js";
import {
  type CrashContext,
  type CrashRun,
  type CrashScenario,
  runCrashScenario,
  sleep,
  type Work,
  waitForJob,
} from "../src/crash-harness.js";
import { liveDigests, liveQuestions } from "../src/live-bank.js";
import { createRandom, suiteSeed } from "../src/random.js";
import { openRepositoryAt, sameDigests } from "../src/repository-folder.js";

const KILLS_PER_SCENARIO = Number(process.env.HARDENING_KILLS ?? 25);
const QUIET = { QVAULT_AUTO_BACKUP: "false", QVAULT_AUTO_PRUNE: "false" };

/** Starts a job through `mutation` and follows it to its end (or to the kill). */
function jobWork<S>(ctx: CrashContext, state: S, mutation: () => Promise<string>): Work<S> {
  const work: Work<S> = { jobIds: [], state, done: Promise.resolve() };
  work.done = (async () => {
    const id = await mutation();
    work.jobIds.push(id);
    await waitForJob(ctx.server, id);
  })().catch(() => {});
  return work;
}

/** The status of this round's job after the restart: SUCCEEDED, or INTERRUPTED when cut off. */
async function jobAfterRestart(ctx: CrashContext, work: Work<unknown>) {
  const id = work.jobIds[0];
  if (!id) {
    ctx.count("killed before the job was queued");
    return null;
  }
  const job = await waitForJob(ctx.server, id, 5000);
  if (!job) throw new Error("the restarted server went away");
  ctx.count(`job ${job.status}`);
  if (job.status !== "SUCCEEDED" && job.status !== "INTERRUPTED")
    ctx.fail(`job ${id} ended ${job.status}: ${job.error?.code} ${job.error?.message}`);
  return job;
}

async function snapshotDigests(ctx: CrashContext, id: string): Promise<Map<string, string>> {
  const repository = await openRepositoryAt(ctx.repository);
  return (await readSnapshot(repository, await repository.getSnapshot(id))).digests;
}

function editSome(ctx: CrashContext, pool: EditableQuestion[], count: number, label: string) {
  return (async () => {
    for (const [i, q] of ctx.random.sample(pool, count).entries())
      await editPrompt(ctx.server, q, `${label} k${ctx.kill} e${i}`);
  })();
}

// ---- backups ----

function backupScenario(): CrashScenario<null> {
  let pool: EditableQuestion[] = [];
  let sections: string[] = [];
  return {
    name: "backups",
    kills: KILLS_PER_SCENARIO,
    env: QUIET,
    async setup(ctx) {
      pool = await editableQuestions(ctx.server);
      sections = [...new Set(pool.map((q) => q.section.id))];
    },
    prepare: (ctx) => editSome(ctx, pool, ctx.random.int(1, 6), "backup"),
    start(ctx) {
      const input =
        ctx.random.next() < 0.25
          ? { scope: "SECTIONS", sectionIds: ctx.random.sample(sections, 2) }
          : { scope: "FULL" };
      return jobWork(ctx, null, () => startBackup(ctx.server, input));
    },
    async afterRestart(ctx, work) {
      const job = await jobAfterRestart(ctx, work);
      const before = new Set(ctx.before);
      const created = (await ctx.snapshotIds()).filter((id) => !before.has(id));
      if (job?.status === "SUCCEEDED" && !created.includes(job.backupId!))
        ctx.fail(`job ${job.id} succeeded, yet its backup ${job.backupId} is not listed`);
      if (job?.status === "INTERRUPTED" && created.length) ctx.count("backup kept, its job cut off");
      if (created.length > 1) ctx.fail(`one backup job made ${created.length} snapshots`);
      // Nothing edits the bank during the job: what it stored is the bank (or the sections in its
      // scope) as it is now.
      const live = await liveQuestions(ctx.server);
      const repository = await openRepositoryAt(ctx.repository);
      for (const id of created) {
        const manifest = await repository.getSnapshot(id);
        const scope = new Set(manifest.sections.map((s) => s.id));
        const expected = new Map(
          live
            .filter((q) => scope.has(q.sectionId))
            .map((q) => [q.id, digestOf(nodeCodec, encodeQuestion(q))]),
        );
        if (!sameDigests((await readSnapshot(repository, manifest)).digests, expected))
          ctx.fail(`backup ${id} does not hold the bank as it was`);
      }
    },
  };
}

// ---- automatic backups ----

interface EditLog {
  /** Question id -> prompts sent, in order. */
  sent: Map<string, string[]>;
  /** Question id -> index in `sent` of the newest prompt whose mutation answered. */
  acked: Map<string, number>;
}

function automaticScenario(): CrashScenario<EditLog> {
  let pool: EditableQuestion[] = [];
  const STREAM_MS = 1200;
  return {
    name: "automatic",
    kills: KILLS_PER_SCENARIO,
    env: { QVAULT_AUTO_BACKUP: "true", QVAULT_AUTO_PRUNE: "false" },
    async setup(ctx) {
      await updateSettings(ctx.server, { autoBackupDebounceMs: 50, autoBackupMaxDelayMs: 300 });
      pool = await editableQuestions(ctx.server);
    },
    start(ctx) {
      const state: EditLog = { sent: new Map(), acked: new Map() };
      const work: Work<EditLog> = { jobIds: [], state, done: Promise.resolve() };
      const until = Date.now() + STREAM_MS;
      // Each client edits its own half of the questions: a question's edits are sequential, so
      // the order they were sent in is the order they commit in.
      const stream = async (name: string, questions: EditableQuestion[]) => {
        for (let n = 0; Date.now() < until; n++) {
          const q = ctx.random.pick(questions);
          const prompts = state.sent.get(q.id) ?? [];
          state.sent.set(q.id, prompts);
          const index = prompts.push(`auto k${ctx.kill} ${name}${n}`) - 1;
          await editPrompt(ctx.server, q, prompts[index]!);
          state.acked.set(q.id, Math.max(index, state.acked.get(q.id) ?? -1));
          await sleep(ctx.random.int(0, 40));
        }
      };
      // Two clients editing at once, as admins do.
      const half = pool.length >> 1;
      work.done = Promise.all([stream("a", pool.slice(0, half)), stream("b", pool.slice(half))])
        .then(() => settleAutomatic(ctx))
        .catch(() => {});
      return work;
    },
    async afterRestart(ctx, work) {
      await settleAutomatic(ctx);
      const repository = await openRepositoryAt(ctx.repository);
      const newest = (await repository.listSnapshots()).at(-1)!;
      const contents = await readSnapshot(repository, newest);
      const prompts = new Map(contents.questions.map((q) => [q.id, q.prompt]));
      let committed = 0;
      for (const [id, index] of work.state.acked) {
        committed++;
        const allowed = work.state.sent.get(id)!.slice(index);
        if (!allowed.includes(prompts.get(id)!))
          ctx.fail(
            `question ${id}: its committed prompt "${allowed[0]}" is not in the newest snapshot ${newest.id} ("${prompts.get(id)}")`,
          );
      }
      ctx.tally.set("committed edits checked", (ctx.tally.get("committed edits checked") ?? 0) + committed);
      if (!sameDigests(contents.digests, await liveDigests(ctx.server)))
        ctx.fail(`the newest snapshot ${newest.id} differs from the bank with no change pending`);
    },
  };
}

/** Waits until no committed edit waits for a backup and no job is under way. */
async function settleAutomatic(ctx: CrashContext): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await pendingChanges(ctx.server)) > 0 || (await unfinishedJobs(ctx.server)).length > 0) {
    if (Date.now() > deadline) {
      ctx.fail("edits still pending 20 s after the restart");
      return;
    }
    await sleep(50);
  }
}

// ---- restores and undo ----

interface RestoreRound {
  from: "X" | "Y";
  to: "X" | "Y";
  undo: boolean;
}

function restoreScenario(): CrashScenario<RestoreRound> {
  const states = new Map<"X" | "Y", { backupId: string; digests: Map<string, string> }>();
  let current: "X" | "Y" = "Y";
  let undoable: { jobId: string; to: "X" | "Y" } | null = null;
  const backUp = async (ctx: CrashContext) => {
    const id = await startBackup(ctx.server);
    const job = await waitForJob(ctx.server, id);
    return { backupId: job!.backupId!, digests: await snapshotDigests(ctx, job!.backupId!) };
  };
  return {
    name: "restores",
    kills: KILLS_PER_SCENARIO,
    env: QUIET,
    async setup(ctx) {
      states.set("X", await backUp(ctx));
      const pool = await editableQuestions(ctx.server);
      await editSome(ctx, pool.slice(0, 60), 60, "restore");
      for (const q of pool.slice(60, 70)) await deleteQuestion(ctx.server, q.id);
      for (let i = 0; i < 10; i++) await createQuestion(ctx.server, pool[i]!.section.id, `added ${i}`);
      states.set("Y", await backUp(ctx));
    },
    start(ctx) {
      const to = current === "X" ? "Y" : "X";
      const undo = undoable !== null && undoable.to === to && ctx.random.next() < 0.5;
      const state: RestoreRound = { from: current, to, undo };
      const work = jobWork(ctx, state, async () => {
        const result = undo
          ? await ctx.server.data("mutation($j: ID!) { undoRestore(jobId: $j) { id } }", {
              j: undoable!.jobId,
            })
          : await ctx.server.data("mutation($input: RestoreInput!) { startRestore(input: $input) { id } }", {
              input: { backupId: states.get(to)!.backupId, scope: "FULL", mode: "REPLACE" },
            });
        return (result.undoRestore ?? result.startRestore).id;
      });
      // Calibration runs the work whole: follow the bank.
      work.done = work.done.then(async () => {
        if (ctx.kill === 0) await followBank(ctx, work);
      });
      return work;
    },
    afterRestart: followBank,
  };

  async function followBank(ctx: CrashContext, work: Work<RestoreRound>) {
    const { from, to, undo } = work.state;
    const job = ctx.kill === 0 ? null : await jobAfterRestart(ctx, work);
    const live = await liveDigests(ctx.server);
    const at = sameDigests(live, states.get(to)!.digests)
      ? to
      : sameDigests(live, states.get(from)!.digests)
        ? from
        : null;
    if (at === null) {
      ctx.fail(`the bank is neither as before the ${undo ? "undo" : "restore"} nor as restored`);
      return;
    }
    if (ctx.kill > 0)
      ctx.count(
        at === to
          ? `${undo ? "undo" : "restore"} applied`
          : `${undo ? "undo" : "restore"} left the bank untouched`,
      );
    if (job?.status === "SUCCEEDED" && at !== to)
      ctx.fail(`job ${job.id} succeeded, yet the bank is as before`);
    if (job?.status === "INTERRUPTED" && at === to)
      ctx.fail(`job ${job.id} shows INTERRUPTED, yet its restore was applied`);
    const succeeded = ctx.kill === 0 || job?.status === "SUCCEEDED";
    undoable = succeeded && at === to && work.jobIds[0] ? { jobId: work.jobIds[0], to: from } : null;
    current = at;
  }
}

// ---- cleanup ----

function pruneScenario(): CrashScenario<null> {
  let pool: EditableQuestion[] = [];
  let forget = new Set<string>();
  return {
    name: "cleanup",
    kills: KILLS_PER_SCENARIO,
    env: QUIET,
    async setup(ctx) {
      await updateSettings(ctx.server, {
        retention: {
          keepLast: 3,
          keepHourly: null,
          keepDaily: null,
          keepWeekly: null,
          keepMonthly: null,
          keepYearly: null,
          keepWithinDays: null,
          // Manual backups are what this scenario takes: without this they would all be kept.
          keepDeliberateDays: null,
        },
      });
      pool = await editableQuestions(ctx.server);
    },
    async prepare(ctx) {
      for (let i = 0; i < 2; i++) {
        await editSome(ctx, pool, ctx.random.int(1, 5), `prune${i}`);
        await waitForJob(ctx.server, await startBackup(ctx.server));
      }
      const { retentionPreview } = await ctx.server.data("{ retentionPreview { forget { id } } }");
      forget = new Set(retentionPreview.forget.map((b: { id: string }) => b.id));
    },
    start: (ctx) =>
      jobWork(ctx, null, async () => {
        const { pruneBackups } = await ctx.server.data("mutation { pruneBackups(dryRun: false) { id } }");
        return pruneBackups.id;
      }),
    mayRemove: () => forget,
    async afterRestart(ctx, work) {
      await jobAfterRestart(ctx, work);
    },
  };
}

// ---- the suite ----

describe("the server killed with SIGKILL at random moments", () => {
  const seed = suiteSeed();
  const runs: [string, CrashRun][] = [];
  // Each scenario keeps its own state type; the harness needs none of it.
  const scenarios: (() => CrashScenario<any>)[] = [
    backupScenario,
    automaticScenario,
    restoreScenario,
    pruneScenario,
  ];

  afterAll(() => {
    const kills = runs.reduce((sum, [, run]) => sum + run.kills, 0);
    const problems = runs.reduce((sum, [, run]) => sum + run.problems.length, 0);
    console.log(
      `crashes: ${kills} kills survived over ${runs.length} scenarios, ${problems} problems (seed ${seed})`,
    );
  });

  // The scenarios run side by side: a restart is mostly the server loading its modules, on one
  // core; two cores take two restarts at a time.
  it.concurrent.each(scenarios.map((make, i) => [make().name, make, i] as const))(
    "%s: every kill leaves a repository that verifies, every snapshot listed, the bank whole",
    { timeout: 1_200_000 },
    async (name, make, i) => {
      const run = await runCrashScenario(make(), createRandom(seed + i));
      runs.push([name, run]);
      const tally = [...run.tally].map(([what, n]) => `${what}: ${n}`).join(", ");
      console.log(
        `crashes/${name}: ${run.kills} kills in ${(run.elapsedMs / 1000).toFixed(0)} s (work ~${Math.round(run.calibratedMs)} ms, restart ~${Math.round(run.meanStartMs)} ms); ${tally}`,
      );
      expect(run.problems).toEqual([]);
      expect(run.kills).toBe(KILLS_PER_SCENARIO);
    },
  );
});
