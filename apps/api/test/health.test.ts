import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collect,
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

const HEALTH =
  "{ status checks { name status message } lastBackupAt pendingChanges pendingSince nextScheduledBackupAt storage { bytesOnDisk logicalBytes compressionRatio dedupRatio snapshotCount recordCount freeBytes } }";

describe("system health", () => {
  it("is DEGRADED before the first backup, with the seeded bank pending; OK after a backup", async () => {
    const before = (await t.gql(`{ systemHealth ${HEALTH} }`)).data!.systemHealth;
    expect(before.status).toBe("DEGRADED");
    expect(before.checks.find((c: any) => c.name === "last backup")).toMatchObject({
      status: "DEGRADED",
      message: "no backup yet",
    });
    expect(before.pendingChanges).toBeGreaterThan(0);
    // The seeded bank's edits wait since they were committed, which is before now.
    expect(Date.parse(before.pendingSince)).toBeLessThanOrEqual(Date.now());
    expect(before.nextScheduledBackupAt).toBeTruthy();

    const watcher = collect(
      t.ws(),
      `subscription { healthChanged ${HEALTH} }`,
      {},
      (e) => e.healthChanged.status === "OK",
    );
    const job = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
    await waitForJob(t, job.data!.startBackup.id);
    const after = (await t.gql(`{ systemHealth ${HEALTH} }`)).data!.systemHealth;
    expect(after).toMatchObject({
      status: "OK",
      pendingChanges: 0,
      pendingSince: null,
      storage: { snapshotCount: 1 },
    });
    expect(after.storage.bytesOnDisk).toBeGreaterThan(0);
    expect(after.storage.compressionRatio).toBeGreaterThan(1);
    const events = await watcher.done;
    expect(events[0].healthChanged.status).toBe("DEGRADED");
    expect(events.at(-1).healthChanged).toMatchObject({
      status: "OK",
      pendingChanges: 0,
      pendingSince: null,
    });
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });

  it("says since when edits wait: the oldest waiting edit's time, kept by later edits, null once backed up", async () => {
    const pendingSince = async () =>
      (await t.gql("{ systemHealth { pendingChanges pendingSince } }")).data!.systemHealth;
    expect(await pendingSince()).toEqual({ pendingChanges: 0, pendingSince: null });
    const [first, second] = await firstQuestions(t, 2);
    // The journal keeps times to the second.
    const before = Math.floor(Date.now() / 1000) * 1000;
    await editPrompt(t, first, `${first.prompt} (waiting)`);
    const after = Date.now();
    const waiting = await pendingSince();
    expect(waiting.pendingChanges).toBe(1);
    const since = Date.parse(waiting.pendingSince);
    expect(since).toBeGreaterThanOrEqual(before);
    expect(since).toBeLessThanOrEqual(after);
    // A later edit joins the wait; the time is still the oldest edit's.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await editPrompt(t, second, `${second.prompt} (waiting too)`);
    expect(await pendingSince()).toEqual({ pendingChanges: 2, pendingSince: waiting.pendingSince });
    const job = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
    await waitForJob(t, job.data!.startBackup.id);
    expect(await pendingSince()).toEqual({ pendingChanges: 0, pendingSince: null });
  });

  it("is FAILING after a verification finds damage, and /readyz says so", async () => {
    const dir = join(t.dataDir, "repository", "data");
    const pack = join(
      dir,
      String(readdirSync(dir, { recursive: true }).find((p) => String(p).endsWith(".pack"))),
    );
    const original = readFileSync(pack);
    const damaged = Buffer.from(original);
    damaged[100] = damaged[100]! ^ 0xff;
    writeFileSync(pack, damaged);
    try {
      const job = await t.gql("mutation { verifyRepository(readData: true) { id } }");
      expect((await waitForJob(t, job.data!.verifyRepository.id)).status).toBe("FAILED");
      const health = (await t.gql(`{ systemHealth ${HEALTH} }`)).data!.systemHealth;
      expect(health.status).toBe("FAILING");
      expect(health.checks.find((c: any) => c.name === "verification").status).toBe("FAILING");
      const ready = await fetch(`${t.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "failing", checks: { health: "FAILING" } });
    } finally {
      writeFileSync(pack, original);
    }
    const again = await t.gql("mutation { verifyRepository(readData: true) { id } }");
    expect((await waitForJob(t, again.data!.verifyRepository.id)).status).toBe("SUCCEEDED");
    expect((await t.gql("{ systemHealth { status } }")).data!.systemHealth.status).toBe("OK");
  });

  it("is DEGRADED by a stale writer lock, names its holder, and is OK again once a writer takes it over", async () => {
    const lock = join(t.dataDir, "repository", "locks", "writer.lock");
    mkdirSync(join(t.dataDir, "repository", "locks"), { recursive: true });
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    writeFileSync(
      lock,
      JSON.stringify({
        id: "stale-lock",
        host: "another-host",
        pid: 4242,
        purpose: "backup",
        createdAt: old,
        refreshedAt: old,
      }),
    );
    const repository = (
      await t.gql("{ systemHealth { status checks { name status message } } }")
    ).data!.systemHealth.checks.find((c: any) => c.name === "repository");
    expect(repository.status).toBe("DEGRADED");
    expect(repository.message).toMatch(/stale writer lock of backup on another-host/);
    // The next writer takes a stale lock over.
    const job = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
    expect((await waitForJob(t, job.data!.startBackup.id)).status).toBe("SUCCEEDED");
    const after = (await t.gql("{ systemHealth { checks { name status message } } }")).data!.systemHealth;
    expect(after.checks.find((c: any) => c.name === "repository")).toMatchObject({
      status: "OK",
      message: "reachable",
    });
  });
});

describe("a check's words on healthChanged", () => {
  it("follow a writer lock taken and let go, though the check stays OK", async () => {
    const locks = join(t.dataDir, "repository", "locks");
    mkdirSync(locks, { recursive: true });
    const seen: string[] = [];
    const client = t.ws();
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => {
      done = resolve;
    });
    const stop = client.subscribe(
      { query: "subscription { healthChanged { checks { name status message } } }" },
      {
        next: ({ data }: any) => {
          const check = data.healthChanged.checks.find((c: any) => c.name === "repository");
          seen.push(`${check.status} ${check.message}`);
        },
        error: () => done(),
        complete: () => done(),
      },
    );
    const until = async (predicate: () => boolean) => {
      for (let waited = 0; !predicate(); waited += 50) {
        if (waited > 10_000) throw new Error(`not seen: ${JSON.stringify(seen)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    // A lock held by a live process of this host (not the server's own, which would be stale).
    const holder = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      await until(() => seen.length > 0);
      const now = new Date().toISOString();
      writeFileSync(
        join(locks, "writer.lock"),
        JSON.stringify({
          id: "live-lock",
          host: hostname(),
          pid: holder.pid,
          purpose: "backup",
          createdAt: now,
          refreshedAt: now,
        }),
      );
      await until(() => seen.some((line) => /^OK .*holds the writer lock/.test(line)));
      rmSync(join(locks, "writer.lock"));
      await until(() => seen.at(-1) === "OK reachable");
    } finally {
      holder.kill();
      rmSync(join(locks, "writer.lock"), { force: true });
      stop();
      await client.dispose();
      await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, 100))]);
    }
  });
});

