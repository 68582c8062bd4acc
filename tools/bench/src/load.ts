/**
 * Load and soak against a real qvault process.
 *
 * `subscriberLoad`: on a large bank, `subscribers` WebSocket clients (one connection each) watch
 * every job's updates while a full restore runs and `clients` HTTP clients each issue
 * `perClientRate` queries a second (the next one at once when an answer comes late). Reported: dropped connections, subscribers that saw the final state, the time from a
 * progress update being sent (Job.updatedAt) to each subscriber receiving it, the queries'
 * latency, and the server's memory per subscriber. The clients share this process, so the
 * delivery times include this process's own event-loop delays: they are upper bounds.
 *
 * `soak`: edits through the API at a steady rate with automatic backups at their default
 * settings and a cleanup every minute, for `seconds`; the server's resident memory and open file
 * descriptors are sampled every 10 s.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Worker } from "node:worker_threads";
import { openBankDatabase } from "@qvault/question-bank";
import type { ServerProcess } from "@qvault/test-server";
import WebSocket from "ws";
import { jobSucceeded, startQvault } from "./server-process.js";
import type { Delivery } from "./subscribers.js";

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LoadResult {
  questions: number;
  subscribers: number;
  clients: number;
  perClientRate: number;
  restoreMs: number;
  updatesSent: number;
  sawFinal: number;
  dropped: number;
  deliveryMs: { median: number; p99: number; max: number };
  queries: number;
  queryErrors: number;
  apiLatencyMs: { median: number; p99: number };
  /** Latency by the query's first field. */
  byQuery: Record<string, { median: number; p99: number }>;
  bytesPerSubscriber: number;
}

export async function subscriberLoad(
  bank: string,
  options: { subscribers?: number; clients?: number; perClientRate?: number } = {},
): Promise<LoadResult> {
  const server = await startQvault(bank, { QVAULT_AUTO_BACKUP: "false" });
  try {
    return await loadDuringRestore([server], options, async () => {
      // A tenth of the questions change behind the API, so that the restore has work to do.
      const db = await openBankDatabase({ file: server.database });
      await db.transaction((m) =>
        m.query(
          "UPDATE question SET prompt = prompt || ' (load)', version = version + 1 WHERE rowid % 10 = 0",
        ),
      );
      await db.close();
    });
  } finally {
    await server.stop();
  }
}

/**
 * {@link subscriberLoad} over two instances on one PostgreSQL bank (`database`, seeded already)
 * and one repository: subscribers and query clients alternate between them; the restore is
 * started through the first, so half the subscribers hear it relayed by the database.
 */
export async function instancesLoad(
  database: string,
  options: { subscribers?: number; clients?: number; perClientRate?: number } = {},
): Promise<LoadResult> {
  const dataDir = await mkdtemp(join(tmpdir(), "qvault-bench-instances-"));
  const env = {
    QVAULT_DATABASE_URL: database,
    QVAULT_REPOSITORY: join(dataDir, "repository"),
    QVAULT_AUTO_BACKUP: "false",
    QVAULT_SEED: "false",
  };
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < 2; i++) servers.push(await startQvault(null, env));
    return await loadDuringRestore(servers, options, async () => {
      const db = await openBankDatabase({ url: database });
      await db.transaction((m) =>
        m.query(
          `UPDATE question SET prompt = prompt || ' (load)', version = version + 1 WHERE abs(hashtext("id")) % 10 = 0`,
        ),
      );
      await db.close();
    });
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** What the floor measures: one message pushed to every socket, by bare WebSocket servers. */
export interface BroadcastFloor {
  sockets: number;
  servers: number;
  bursts: number;
  deliveryMs: { median: number; p99: number; max: number };
}

/** A bare `ws` server that sends `{"sent": <ms>}` to every client whenever a line comes on stdin. */
const BROADCASTER = `
const { WebSocketServer } = require("ws");
const server = new WebSocketServer({ host: "127.0.0.1", port: 0 }, () => console.log(server.address().port));
process.stdin.on("data", () => {
  const message = JSON.stringify({ sent: Date.now() });
  for (const client of server.clients) client.send(message);
});
`;

/**
 * The floor under {@link instancesLoad}'s delivery times on this machine: `servers` processes of
 * bare WebSocket servers (\`ws\`, no GraphQL, no qvault) holding `sockets` connections between
 * them from clients in this process, as the load's subscribers are, each pushing one small message
 * to all of its clients at once, `bursts` times a second apart. The time from sending to receipt.
 */
