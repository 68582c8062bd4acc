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
import { join } from "node:path";
import { openBankDatabase } from "@qvault/question-bank";
import type { ServerProcess } from "@qvault/test-server";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { jobSucceeded, startQvault } from "./server-process.js";

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

function connect(server: ServerProcess, onClosed: () => void): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: `${server.url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${server.adminToken}` },
      lazy: false,
      retryAttempts: 0,
      on: {
        connected: () => resolve(client),
        closed: (event) => {
          if ((event as { code?: number }).code !== 1000) onClosed();
        },
        error: reject,
      },
    });
  });
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

/** Opens `count` subscribers' connections, spread over `servers` in turn, a batch at a time. */
async function connectAll(servers: ServerProcess[], count: number, onClosed: () => void): Promise<Client[]> {
  const sockets: Client[] = [];
  for (let start = 0; start < count; start += 250)
    sockets.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(250, count - start) }, (_, i) =>
          connect(servers[(start + i) % servers.length]!, onClosed),
        ),
      )),
    );
  return sockets;
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
  let dropped = 0;
  const sockets = await connectAll(servers, subscribers, () => dropped++);
  let restoreId: string | null = null;
  const delivery: number[] = [];
  const early: { sent: number; received: number; id: string; status: string }[] = [];
  const finals = new Set<number>();
  let updatesSent = 0;
  sockets.forEach((socket, i) => {
    socket.subscribe(
      { query: "subscription { jobUpdates { id status updatedAt } }" },
      {
        next: ({ data }: any) => {
          const update = data.jobUpdates;
          const entry = {
            sent: Date.parse(update.updatedAt),
            received: Date.now(),
            id: update.id,
            status: update.status,
          };
          if (restoreId === null) early.push(entry);
          else if (entry.id === restoreId) {
            delivery.push(entry.received - entry.sent);
            if (i === 0) updatesSent++;
            if (["SUCCEEDED", "FAILED", "CANCELLED"].includes(entry.status)) finals.add(i);
          }
        },
        error: () => dropped++,
        complete: () => {},
      },
    );
  });
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
  restoreId = restore.startRestore.id;
  for (const entry of early) if (entry.id === restoreId) delivery.push(entry.received - entry.sent);
  await jobSucceeded(server, restoreId!);
  const restoreMs = Date.now() - started;
  const deadline = Date.now() + 30_000;
  while (finals.size < subscribers && Date.now() < deadline) await sleep(100);
  running = false;
  await Promise.all(loops);
  await Promise.all(sockets.map((socket) => socket.dispose()));
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
