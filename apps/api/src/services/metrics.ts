/**
 * Metrics for Prometheus (prom-client), served at `GET /metrics` in its text format.
 *
 * Figures read at each scrape (from the health, the repository's snapshots and the stored jobs,
 * so that every instance of a bank reports the same): the last successful backup per trigger and
 * what it added; edits waiting and for how long; the repository's size, records and snapshots; the
 * last verification and restore drill, with their results; the health and each of its checks.
 * Figures this instance counts as they happen: its jobs' durations and outcomes (a histogram per
 * kind), HTTP requests and GraphQL operations (histograms by route and by root field), its
 * WebSocket connections and live subscriptions; and the process's own (memory, CPU, event loop).
 *
 * Label values are bounded: routes as Express matched them (else what part of the server answered),
 * GraphQL root fields as the schema names them (else "unknown").
 */
import type { JobState } from "@qvault/core";
import type { Vault } from "@qvault/vault";
import type { NextFunction, Request, Response } from "express";
import client from "prom-client";
import type { BackupSettingsService } from "./backup-settings.js";
import { HEALTH_STATUSES, lastEnded, systemHealth } from "./health.js";

export interface Metrics {
  /** The registry, for `GET /metrics`. */
  readonly registry: client.Registry;
  /** Express middleware timing every request. */
  http(req: Request, res: Response, next: NextFunction): void;
  /** Times a GraphQL operation: its type and root field; returns what ends it. */
  graphqlStarted(): (type: string, field: string) => void;
  /** A job of this instance changed; a final state is counted once. */
  jobUpdated(job: JobState): void;
  /** WebSocket connections opened (+) or closed (-). */
  connections(change: number): void;
  /** Subscriptions started (+) or ended (-). */
  subscriptions(change: number): void;
}

const FINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED"]);
const seconds = (date: Date | null | undefined) => (date ? date.getTime() / 1000 : Number.NaN);

