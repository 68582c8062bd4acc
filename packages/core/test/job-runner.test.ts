import { describe, expect, it } from "vitest";
import { createJobRunner, type JobState, QvaultError } from "../src/index.js";

function runner(options: { throttleMs?: number; heartbeatMs?: number } = {}) {
  const saved = new Map<string, JobState>();
  const updates: JobState[] = [];
  let n = 0;
  const jobs = createJobRunner({
    store: { save: async (job) => void saved.set(job.id, job) },
    onUpdate: (job) => updates.push(job),
    newId: () => `job-${++n}`,
    ...options,
  });
  return { jobs, saved, updates };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the job runner", () => {
  it("runs jobs one at a time, in order, persisting every state change", async () => {
    const { jobs, saved } = runner();
    const order: string[] = [];
    let running = 0;
    const work = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      order.push(name);
      await sleep(20);
      running--;
      return { message: name };
    };
    const a = await jobs.enqueue("BACKUP", {}, work("a"));
    const b = await jobs.enqueue("VERIFY", {}, work("b"));
    expect(b.status).toBe("QUEUED");
    await jobs.idle();
    expect(order).toEqual(["a", "b"]);
    expect(saved.get(a.id)).toMatchObject({ status: "SUCCEEDED", message: "a" });
    expect(saved.get(b.id)!.finishedAt).toBeInstanceOf(Date);
  });

  it("throttles progress, computes rate and ETA, and sends a heartbeat while a job is quiet", async () => {
    const { jobs, updates } = runner({ throttleMs: 100, heartbeatMs: 120 });
    const job = await jobs.enqueue("BACKUP", {}, async ({ progress }) => {
      for (let i = 1; i <= 200; i++) {
        progress({ phase: "reading", done: i, total: 200, bytes: i * 10 });
        await sleep(1);
      }
      await sleep(400);
      return {};
    });
    await jobs.idle();
    const mine = updates.filter((u) => u.id === job.id);
    const reading = mine.filter((u) => u.phase === "reading" && u.status === "RUNNING");
    expect(reading.length).toBeLessThan(60);
    const dones = reading.map((u) => u.done);
    expect(dones).toEqual([...dones].sort((x, y) => x - y));
    expect(reading.some((u) => u.ratePerSecond && u.ratePerSecond > 0 && u.etaMs !== null)).toBe(true);
    const quiet = mine.filter((u) => u.done === 200 && u.status === "RUNNING");
    expect(quiet.length).toBeGreaterThanOrEqual(2);
    expect(mine.at(-1)).toMatchObject({ status: "SUCCEEDED", etaMs: 0 });
  });

  it("records each phase the job enters, with when it began, and stores them with the job", async () => {
    const { jobs, saved, updates } = runner({ throttleMs: 1000 });
    const job = await jobs.enqueue("BACKUP", {}, async ({ progress }) => {
      for (const [phase, count] of [
        ["reading", 3],
        ["writing", 2],
        ["reading", 1],
      ] as const) {
        for (let i = 1; i <= count; i++) progress({ phase, done: i, total: count, bytes: 0 });
        await sleep(20);
      }
      return {};
    });
    const failed = await jobs.enqueue("VERIFY", {}, async ({ progress }) => {
      progress({ phase: "checking", done: 0, total: null, bytes: 0 });
      throw new QvaultError("INTEGRITY_ERROR", "pack p damaged");
    });
    await jobs.idle();

    const final = saved.get(job.id)!;
    expect(final.phases.map((p) => p.phase)).toEqual(["reading", "writing", "reading"]);
    const times = final.phases.map((p) => p.startedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times[0]).toBeGreaterThanOrEqual(final.startedAt!.getTime());
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(15);
    expect(times.at(-1)).toBeLessThanOrEqual(final.finishedAt!.getTime());
    // Each update carries the phases as they were then, untouched by later ones.
    const mine = updates.filter((u) => u.id === job.id);
    expect(mine[0]!.phases).toEqual([]);
    expect(mine.find((u) => u.phase === "writing")!.phases.map((p) => p.phase)).toEqual([
      "reading",
      "writing",
    ]);
    expect(mine.at(-1)!.phases).toEqual(final.phases);
    // A failed job keeps the phases it went through.
    expect(saved.get(failed.id)).toMatchObject({ status: "FAILED", phases: [{ phase: "checking" }] });
  });

  it("cancels a queued job without running it, and a running one through its signal", async () => {
    const { jobs, saved } = runner();
    let ran = false;
    const first = await jobs.enqueue("BACKUP", {}, async ({ signal }) => {
      while (!signal.aborted) await sleep(5);
      throw new QvaultError("CANCELLED", "stopped");
    });
    const second = await jobs.enqueue("BACKUP", {}, async () => {
      ran = true;
      return {};
    });
    expect((await jobs.cancel(second.id))!.status).toBe("CANCELLED");
    await sleep(20);
    await jobs.cancel(first.id);
    await jobs.idle();
    expect(ran).toBe(false);
    expect(saved.get(first.id)!.status).toBe("CANCELLED");
    expect(saved.get(second.id)!.phases).toEqual([]);
    expect(await jobs.cancel(first.id)).toBeNull();
  });

  it("fails a job with the error's code, hiding internal messages, and reports an outcome's failure", async () => {
    const { jobs, saved } = runner();
    const bad = await jobs.enqueue("VERIFY", {}, async () => {
      throw new QvaultError("INTEGRITY_ERROR", "pack p damaged");
    });
    const crash = await jobs.enqueue("VERIFY", {}, async () => {
      throw new Error("SQLITE_CORRUPT at /secret/path");
    });
    const found = await jobs.enqueue("VERIFY", {}, async () => ({
      report: { ok: false },
      failure: new QvaultError("INTEGRITY_ERROR", "2 problems"),
    }));
    await jobs.idle();
    expect(saved.get(bad.id)).toMatchObject({
      status: "FAILED",
      error: { code: "INTEGRITY_ERROR", message: "pack p damaged" },
    });
    expect(saved.get(crash.id)).toMatchObject({
      status: "FAILED",
      error: { code: "INTERNAL_SERVER_ERROR", message: "Internal error" },
    });
    expect(saved.get(found.id)).toMatchObject({
      status: "FAILED",
      report: { ok: false },
      error: { code: "INTEGRITY_ERROR" },
    });
  });
});
