import type { JobState } from "@qvault/core";
import { describe, expect, it } from "vitest";
import { createQvaultPubSub, listen } from "./pubsub.js";

function state(id: string, status: JobState["status"], done: number): JobState {
  return {
    id,
    kind: "RESTORE",
    status,
    phase: "writing",
    phases: [],
    done,
    total: 100,
    bytesDone: 0,
    ratePerSecond: null,
    etaMs: null,
    message: null,
    error: null,
    createdAt: new Date(0),
    startedAt: null,
    finishedAt: null,
    backupId: null,
    safetyBackupId: null,
    params: {},
    report: null,
  };
}

/** Reads from `iterator` until it yields a final state of `id`. */
async function heardUntilFinal(iterator: AsyncIterator<JobState>): Promise<string[]> {
  const heard: string[] = [];
  for (;;) {
    const { value } = await iterator.next();
    heard.push(`${value.id}:${value.status}:${value.done}`);
    if (value.id === "a" && value.status === "SUCCEEDED") return heard;
  }
}

describe("the pub/sub's delivery to many subscribers", () => {
  it("gives a few subscribers every event, in order", async () => {
    const pubsub = createQvaultPubSub();
    const iterators = Array.from({ length: 3 }, () => listen(pubsub, "JOB_UPDATED"));
    pubsub.publish("JOB_UPDATED", state("a", "RUNNING", 1));
    pubsub.publish("JOB_UPDATED", state("a", "RUNNING", 2));
    pubsub.publish("JOB_UPDATED", state("a", "SUCCEEDED", 100));
    for (const iterator of iterators)
      expect(await heardUntilFinal(iterator)).toEqual(["a:RUNNING:1", "a:RUNNING:2", "a:SUCCEEDED:100"]);
  });

  it("lets the subscribers still waiting skip a job's progress that a newer state overtook, never its final state nor another job's", async () => {
    const pubsub = createQvaultPubSub();
    const iterators = Array.from({ length: 1000 }, () => listen(pubsub, "JOB_UPDATED"));
    // Published together: the first batch of subscribers hears the first state at once, the
    // others are still waiting for it when the next ones come.
    pubsub.publish("JOB_UPDATED", state("a", "RUNNING", 1));
    pubsub.publish("JOB_UPDATED", state("b", "RUNNING", 7));
    pubsub.publish("JOB_UPDATED", state("a", "RUNNING", 2));
    pubsub.publish("JOB_UPDATED", state("a", "SUCCEEDED", 100));
    const heard = await Promise.all(iterators.map(heardUntilFinal));
    for (const sequence of heard) {
      // In order, ending with the final state; job b's update always heard.
      expect(sequence.at(-1)).toBe("a:SUCCEEDED:100");
      expect(sequence).toContain("b:RUNNING:7");
      const progress = sequence
        .filter((entry) => entry.startsWith("a:RUNNING"))
        .map((entry) => Number(entry.split(":")[2]));
      expect(progress).toEqual([...progress].sort((x, y) => x - y));
    }
    // The first batch heard the first state at once; nobody heard the second, which the final one
    // overtook before its turn; the last subscribers only what was newest when their turn came.
    expect(heard[0]).toEqual(["a:RUNNING:1", "b:RUNNING:7", "a:SUCCEEDED:100"]);
    expect(heard.at(-1)).toEqual(["b:RUNNING:7", "a:SUCCEEDED:100"]);
  });
});
