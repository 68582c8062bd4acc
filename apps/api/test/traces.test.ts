/**
 * Traces: the real server process with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP/HTTP
 * receiver of the test's own sends a span per GraphQL operation and per job, with a span per phase
 * under the job's; without the variable no tracer provider is registered.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type ServerProcess, startServerProcess } from "@qvault/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTracing } from "../src/services/traces.js";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string } }[];
}

let receiver: Server;
let endpoint: string;
const spans: OtlpSpan[] = [];

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.url === "/v1/traces") {
      const payload = JSON.parse(body);
      for (const resource of payload.resourceSpans ?? [])
        for (const scope of resource.scopeSpans ?? []) spans.push(...scope.spans);
    }
    res.writeHead(200, { "content-type": "application/json" }).end("{}");
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => receiver?.close());

const attribute = (span: OtlpSpan, key: string) =>
  span.attributes.find((a) => a.key === key)?.value.stringValue;

async function until(what: string, done: () => boolean): Promise<void> {
  const end = Date.now() + 20_000;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("traces", () => {
  it("are exported for GraphQL operations and jobs with their phases, when an OTLP endpoint is set", async () => {
    let server: ServerProcess | null = null;
    try {
      server = await startServerProcess({
        env: {
          QVAULT_SEED_QUESTIONS: "40",
          QVAULT_AUTO_BACKUP: "false",
          OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
          OTEL_BSP_SCHEDULE_DELAY: "100",
        },
      });
      const started = await server.gql<any>(
        'mutation { startBackup(input: { scope: FULL, note: "traced" }) { id } }',
      );
      const jobId = started.data.startBackup.id;
      await server.waitForJob(jobId);
      await until("the job's span", () => spans.some((s) => s.name === "job BACKUP"));
      const job = spans.find((s) => s.name === "job BACKUP")!;
      expect(attribute(job, "qvault.job.id")).toBe(jobId);
      expect(attribute(job, "qvault.job.status")).toBe("SUCCEEDED");
      const phases = spans.filter((s) => s.parentSpanId === job.spanId);
      expect(phases.length).toBeGreaterThan(0);
      expect(phases.every((p) => p.traceId === job.traceId && p.name.startsWith("phase "))).toBe(true);
      expect(server.output()).toContain("traces are exported over OTLP");
      const operation = spans.find((s) => s.name === "graphql mutation startBackup")!;
      expect(attribute(operation, "graphql.operation.type")).toBe("mutation");
    } finally {
      await server?.stop();
    }
  });

  it("are off without an endpoint: no provider is registered, so spans cost nothing", () => {
    expect(startTracing({})).toBeNull();
    expect(startTracing({ OTEL_SERVICE_NAME: "qvault" })).toBeNull();
  });
});