export async function broadcastFloor(sockets: number, servers = 2, bursts = 20): Promise<BroadcastFloor> {
  const { spawn } = await import("node:child_process");
  const { createRequire } = await import("node:module");
  const wsDir = dirname(createRequire(import.meta.url).resolve("ws/package.json"));
  const children = Array.from({ length: servers }, () =>
    spawn(process.execPath, ["-e", BROADCASTER], {
      cwd: wsDir,
      env: { ...process.env, NODE_PATH: join(wsDir, "..") },
      stdio: ["pipe", "pipe", "inherit"],
    }),
  );
  try {
    const ports = await Promise.all(
      children.map(
        (child) =>
          new Promise<number>((resolve, reject) => {
            child.stdout!.once("data", (chunk) => resolve(Number(String(chunk).trim())));
            child.once("exit", (code) => reject(new Error(`the broadcaster exited (${code})`)));
          }),
      ),
    );
    const delivery: number[] = [];
    const clients: WebSocket[] = [];
    for (let start = 0; start < sockets; start += 250)
      clients.push(
        ...(await Promise.all(
          Array.from(
            { length: Math.min(250, sockets - start) },
            (_, i) =>
              new Promise<WebSocket>((resolve, reject) => {
                const socket = new WebSocket(`ws://127.0.0.1:${ports[(start + i) % servers]}`);
                socket.on("message", (data) => delivery.push(Date.now() - JSON.parse(String(data)).sent));
                socket.once("open", () => resolve(socket));
                socket.once("error", reject);
              }),
          ),
        )),
      );
    await sleep(1000);
    for (let burst = 0; burst < bursts; burst++) {
      for (const child of children) child.stdin!.write("\n");
      await sleep(1000);
    }
    for (const socket of clients) socket.terminate();
    return {
      sockets,
      servers,
      bursts,
      deliveryMs: {
        median: quantile(delivery, 0.5),
        p99: quantile(delivery, 0.99),
        max: delivery.reduce((max, ms) => Math.max(max, ms), 0),
      },
    };
  } finally {
    for (const child of children) child.kill("SIGKILL");
  }
}

/** Threads of subscribers (./subscribers.ts), `count` in all, on `servers` in turn. */
function subscriberThreads(servers: ServerProcess[], count: number) {
  const threadCount = Math.min(2, count);
  return Array.from({ length: threadCount }, (_, t) => {
    const offset = Math.floor((count * t) / threadCount);
    const end = Math.floor((count * (t + 1)) / threadCount);
    // The bench runs under tsx; the thread registers it before loading its TypeScript.
    const script = new URL("./subscribers.ts", import.meta.url).href;
    const worker = new Worker(
      `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`,
      {
        eval: true,
        workerData: {
          urls: servers.map((s) => s.url),
          offset,
          count: end - offset,
          token: servers[0]!.adminToken,
        },
      },
    );
    const next = (type: string) =>
      new Promise<any>((resolve, reject) => {
        const onMessage = (message: { type: string }) => {
          if (message.type !== type) return;
          worker.off("message", onMessage);
          worker.off("error", reject);
          resolve(message);
        };
        worker.on("message", onMessage);
        worker.once("error", reject);
      });
    const connected = next("connected");
    return {
      connected,
      report: (): Promise<{ deliveries: Delivery[]; dropped: number }> => {
        const answer = next("report");
        worker.postMessage({ type: "report" });
        return answer;
      },
      async close() {
        const closed = next("closed");
        worker.postMessage({ type: "close" });
        await closed;
        await worker.terminate();
      },
    };
  });
}

/**
 * The load itself, on running servers (one bank): a backup, `editTenth`, then subscribers and
 * query clients spread over the servers while the first one restores the backup.
 */
