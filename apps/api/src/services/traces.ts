/**
 * Traces (OpenTelemetry): a span for each GraphQL operation this instance answers, and for each
 * job it runs, with a child span per phase the job goes through. Spans go through OpenTelemetry's
 * API, which does nothing until a tracer provider is registered: {@link startTracing} registers
 * one, exporting OTLP over HTTP, only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads
 * it, and the other OTEL_* variables, itself).
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { context, type Span, SpanStatusCode, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import type { JobState } from "@qvault/core";

const tracer = () => trace.getTracer("qvault");

/**
 * Registers a tracer provider exporting to OTEL_EXPORTER_OTLP_ENDPOINT when it is set; returns
 * what flushes and stops it, or null when tracing is off.
 */
export function startTracing(env: NodeJS.ProcessEnv = process.env): (() => Promise<void>) | null {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return null;
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": env.OTEL_SERVICE_NAME ?? "qvault" }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  return () => provider.shutdown();
}

/** An Apollo plugin: a span per operation, named by its type and root field, failed on errors. */
export function graphqlTraces(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const span = tracer().startSpan("graphql");
      return {
        async didResolveOperation({ operation, operationName }) {
          if (!operation) return;
          const root = operation.selectionSet.selections[0];
          const field = root?.kind === "Field" ? root.name.value : "unknown";
          span.updateName(`graphql ${operation.operation} ${field}`);
          span.setAttributes({
            "graphql.operation.type": operation.operation,
            "graphql.operation.name": operationName ?? "",
            "graphql.root_field": field,
          });
        },
        async didEncounterErrors({ errors }) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: errors[0]?.message ?? "error" });
        },
        async willSendResponse() {
          span.end();
        },
      };
    },
  };
}

/**
 * Follows this instance's job updates: a span per job from when it runs to its end (`job <KIND>`,
 * with its id), and under it a span per phase.
 */
export function jobTraces(): (job: JobState) => void {
  const open = new Map<string, { span: Span; phase: string | null; phaseSpan: Span | null }>();
  return (job) => {
    let entry = open.get(job.id);
    if (!entry && job.status === "RUNNING") {
      const span = tracer().startSpan(`job ${job.kind}`, {
        startTime: job.startedAt ?? undefined,
        attributes: { "qvault.job.id": job.id, "qvault.job.kind": job.kind },
      });
      entry = { span, phase: null, phaseSpan: null };
      open.set(job.id, entry);
    }
    if (!entry) return;
    if (job.phase && job.phase !== entry.phase) {
      entry.phaseSpan?.end();
      // The phase's parent is the job's span.
      const parent = trace.setSpan(context.active(), entry.span);
      entry.phaseSpan = tracer().startSpan(
        `phase ${job.phase}`,
        { attributes: { "qvault.job.id": job.id, "qvault.job.phase": job.phase } },
        parent,
      );
      entry.phase = job.phase;
    }
    if (job.status === "RUNNING" || job.status === "QUEUED") return;
    entry.phaseSpan?.end();
    entry.span.setAttribute("qvault.job.status", job.status);
    if (job.status === "FAILED")
      entry.span.setStatus({ code: SpanStatusCode.ERROR, message: job.error?.message ?? "failed" });
    entry.span.end(job.finishedAt ?? undefined);
    open.delete(job.id);
  };
}