describe("pending changes on healthChanged", () => {
  it("rise with each committed edit and fall when its automatic backup lands, even between periodic checks", async () => {
    const auto = await startTestServer({ QVAULT_AUTO_BACKUP: "true" });
    try {
      await auto.gql(
        "mutation { updateBackupSettings(input: { autoBackupDebounceMs: 1000, autoBackupMaxDelayMs: 3000 }) { autoBackupDebounceMs } }",
      );
      const seen: number[] = [];
      const stop = auto.ws().subscribe(
        { query: "subscription { healthChanged { pendingChanges } }" },
        {
          next: ({ data }: any) => seen.push(data.healthChanged.pendingChanges),
          error: () => {},
          complete: () => {},
        },
      );
      // Settled: nothing pending, and no event for a while (a backup's last commits, such as the
      // digests it keeps and the journal it trims, may still announce a health that did not change
      // its count; an edit made before they land would be taken as settled by them).
      const settle = async (from: number) => {
        const deadline = Date.now() + 15_000;
        let quietSince = Date.now();
        let count = seen.length;
        while (Date.now() < deadline) {
          if (seen.length !== count) [count, quietSince] = [seen.length, Date.now()];
          if (seen.length > from && seen.at(-1) === 0 && Date.now() - quietSince >= 500) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        expect(seen.at(-1)).toBe(0);
      };
      await settle(0);
      const { data } = await auto.gql("{ sections { id } }");
      for (let round = 0; round < 4; round++) {
        const from = seen.length;
        await auto.gql(
          "mutation($id: ID!, $name: String!) { updateSection(id: $id, input: { name: $name }) { id } }",
          {
            id: data!.sections[0].id,
            name: `Pending ${round}`,
          },
        );
        await settle(from);
        // One section edited: it showed as one pending change before its backup covered it. With a
        // quiet period shorter than the periodic check, only a check on commit sees it every time.
        const events = seen.slice(from);
        expect(events, JSON.stringify(seen)).toContain(1);
        expect(events.every((pending) => pending <= 1)).toBe(true);
      }
      stop();
    } finally {
      await auto.stop();
    }
  });
});

describe("concurrent systemHealth queries", () => {
  it("share work but never show a state older than their own request: a burst right after each edit or backup sees it", async () => {
    const s = await startTestServer();
    try {
      const first = await s.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
      await waitForJob(s, first.data!.startBackup.id);
      const query = "{ systemHealth { pendingChanges storage { snapshotCount recordCount } } }";
      const health = async () => {
        const result = await s.gql(query);
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        return result.data!.systemHealth;
      };
      const burst = () => Promise.all(Array.from({ length: 25 }, health));

      // Queries in flight all along, so that every edit commits while a computation is running:
      // each must count at least the edits whose mutation had returned when it was sent.
      let edited = 0;
      let loading = true;
      const seen: { expected: number; pending: number }[] = [];
      const load = Array.from({ length: 6 }, async () => {
        while (loading) {
          const expected = edited;
          seen.push({ expected, pending: (await health()).pendingChanges });
        }
      });

      const questions = await firstQuestions(s, 12);
      for (const question of questions) {
        await editPrompt(s, question, `edited while health is asked ${question.id}`);
        edited++;
        const results = await burst();
        expect(results.map((h) => h.pendingChanges)).toEqual(results.map(() => edited));
      }
      loading = false;
      await Promise.all(load);
      expect(seen.length).toBeGreaterThan(questions.length);
      expect(seen.filter((r) => r.pending < r.expected)).toEqual([]);

      // A backup landing is seen the same way by the queries sent once its job is over.
      const before = await health();
      const job = await s.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
      const backingUp = burst();
      expect((await waitForJob(s, job.data!.startBackup.id)).status).toBe("SUCCEEDED");
      await backingUp;
      for (const after of await burst())
        expect(after).toMatchObject({
          pendingChanges: 0,
          storage: { snapshotCount: before.storage.snapshotCount + 1 },
        });
    } finally {
      await s.stop();
    }
  });
});
