/**
 * Starts the real qvault server in this process on a free port with a fresh data directory, and
 * talks to it over real HTTP and WebSocket with the client every test package shares
 * (`createServerClient` from @qvault/test-server).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import {
  createServerClient,
  type GraphQLResponse,
  type ServerClient,
  TEST_ADMIN_TOKEN,
} from "@qvault/test-server";
import { testDatabaseKind, testDatabaseLocation } from "@qvault/test-server/database";
import { testRepository, testRepositoryKind } from "@qvault/test-server/repository";
import { type Config, readConfig } from "@qvault/vault/config";
import type { Client } from "graphql-ws";
import { createLogger } from "../../src/logger.js";
import { type RunningServer, startServer } from "../../src/server.js";

export type { GraphQLResponse } from "@qvault/test-server";

export const ADMIN_TOKEN = TEST_ADMIN_TOKEN;

export interface TestServer extends ServerClient {
  server: RunningServer;
  /** The configuration the server runs with. */
  config: Config;
  dataDir: string;
  url: string;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Receives the server's log lines (JSON, from debug up); they are dropped by default. */
  log?: (line: string) => void;
}

/** A logger giving each line to `log`, or one that logs nothing. */
function testLogger(log?: (line: string) => void) {
  if (!log) return createLogger({ level: "silent" });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n")) if (line) log(line);
      done();
    },
  });
  return createLogger({ level: "debug", destination });
}

/**
 * The repository of each data folder in object storage, when the suites run with their
 * repositories there (QVAULT_TEST_REPOSITORY=s3); the SDK's credentials go to the process's
 * environment, where the SDK (and the job thread's) reads them.
 */
const repositoryOf = (() => {
  const locations = new Map<string, Record<string, string>>();
  return (dataDir: string): Record<string, string> => {
    if (testRepositoryKind() !== "s3") return {};
    const env = locations.get(dataDir) ?? testRepository(dataDir).env;
    locations.set(dataDir, env);
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...settings } = env;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY });
    return settings;
  };
})();

/**
 * The PostgreSQL database of each data folder, when the suites run on PostgreSQL
 * (QVAULT_TEST_DATABASE): a server started again on the same folder finds the same bank.
 */
const postgresOf = new Map<string, string>();

function databaseOf(dataDir: string): Record<string, string> {
  if (testDatabaseKind() !== "postgres") return {};
  const url = postgresOf.get(dataDir) ?? testDatabaseLocation(dataDir);
  postgresOf.set(dataDir, url);
  return { QVAULT_DATABASE_URL: url };
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const dataDir = env.QVAULT_DATA_DIR ?? mkdtempSync(join(tmpdir(), "qvault-api-test-"));
  const config = readConfig({
    ...databaseOf(dataDir),
    ...repositoryOf(dataDir),
    QVAULT_PORT: "0",
    QVAULT_DATA_DIR: dataDir,
    QVAULT_ADMIN_TOKEN: ADMIN_TOKEN,
    QVAULT_SEED_QUESTIONS: "60",
    QVAULT_AUTO_BACKUP: "false",
    QVAULT_AUTO_PRUNE: "false",
    QVAULT_ADMIN_DIR: join(dataDir, "no-admin"),
    ...env,
  });
  const server = await startServer(config, { logger: testLogger(options.log) });
  const client = createServerClient(server.url, ADMIN_TOKEN);
  return {
    ...client,
    server,
    config,
    dataDir,
    url: server.url,
    async stop() {
      await client.close();
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
export function waitForJob(t: TestServer, id: string, timeoutMs = 60_000): Promise<any> {
  return t.waitForJob(id, { timeoutMs });
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