export function createMetrics(repo: Vault, settings: BackupSettingsService): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "qvault_" });

  const jobDuration = new client.Histogram({
    name: "qvault_job_duration_seconds",
    help: "Jobs this instance ran, from start to end, by kind and final status",
    labelNames: ["kind", "status"],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  const httpDuration = new client.Histogram({
    name: "qvault_http_request_duration_seconds",
    help: "HTTP requests this instance answered, by method, route and status code",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const graphqlDuration = new client.Histogram({
    name: "qvault_graphql_operation_duration_seconds",
    help: "GraphQL queries and mutations this instance answered, by type and root field",
    labelNames: ["type", "field"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  // Counts beside the histograms, by the same labels: what most dashboards and alerts read.
  const jobsTotal = new client.Counter({
    name: "qvault_jobs_total",
    help: "Jobs this instance ran to an end, by kind and final status",
    labelNames: ["kind", "status"],
    registers: [registry],
  });
  const httpTotal = new client.Counter({
    name: "qvault_http_requests_total",
    help: "HTTP requests this instance answered, by method, route and status code",
    labelNames: ["method", "route", "status"],
    registers: [registry],
  });
  const graphqlTotal = new client.Counter({
    name: "qvault_graphql_operations_total",
    help: "GraphQL queries and mutations this instance answered, by type and root field",
    labelNames: ["type", "field"],
    registers: [registry],
  });
  const connections = new client.Gauge({
    name: "qvault_websocket_connections",
    help: "WebSocket connections open on this instance",
    registers: [registry],
  });
  const subscribers = new client.Gauge({
    name: "qvault_subscriptions",
    help: "GraphQL subscriptions live on this instance",
    registers: [registry],
  });

  // Read at each scrape: one health computation and one listing shared by the gauges below.
  let scrape: Promise<Scraped> | null = null;
  const scraped = () => {
    scrape ??= read(repo, settings).finally(() => setTimeout(() => (scrape = null), 0));
    return scrape;
  };
  const gauge = (
    name: string,
    help: string,
    labelNames: string[],
    set: (g: client.Gauge, s: Scraped) => void,
  ) =>
    new client.Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        set(this, await scraped());
      },
    });
  gauge(
    "qvault_last_successful_backup_timestamp_seconds",
    "When the newest backup of each trigger was taken (Unix time)",
    ["trigger"],
    (g, s) => {
      for (const [trigger, newest] of s.newestByTrigger) g.set({ trigger }, newest.time);
    },
  );
  gauge(
    "qvault_last_backup_added_bytes",
    "Bytes the newest backup of each trigger added to the repository",
    ["trigger"],
    (g, s) => {
      for (const [trigger, newest] of s.newestByTrigger) g.set({ trigger }, newest.addedBytes);
    },
  );
  gauge("qvault_pending_changes", "Committed edits not yet in any backup", [], (g, s) =>
    g.set(s.health.pendingChanges),
  );
  gauge(
    "qvault_pending_changes_age_seconds",
    "How long the oldest edit not yet in a backup has waited (0 when none waits)",
    [],
    (g, s) => g.set(s.health.pendingSince ? (Date.now() - s.health.pendingSince.getTime()) / 1000 : 0),
  );
  gauge("qvault_repository_size_bytes", "Bytes of the repository's packs", [], (g, s) =>
    g.set(s.health.storage.bytesOnDisk),
  );
  gauge("qvault_repository_records", "Records the repository holds", [], (g, s) =>
    g.set(s.health.storage.recordCount),
  );
  gauge("qvault_repository_snapshots", "Snapshots (backups) the repository holds", [], (g, s) =>
    g.set(s.health.storage.snapshotCount),
  );
  gauge(
    "qvault_storage_free_bytes",
    "Bytes free where the repository lives (absent in object storage)",
    [],
    (g, s) => {
      if (s.health.storage.freeBytes !== null) g.set(s.health.storage.freeBytes);
    },
  );
  for (const [kind, name] of [
    ["VERIFY", "verification"],
    ["DRILL", "drill"],
  ] as const) {
    gauge(
      `qvault_last_${name}_timestamp_seconds`,
      `When the last ${name === "drill" ? "restore drill" : "verification"} ended (Unix time)`,
      [],
      (g, s) => {
        const job = s.last.get(kind);
        if (job) g.set(seconds(job.finishedAt));
      },
    );
    gauge(
      `qvault_last_${name}_success`,
      `1 when the last ${name === "drill" ? "restore drill" : "verification"} passed, 0 when it failed`,
      [],
      (g, s) => {
        const job = s.last.get(kind);
        if (job) g.set(job.status === "SUCCEEDED" ? 1 : 0);
      },
    );
  }
  gauge(
    "qvault_health",
    'The health (0 OK, 1 DEGRADED, 2 FAILING), overall (check="all") and by check',
    ["check"],
    (g, s) => {
      g.set({ check: "all" }, HEALTH_STATUSES.indexOf(s.health.status));
      for (const check of s.health.checks)
        g.set({ check: check.name }, HEALTH_STATUSES.indexOf(check.status));
    },
  );

  const counted = new Set<string>();
  return {
    registry,
    http(req, res, next) {
      const end = httpDuration.startTimer();
      res.once("finish", () => {
        const route = req.route?.path;
        const labels = {
          method: req.method,
          // A mounted middleware (GraphQL's) sees a path trimmed of its mount point: the original one.
          route: typeof route === "string" ? route : routeOf(req.originalUrl.split("?")[0] ?? ""),
          status: String(res.statusCode),
        };
        end(labels);
        httpTotal.inc(labels);
      });
      next();
    },
    graphqlStarted() {
      const end = graphqlDuration.startTimer();
      return (type, field) => {
        end({ type, field });
        graphqlTotal.inc({ type, field });
      };
    },
    jobUpdated(job) {
      if (!FINAL.has(job.status) || counted.has(job.id)) return;
      counted.add(job.id);
      if (counted.size > 10_000) counted.delete(counted.values().next().value!);
      const started = job.startedAt ?? job.createdAt;
      const ended = job.finishedAt ?? new Date();
      jobsTotal.inc({ kind: job.kind, status: job.status });
      jobDuration.observe(
        { kind: job.kind, status: job.status },
        Math.max(0, (ended.getTime() - started.getTime()) / 1000),
      );
    },
    connections: (change) => connections.inc(change),
    subscriptions: (change) => subscribers.inc(change),
  };
}

/** What part of the server answered a request no route of its own matched. */
function routeOf(path: string): string {
  if (path === "/graphql") return "/graphql";
  if (path.startsWith("/assets/")) return "/assets";
  return "other";
}

interface Scraped {
  health: Awaited<ReturnType<typeof systemHealth>>;
  newestByTrigger: Map<string, { time: number; addedBytes: number }>;
  last: Map<"VERIFY" | "DRILL", JobState>;
}

async function read(repo: Vault, settings: BackupSettingsService): Promise<Scraped> {
  const [health, manifests, verify, drill] = await Promise.all([
    systemHealth(repo, settings),
    repo.repository.listSnapshots(),
    lastEnded(repo.store, "VERIFY"),
    lastEnded(repo.store, "DRILL"),
  ]);
  const newestByTrigger = new Map<string, { time: number; addedBytes: number }>();
  for (const manifest of manifests) {
    const time = Date.parse(manifest.time) / 1000;
    if ((newestByTrigger.get(manifest.trigger)?.time ?? -1) < time)
      newestByTrigger.set(manifest.trigger, { time, addedBytes: manifest.stats.addedBytes });
  }
  const last = new Map<"VERIFY" | "DRILL", JobState>();
  if (verify) last.set("VERIFY", verify);
  if (drill) last.set("DRILL", drill);
  return { health, newestByTrigger, last };
}