async function loadDuringRestore(
  servers: ServerProcess[],
  options: { subscribers?: number; clients?: number; perClientRate?: number },
  editTenth: () => Promise<void>,
): Promise<LoadResult> {
  const subscribers = options.subscribers ?? 200;
  const clients = options.clients ?? 50;
  const perClientRate = options.perClientRate ?? 2;
  const server = servers[0]!;
  const backup = await server.data("mutation { startBackup(input: { scope: FULL }) { id } }");
  await jobSucceeded(server, backup.startBackup.id);
  const { job } = await server.data("query($id: ID!) { job(id: $id) { backup { id questionCount } } }", {
    id: backup.startBackup.id,
  });
  await editTenth();

  const rssBefore = servers.map((s) => s.rss());
  const threads = subscriberThreads(servers, subscribers);
  await Promise.all(threads.map((thread) => thread.connected));
  await sleep(Math.max(500, subscribers / 10));
  const rssWith = servers.map((s) => s.rss());

  const ids = (await server.data("{ questions(first: 100) { edges { node { id } } } }")).questions.edges.map(
    (e: any) => e.node.id,
  );
  const queries = [
    ["{ systemHealth { status pendingChanges } }", {}],
    ["{ backups(first: 10) { edges { node { id createdAt questionCount } } } }", {}],
    ["{ questions(first: 20) { edges { node { id prompt } } } }", {}],
    ["query($id: ID!) { question(id: $id) { id prompt answers { text } } }", null],
    ["{ jobs(first: 5) { edges { node { id status done total } } } }", {}],
  ] as const;
  let running = true;
  const latencies: number[] = [];
  const byQuery = new Map<string, number[]>();
  let queryErrors = 0;
  const loops = Array.from({ length: clients }, async (_, c) => {
    const target = servers[c % servers.length]!;
    let due = Date.now() + Math.random() * (1000 / perClientRate);
    for (let n = 0; running; n++) {
      if (Date.now() < due) await sleep(due - Date.now());
      due += 1000 / perClientRate;
      const [query, variables] = queries[(c + n) % queries.length]!;
      const started = performance.now();
      try {
        await target.data(query, variables ?? { id: ids[(c * 7 + n) % ids.length] });
        const ms = performance.now() - started;
        latencies.push(ms);
        const name = /\{ (\w+)/.exec(query)![1]!;
        byQuery.set(name, [...(byQuery.get(name) ?? []), ms]);
      } catch {
        queryErrors++;
      }
    }
  });

  await sleep(1000);
  const started = Date.now();
  const restore = await server.data(
    "mutation($input: RestoreInput!) { startRestore(input: $input) { id } }",
    {
      input: { backupId: job.backup.id, scope: "FULL", mode: "REPLACE" },
    },
  );
  const restoreId: string = restore.startRestore.id;
  await jobSucceeded(server, restoreId);
  const restoreMs = Date.now() - started;
  // Every subscriber's final update, or 30 s.
  let reports = await Promise.all(threads.map((thread) => thread.report()));
  const finalsOf = (all: typeof reports) =>
    new Set(
      all.flatMap((r) =>
        r.deliveries
          .filter((d) => d.id === restoreId && ["SUCCEEDED", "FAILED", "CANCELLED"].includes(d.status))
          .map((d) => d.client),
      ),
    );
  const deadline = Date.now() + 30_000;
  while (finalsOf(reports).size < subscribers && Date.now() < deadline) {
    await sleep(200);
    reports = await Promise.all(threads.map((thread) => thread.report()));
  }
  running = false;
  await Promise.all(loops);
  await Promise.all(threads.map((thread) => thread.close()));
  const mine = reports.flatMap((r) => r.deliveries).filter((d) => d.id === restoreId);
  const delivery = mine.map((d) => d.received - d.sent);
  const updatesSent = mine.filter((d) => d.client === 0).length;
  const dropped = reports.reduce((sum, r) => sum + r.dropped, 0);
  const finals = finalsOf(reports);
  return {
    questions: job.backup.questionCount,
    subscribers,
    clients,
    perClientRate,
    restoreMs,
    updatesSent,
    sawFinal: finals.size,
    dropped,
    deliveryMs: {
      median: quantile(delivery, 0.5),
      p99: quantile(delivery, 0.99),
      max: delivery.reduce((max, ms) => Math.max(max, ms), 0),
    },
    queries: latencies.length,
    queryErrors,
    apiLatencyMs: { median: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
    byQuery: Object.fromEntries(
      [...byQuery].map(([name, values]) => [
        name,
        { median: quantile(values, 0.5), p99: quantile(values, 0.99) },
      ]),
    ),
    bytesPerSubscriber: rssWith.reduce((sum, rss, i) => sum + rss - rssBefore[i]!, 0) / subscribers,
  };
}

export interface SoakResult {
  seconds: number;
  edits: number;
  editErrors: number;
  /** Automatic backups taken (BACKUP jobs). */
  snapshots: number;
  cleanups: number;
  samples: { at: number; rssMb: number; openFiles: number }[];
}

export async function soak(bank: string, seconds: number, rate = 10): Promise<SoakResult> {
  const server = await startQvault(bank);
  try {
    await server.data(
      "mutation { updateBackupSettings(input: { retention: { keepLast: 20 } }) { autoPruneEnabled } }",
    );
    const page = await server.data(
      "{ questions(first: 100) { edges { node { id type explanation difficulty tags audioPath position section { id } answers { text isCorrect } } } } }",
    );
    const questions = page.questions.edges.map((e: any) => e.node);
    const samples: SoakResult["samples"] = [];
    const started = Date.now();
    let edits = 0;
    let editErrors = 0;
    let cleanups = 0;
    let nextSample = started;
    let nextCleanup = started + 60_000;
    while (Date.now() - started < seconds * 1000) {
      const now = Date.now();
      if (now >= nextSample) {
        samples.push({
          at: (now - started) / 1000,
          rssMb: server.rss() / 1e6,
          openFiles: server.openFiles(),
        });
        nextSample += 10_000;
      }
      if (now >= nextCleanup) {
        nextCleanup += 60_000;
        const job = await server.data("mutation { pruneBackups(dryRun: false) { id } }");
        await jobSucceeded(server, job.pruneBackups.id).then(
          () => cleanups++,
          () => editErrors++,
        );
      }
      const { id, section, ...rest } = questions[edits % questions.length];
      try {
        await server.data(
          "mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id } }",
          { id, input: { ...rest, sectionId: section.id, prompt: `soak edit ${edits}` } },
        );
      } catch {
        editErrors++;
      }
      edits++;
      const due = started + (edits * 1000) / rate;
      if (Date.now() < due) await sleep(due - Date.now());
    }
    samples.push({
      at: (Date.now() - started) / 1000,
      rssMb: server.rss() / 1e6,
      openFiles: server.openFiles(),
    });
    const jobs = await server.data("{ jobs(kind: BACKUP, first: 1) { totalCount } }");
    return {
      seconds,
      edits,
      editErrors,
      snapshots: jobs.jobs.totalCount,
      cleanups,
      samples,
    };
  } finally {
    await server.stop();
  }
}

/** How promptly the server answered while one job ran. */
export interface JobResponsiveness {
  job: string;
  jobMs: number;
  samples: number;
  /** Latency of GET /healthz, answered by the event loop alone, probed one after another. */
  latencyMs: { median: number; p99: number; max: number };
}

/**
 * The server's event loop while each heavy job runs: on a copy of `bank` (automatic backups
 * off), GET /healthz is asked one request after another, 10 ms apart, for as long as the job
 * takes, and before any job for an idle baseline. The request does no work, so its latency is the
 * event loop's delay plus loopback HTTP; the probe shares the machine's two cores with the job.
 */
export async function jobResponsiveness(bank: string): Promise<JobResponsiveness[]> {
  const server = await startQvault(bank, { QVAULT_AUTO_BACKUP: "false" });
  const probe = async (job: string, running: () => boolean, jobMs: () => number) => {
    const latencies: number[] = [];
    while (running()) {
      const started = performance.now();
      const response = await fetch(`${server.url}/healthz`);
      await response.arrayBuffer();
      latencies.push(performance.now() - started);
      await sleep(10);
    }
    return {
      job,
      jobMs: jobMs(),
      samples: latencies.length,
      latencyMs: {
        median: quantile(latencies, 0.5),
        p99: quantile(latencies, 0.99),
        max: Math.max(...latencies),
      },
    };
  };
  /** Starts the job `mutation` queues (its field names the job), probing until it ends. */
  const during = async (job: string, mutation: string) => {
    const started = performance.now();
    const queued = await server.data(mutation);
    const id = (Object.values(queued)[0] as { id: string }).id;
    let done = false;
    let ms = 0;
    const finished = jobSucceeded(server, id).finally(() => {
      done = true;
      ms = performance.now() - started;
    });
    const result = await probe(
      job,
      () => !done,
      () => ms,
    );
    await finished;
    return result;
  };
  try {
    const results: JobResponsiveness[] = [];
    const idleUntil = performance.now() + 3000;
    results.push(
      await probe(
        "no job (baseline)",
        () => performance.now() < idleUntil,
        () => 3000,
      ),
    );
    results.push(await during("full backup", "mutation { startBackup(input: { scope: FULL }) { id } }"));
    const first = (await server.data("{ backups(first: 1) { edges { node { id } } } }")).backups.edges[0].node
      .id;
    results.push(
      await during("full backup, unchanged bank", "mutation { startBackup(input: { scope: FULL }) { id } }"),
    );
    results.push(await during("verify --read-data", "mutation { verifyRepository(readData: true) { id } }"));
    // A tenth of the questions change behind the API, so that the restore has work to do.
    const db = await openBankDatabase({ file: server.database });
    await db.transaction((m) =>
      m.query("UPDATE question SET prompt = prompt || ' (load)', version = version + 1 WHERE rowid % 10 = 0"),
    );
    await db.close();
    results.push(
      await during(
        "full restore (a tenth of the bank edited)",
        `mutation { startRestore(input: { backupId: "${first}", scope: FULL, mode: REPLACE }) { id } }`,
      ),
    );
    return results;
  } finally {
    await server.stop();
  }
}
