/**
 * Starts the real qvault server on a free port with a fresh data directory, and talks to it
 * over real HTTP and WebSocket.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig } from "@qvault/vault/config";
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";
import { type RunningServer, startServer } from "../../src/server.js";

export const ADMIN_TOKEN = "test-admin-token-0123456789";

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[];
}

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  url: string;
  /** POSTs one operation to /graphql with `key` (the admin key by default; null for none). */
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string | null,
  ): Promise<GraphQLResponse<T>>;
  /** A graphql-ws client authenticating with `key`. */
  ws(key?: string | null): Client;
  /** Creates a key of `role` through the API and returns its secret. */
  keyFor(role: "VIEWER" | "OPERATOR" | "ADMIN"): Promise<string>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Receives the server's log lines; they are dropped by default. */
  log?: (line: string) => void;
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "qvault-api-test-"));
  const config = readConfig({
    QVAULT_PORT: "0",
    QVAULT_DATA_DIR: dataDir,
    QVAULT_ADMIN_TOKEN: ADMIN_TOKEN,
    QVAULT_SEED_QUESTIONS: "60",
    QVAULT_AUTO_BACKUP: "false",
    QVAULT_AUTO_PRUNE: "false",
    QVAULT_ADMIN_DIR: join(dataDir, "no-admin"),
    ...env,
  });
  const server = await startServer(config, { log: options.log ?? (() => {}) });
  const clients: Client[] = [];
  const gql: TestServer["gql"] = async (query, variables, key = ADMIN_TOKEN) => {
    const response = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  return {
    server,
    dataDir,
    url: server.url,
    gql,
    ws(key = ADMIN_TOKEN) {
      const client = createClient({
        url: `${server.url.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: key ? { authorization: `Bearer ${key}` } : {},
        retryAttempts: 0,
        lazy: true,
        lazyCloseTimeout: 60_000,
      });
      clients.push(client);
      return client;
    },
    async keyFor(role) {
      const result = await gql<{ createApiKey: { secret: string } }>(
        "mutation($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { secret } }",
        { name: `${role.toLowerCase()} key`, role },
      );
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return result.data.createApiKey.secret;
    },
    async stop() {
      await Promise.all(clients.map((client) => client.dispose()));
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs one operation over WebSocket; resolves with the result or rejects with the close event or errors. */
export function wsRequest(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphQLResponse> {
  return new Promise((resolve, reject) => {
    let result: GraphQLResponse = { status: 0 };
    client.subscribe(
      { query, variables: variables ?? {} },
      {
        next: (value) => {
          result = { status: 0, ...(value as object) };
        },
        error: reject,
        complete: () => resolve(result),
      },
    );
  });
}

/** Subscribes and collects every event until the subscription completes (or `until` says stop). */
export function collect(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
  until: (event: any) => boolean = () => false,
): { events: any[]; done: Promise<any[]>; stop(): void } {
  const events: any[] = [];
  let stop = () => {};
  const done = new Promise<any[]>((resolve, reject) => {
    stop = client.subscribe(
      { query, variables },
      {
        next: (value) => {
          if (value.errors) return reject(new Error(JSON.stringify(value.errors)));
          events.push(value.data);
          if (until(value.data)) {
            stop();
            resolve(events);
          }
        },
        error: reject,
        complete: () => resolve(events),
      },
    );
  });
  return { events, done, stop: () => stop() };
}

/** Polls `job(id)` until it is final. */
export async function waitForJob(t: TestServer, id: string, timeoutMs = 60_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = await t.gql(
      "query($id: ID!) { job(id: $id) { id status error { code message } message backup { id questionCount } report } }",
      { id },
    );
    const job = data!.job;
    if (["SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED"].includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The first `n` questions, with every field an update needs. */
export async function firstQuestions(t: TestServer, n: number): Promise<any[]> {
  const { data } = await t.gql(
    `{ questions(first: ${n}) { edges { node { id prompt type explanation difficulty tags audioPath position section { id } answers { text isCorrect } } } } }`,
  );
  return data!.questions.edges.map((e: any) => e.node);
}

/** Changes a question's prompt through the API, keeping its other fields. */
export async function editPrompt(t: TestServer, q: any, prompt: string): Promise<void> {
  const { id, section, prompt: _old, ...rest } = q;
  const result = await t.gql(
    "mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id } }",
    {
      id,
      input: { ...rest, sectionId: section.id, prompt },
    },
  );
  if (result.errors) throw new Error(JSON.stringify(result.errors));
}
