/**
 * `GET /metrics`: Prometheus's text format, read with a Prometheus text parser, for an API key of
 * any role or the metrics token and no one else; its figures are the API's own. A path that is
 * neither a page of the admin nor a route is 404.
 */
import parsePrometheus from "parse-prometheus-text-format";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collect,
  editPrompt,
  firstQuestions,
  startTestServer,
  type TestServer,
  waitForJob,
} from "./helpers/test-server.js";

const TOKEN = "metrics-token-for-prometheus";
let t: TestServer;
let viewer: string;
beforeAll(async () => {
  t = await startTestServer({ QVAULT_METRICS_TOKEN: TOKEN });
  const created = await t.gql<any>('mutation { createApiKey(name: "grafana", role: VIEWER) { secret } }');
  viewer = created.data.createApiKey.secret;
});
afterAll(async () => {
  await t?.stop();
});

type Family = {
  name: string;
  type: string;
  metrics: {
    value?: string;
    labels?: Record<string, string>;
    count?: string;
    sum?: string;
    buckets?: Record<string, string>;
  }[];
};

async function scrape(key = TOKEN): Promise<Map<string, Family>> {
  const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${key}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = parsePrometheus(await response.text()) as Family[];
  return new Map(families.map((f) => [f.name, f]));
}

/** The value of `name`'s sample whose labels include `labels`. */
function value(metrics: Map<string, Family>, name: string, labels: Record<string, string> = {}): number {
  const sample = metrics
    .get(name)
    ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  if (!sample) throw new Error(`no sample of ${name} with ${JSON.stringify(labels)}`);
  return Number(sample.value ?? sample.count);
}

describe("GET /metrics", () => {
  it("answers only an API key or the metrics token", async () => {
    for (const authorization of [undefined, "Bearer wrong-token-of-enough-length", `Bearer ${TOKEN}x`]) {
      const response = await fetch(`${t.url}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    }
    expect((await scrape(viewer)).has("qvault_health")).toBe(true);
  });

  it("reports what the API reports: backups, waiting edits, the repository, verification, drills, jobs, requests and subscribers", async () => {
    const backup = await t.gql<any>(
      'mutation { startBackup(input: { scope: FULL, note: "scraped" }) { id } }',
    );
    await waitForJob(t, backup.data.startBackup.id);
    const verify = await t.gql<any>("mutation { verifyRepository(readData: true) { id } }");
    expect((await waitForJob(t, verify.data.verifyRepository.id)).status).toBe("SUCCEEDED");
    const drill = await t.gql<any>("mutation { startDrill { id } }");
    expect((await waitForJob(t, drill.data.startDrill.id)).status).toBe("SUCCEEDED");
    const [question] = await firstQuestions(t, 1);
    await editPrompt(t, question, "Edited, waiting for a backup");
    // A subscriber, live while the metrics are read.
    const ws = t.ws();
    const subscription = collect(ws, "subscription { jobUpdates { id } }");
    subscription.done.catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 300));

    const metrics = await scrape();
    const { data } = await t.gql<any>(
      "{ systemHealth { status pendingChanges storage { bytesOnDisk recordCount snapshotCount } checks { name status } } backups(first: 1) { edges { node { createdAt trigger addedBytes } } } }",
    );
    const health = data.systemHealth;
    const newest = data.backups.edges[0].node;
    expect(newest.trigger).toBe("MANUAL");
    expect(
      value(metrics, "qvault_last_successful_backup_timestamp_seconds", { trigger: "MANUAL" }),
    ).toBeCloseTo(Date.parse(newest.createdAt) / 1000, 3);
    expect(value(metrics, "qvault_last_backup_added_bytes", { trigger: "MANUAL" })).toBe(newest.addedBytes);
    expect(value(metrics, "qvault_pending_changes")).toBe(health.pendingChanges);
    expect(health.pendingChanges).toBe(1);
    expect(value(metrics, "qvault_pending_changes_age_seconds")).toBeGreaterThan(0);
    expect(value(metrics, "qvault_repository_size_bytes")).toBe(health.storage.bytesOnDisk);
    expect(value(metrics, "qvault_repository_records")).toBe(health.storage.recordCount);
    expect(value(metrics, "qvault_repository_snapshots")).toBe(health.storage.snapshotCount);
    expect(value(metrics, "qvault_last_verification_success")).toBe(1);
    expect(value(metrics, "qvault_last_drill_success")).toBe(1);
    expect(value(metrics, "qvault_last_drill_timestamp_seconds")).toBeGreaterThan(Date.now() / 1000 - 60);
    const levels = ["OK", "DEGRADED", "FAILING"];
    expect(value(metrics, "qvault_health", { check: "all" })).toBe(levels.indexOf(health.status));
    for (const check of health.checks)
      expect(value(metrics, "qvault_health", { check: check.name }), check.name).toBe(
        levels.indexOf(check.status),
      );

    // Counted by this instance as they happened.
    for (const kind of ["BACKUP", "VERIFY", "DRILL"])
      expect(value(metrics, "qvault_jobs_total", { kind, status: "SUCCEEDED" }), kind).toBe(1);
    expect(value(metrics, "qvault_graphql_operations_total", { type: "mutation", field: "startDrill" })).toBe(
      1,
    );
    expect(
      value(metrics, "qvault_http_requests_total", { route: "/graphql", method: "POST", status: "200" }),
    ).toBeGreaterThan(5);
    // Durations as histograms (their buckets are Prometheus's to read).
    for (const name of [
      "qvault_job_duration_seconds",
      "qvault_graphql_operation_duration_seconds",
      "qvault_http_request_duration_seconds",
    ])
      expect(metrics.get(name)?.type, name).toBe("HISTOGRAM");
    expect(value(metrics, "qvault_subscriptions")).toBe(1);
    expect(value(metrics, "qvault_websocket_connections")).toBe(1);
    expect(value(metrics, "qvault_process_resident_memory_bytes")).toBeGreaterThan(0);

    subscription.stop();
    await ws.dispose();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const after = await scrape();
    expect(value(after, "qvault_subscriptions")).toBe(0);
    expect(value(after, "qvault_websocket_connections")).toBe(0);
  });
});

describe("paths that are not the server's", () => {
  it("answer 404 with a code, not the admin's page", async () => {
    for (const path of ["/nope", "/metrics/x", "/questionsx", "/admin"]) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
    }
  });
});
