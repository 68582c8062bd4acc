/**
 * A running qvault server reached through its GraphQL API: operations over HTTP with the API key
 * as a Bearer token, and a job followed to its end over graphql-ws (`jobProgress`), or by asking
 * for it every half second when the WebSocket cannot be used. A GraphQL error becomes a
 * QvaultError with the server's `extensions.code`, so it ends the command with the same exit code
 * as the same failure without a server.
 */
import { FINAL_STATUSES, type JobStatus, type ProgressSink, QvaultError } from "@qvault/core";
import { CliError } from "../output/exit-codes.js";

/** The fields of a Job the commands use. */
export const JOB_FIELDS = `id kind status phase done total bytesDone message error { code message } report
  backup { id createdAt scope trigger questionCount sectionCount changedCount addedBytes }
  safetyBackup { id }`;

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  phase: string | null;
  done: number;
  total: number | null;
  bytesDone: number;
  message: string | null;
  error: { code: string; message: string } | null;
  report: unknown;
  backup: {
    id: string;
    createdAt: string;
    scope: string;
    trigger: string;
    questionCount: number;
    sectionCount: number;
    changedCount: number;
    addedBytes: number;
  } | null;
  safetyBackup: { id: string } | null;
}

export interface ServerClient {
  /** e.g. http://127.0.0.1:4000 */
  readonly url: string;
  /** The Authorization header's value, for the server's HTTP routes besides /graphql. */
  readonly authorization: string;
  /** Runs one operation. @throws QvaultError with the server's code; CliError SERVER_UNREACHABLE */
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /**
   * Follows `job` to its final state, feeding `progress`. Aborting `signal` asks the server to
   * cancel the job, and the following goes on until the job has stopped.
   */
  follow(job: JobView, progress: ProgressSink, signal: AbortSignal): Promise<JobView>;
}

type GraphQLError = { message: string; extensions?: Record<string, unknown> };

function toError(error: GraphQLError): QvaultError {
  const { code, ...details } = error.extensions ?? {};
  const known = typeof code === "string" ? code : "INTERNAL_SERVER_ERROR";
  return new QvaultError(known as QvaultError["code"], error.message, { details });
}

/** Throws the failure a job ended with; returns the job when it SUCCEEDED. */
export function succeeded(job: JobView): JobView {
  if (job.status === "SUCCEEDED") return job;
  if (job.status === "FAILED")
    throw new QvaultError(
      (job.error?.code ?? "INTERNAL_SERVER_ERROR") as QvaultError["code"],
      job.error?.message ?? "The job failed",
    );
  throw new QvaultError("CANCELLED", `The job was ${job.status.toLowerCase()}; nothing it did was kept`);
}

function progressOf(job: JobView): Parameters<ProgressSink>[0] {
  return {
    phase: job.phase ?? job.status.toLowerCase(),
    done: job.done,
    total: job.total,
    bytes: job.bytesDone,
  };
}

const isFinal = (job: JobView) => FINAL_STATUSES.includes(job.status);

export function createServerClient(options: { url: string; key: string | undefined }): ServerClient {
  const url = options.url.replace(/\/+$/, "").replace(/\/graphql$/, "");
  if (!/^https?:\/\//.test(url))
    throw new CliError("USAGE", `--server takes an http:// or https:// URL, not ${options.url}`);
  if (!options.key) throw new CliError("USAGE", "--server needs an API key: --key or QVAULT_API_KEY");
  const authorization = `Bearer ${options.key}`;

  const client: ServerClient = {
    url,
    authorization,
    async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization },
          body: JSON.stringify({ query, variables }),
        });
      } catch (cause) {
        throw new CliError("SERVER_UNREACHABLE", `Cannot reach the server at ${url}`, { cause });
      }
      let body: { data?: T | null; errors?: GraphQLError[] };
      try {
        body = (await response.json()) as typeof body;
      } catch (cause) {
        throw new CliError(
          "SERVER_UNREACHABLE",
          `${url} answered HTTP ${response.status}, not as a qvault server`,
          { cause },
        );
      }
      if (body.errors?.length) throw toError(body.errors[0]!);
      if (!body.data) throw new CliError("SERVER_UNREACHABLE", `${url} answered without data`);
      return body.data;
    },

    async follow(job, progress, signal) {
      if (isFinal(job)) return job;
      const cancel = () =>
        void client
          .request("mutation($id: ID!) { cancelJob(id: $id) { id } }", { id: job.id })
          .catch(() => {});
      signal.addEventListener("abort", cancel, { once: true });
      try {
        progress(progressOf(job));
        return (await subscribe(job.id, progress)) ?? (await poll(job.id, progress));
      } finally {
        signal.removeEventListener("abort", cancel);
      }
    },
  };

  /** The job's final state through `jobProgress`, or null when the WebSocket cannot be used. */
  async function subscribe(id: string, progress: ProgressSink): Promise<JobView | null> {
    // Loaded here: only commands that follow a job on a server need a WebSocket.
    const [{ createClient }, { default: WebSocket }] = await Promise.all([
      import("graphql-ws"),
      import("ws"),
    ]);
    const ws = createClient({
      url: `${url.replace(/^http/, "ws")}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
      lazy: true,
    });
    try {
      const updates = ws.iterate<{ jobProgress: JobView }>({
        query: `subscription($id: ID!) { jobProgress(jobId: $id) { ${JOB_FIELDS} } }`,
        variables: { id },
      });
      for await (const result of updates) {
        if (result.errors?.length) throw toError(result.errors[0] as GraphQLError);
        const current = result.data?.jobProgress;
        if (!current) continue;
        progress(progressOf(current));
        if (isFinal(current)) return current;
      }
      return null;
    } catch (error) {
      if (Array.isArray(error)) throw toError(error[0] as GraphQLError);
      if (error instanceof QvaultError) throw error;
      if ((error as { code?: number }).code === 4401)
        throw new QvaultError("UNAUTHENTICATED", "The server refused the API key");
      return null;
    } finally {
      await ws.dispose();
    }
  }

  async function poll(id: string, progress: ProgressSink): Promise<JobView> {
    for (;;) {
      const { job } = await client.request<{ job: JobView | null }>(
        `query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`,
        { id },
      );
      if (!job) throw new QvaultError("NOT_FOUND", `Job ${id} does not exist`);
      progress(progressOf(job));
      if (isFinal(job)) return job;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  return client;
}
