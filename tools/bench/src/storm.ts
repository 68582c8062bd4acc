/**
 * The edit storm: a real qvault process with automatic backups at their default settings, edited
 * through the API at a steady rate (BENCH_STORM_RATE per second, default 50) for
 * BENCH_STORM_SECONDS (default 60). Each edit changes a different question. Reported: the time
 * from an edit's commit to the first automatic snapshot that holds it (median, p99, max), whether
 * every edit is in the final snapshot, and the API's latency meanwhile.
 * Run alone with `pnpm --filter @qvault/bench storm`; `pnpm bench` runs it too.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { jobSucceeded, startQvault } from "./server-process.js";

const here = dirname(fileURLToPath(import.meta.url));

export interface StormResult {
  edits: number;
  seconds: number;
  rate: number;
  commitToSnapshotMs: { median: number; p99: number; max: number };
  maxDelayMs: number;
  missing: number;
  snapshots: number;
  apiLatencyMs: { median: number; p99: number };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

export async function editStorm(bank: string, seconds: number, rate: number): Promise<StormResult> {
  const server = await startQvault(bank);
  const { url, data } = server;
  try {
    const settings = (await data("{ backupSettings { autoBackupDebounceMs autoBackupMaxDelayMs } }"))
      .backupSettings;
    // The bank's first automatic snapshot, taken at start, before the storm.
    const first = await data("mutation { startBackup(input: { scope: FULL }) { id } }");
    await jobSucceeded(server, first.startBackup.id);
    const questions: any[] = [];
    let after: string | null = null;
    while (questions.length < seconds * rate) {
      const page: any = await data(
        "query($after: String) { questions(first: 100, after: $after) { edges { node { id type explanation difficulty tags audioPath position section { id } answers { text isCorrect } } } pageInfo { hasNextPage endCursor } } }",
        { after },
      );
      questions.push(...page.questions.edges.map((e: any) => e.node));
      if (!page.questions.pageInfo.hasNextPage) break;
      after = page.questions.pageInfo.endCursor;
    }

    const snapshots: { at: number; createdAt: number }[] = [];
    const ws = createClient({
      url: `${url.replace("http", "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${server.adminToken}` },
    });
    ws.subscribe(
      { query: "subscription { backupCreated { id trigger createdAt } }" },
      {
        next: (value: any) => {
          if (value.data?.backupCreated.trigger === "AUTOMATIC")
            snapshots.push({ at: Date.now(), createdAt: Date.parse(value.data.backupCreated.createdAt) });
        },
        error: () => {},
        complete: () => {},
      },
    );
    await new Promise((r) => setTimeout(r, 300));

    const run = Date.now().toString(36);
    const commits: number[] = [];
    const latencies: number[] = [];
    const started = Date.now();
    const total = Math.min(questions.length, seconds * rate);
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
      const { id, section, ...rest } = questions[i];
      const sent = Date.now();
      await data(
        "mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id } }",
        {
          id,
          input: { ...rest, sectionId: section.id, prompt: `storm ${run} ${i}` },
        },
      );
      commits.push(Date.now());
      latencies.push(Date.now() - sent);
    }
    await new Promise((r) => setTimeout(r, settings.autoBackupMaxDelayMs + 3000));
    ws.dispose();

    const delays = commits.map((committed) => {
      const holder = snapshots.find((s) => s.createdAt >= committed);
      return holder ? holder.at - committed : Number.POSITIVE_INFINITY;
    });
    const latest = await data("{ backups(trigger: AUTOMATIC, first: 1) { edges { node { id } } } }");
    const held = await data(
      "query($id: ID!, $search: String) { backup(id: $id) { questions(search: $search, first: 1) { totalCount } } }",
      {
        id: latest.backups.edges[0].node.id,
        search: `storm ${run} `,
      },
    );
    return {
      edits: total,
      seconds,
      rate,
      commitToSnapshotMs: {
        median: quantile(delays, 0.5),
        p99: quantile(delays, 0.99),
        max: Math.max(...delays),
      },
      maxDelayMs: settings.autoBackupMaxDelayMs,
      missing: total - held.backup.questions.totalCount,
      snapshots: snapshots.length,
      apiLatencyMs: { median: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) },
    };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bank = process.argv[2] ?? join(here, "..", ".cache", "bank-10000.sqlite");
  console.log(
    JSON.stringify(
      await editStorm(
        bank,
        Number(process.env.BENCH_STORM_SECONDS ?? 60),
        Number(process.env.BENCH_STORM_RATE ?? 50),
      ),
      null,
      2,
    ),
  );
}
