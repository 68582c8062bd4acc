/**
 * The client every test harness talks to a qvault server with, whether the server runs in the
 * test's own process (the API's tests) or as a child process (everything else): GraphQL over
 * HTTP, graphql-ws over WebSocket, plain GETs, API keys and jobs.
 *
 * Keys: every method that takes a `key` sends it as `Authorization: Bearer <key>`; it defaults
 * to the admin token, and `null` sends no Authorization at all.
 *
 * Not guaranteed: answers are not checked against the schema (their types are what the caller
 * says they are), and `gql` does not retry.
 */
import { type Client, createClient } from "graphql-ws";
import WebSocket from "ws";

/**
 * An answer's shape is set by the query, which the compiler cannot read: untyped unless the
 * caller names a type.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Untyped = any;

/** The roles an API key can have. */
export type Role = "VIEWER" | "OPERATOR" | "ADMIN";

/** One GraphQL error as the server sends it. */
export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string } & Record<string, Untyped>;
}

/** One GraphQL answer over HTTP, with the HTTP status it came with. */
export interface GraphQLResponse<T = Record<string, Untyped>> {
  status: number;
  data?: T | null;
  errors?: GraphQLError[];
}

/** A job as `waitForJob` returns it, once final. */
export interface FinalJob {
  id: string;
  status: "SUCCEEDED" | "FAILED" | "CANCELLED" | "INTERRUPTED";
  error: { code: string; message: string } | null;
  message: string | null;
  backup: { id: string; questionCount: number } | null;
  report: Untyped;
}

const FINAL_STATUSES: readonly string[] = ["SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED"];

const JOB_QUERY =
  "query($id: ID!) { job(id: $id) { id status error { code message } message backup { id questionCount } report } }";

export interface ServerClient {
  /** The server's base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  /** The admin key every method uses by default. */
  readonly adminToken: string;
  /**
   * POSTs one operation to /graphql with `key` and returns the answer as sent, with its HTTP
   * status. Resolves on GraphQL errors and on any HTTP status.
   * @throws when the server cannot be reached, or answers something that is not JSON
   */
  gql<T = Record<string, Untyped>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string | null,
  ): Promise<GraphQLResponse<T>>;
  /**
   * Like `gql`, but returns the answer's data.
   * @throws when the answer has errors or no data (the message holds the errors)
   */
  data<T = Untyped>(query: string, variables?: Record<string, unknown>, key?: string | null): Promise<T>;
  /** GETs `path` (e.g. /readyz) with no key; `body` is parsed when the answer is JSON, else text. */
  get(path: string): Promise<{ status: number; body: Untyped }>;
  /**
   * A graphql-ws client authenticating with `key`: lazy (it connects on its first operation),
   * never retrying, closed by `close()`.
   */
  ws(key?: string | null): Client;
  /** Creates an API key of `role` through the API and returns its secret. */
  keyFor(role: Role, name?: string): Promise<string>;
  /**
   * Asks for job `id` every `intervalMs` until it is final, and returns it however it ended.
   * @throws when it is not final after `timeoutMs`, or the server cannot be reached
   */
  waitForJob(id: string, options?: WaitForJobOptions): Promise<FinalJob>;
  /** Disposes every graphql-ws client `ws` made. */
  close(): Promise<void>;
}

export interface WaitForJobOptions {
  /** @default 60_000 (Infinity waits as long as it takes) */
  timeoutMs?: number;
  /** @default 50 */
  intervalMs?: number;
}

/** The client of the server at `url`, using `adminToken` unless told otherwise. */
export function createServerClient(url: string, adminToken: string): ServerClient {
  const clients: Client[] = [];
  const authorization = (key: string | null): Record<string, string> =>
    key ? { authorization: `Bearer ${key}` } : {};

  const gql: ServerClient["gql"] = async (query, variables = {}, key = adminToken) => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...authorization(key) },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: object;
    try {
      body = JSON.parse(text) as object;
    } catch {
      throw new Error(
        `/graphql answered ${response.status} with something that is not JSON: ${text.slice(0, 500)}`,
      );
    }
    return { status: response.status, ...body };
  };

  const data: ServerClient["data"] = async (query, variables, key) => {
    const result = await gql(query, variables, key);
    if (result.errors?.length || !result.data)
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as Untyped;
  };

  return {
    url,
    adminToken,
    gql,
    data,
    async get(path) {
      const response = await fetch(`${url}${path}`);
      const text = await response.text();
      const json = response.headers.get("content-type")?.includes("json");
      return { status: response.status, body: json ? JSON.parse(text) : text };
    },
    ws(key = adminToken) {
      const client = createClient({
        url: `${url.replace(/^http/, "ws")}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: authorization(key),
        retryAttempts: 0,
        lazy: true,
        // One connection for a test's successive operations, not one each.
        lazyCloseTimeout: 60_000,
      });
      clients.push(client);
      return client;
    },
    async keyFor(role, name = `${role.toLowerCase()} key`) {
      const created = await data<{ createApiKey: { secret: string } }>(
        "mutation($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { secret } }",
        { name, role },
      );
      return created.createApiKey.secret;
    },
    async waitForJob(id, options = {}) {
      const { timeoutMs = 60_000, intervalMs = 50 } = options;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { job } = await data<{ job: FinalJob | null }>(JOB_QUERY, { id });
        if (job && FINAL_STATUSES.includes(job.status)) return job;
        if (Date.now() > deadline) throw new Error(`job ${id} is still ${job?.status} after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    },
    async close() {
      await Promise.all(clients.splice(0).map((client) => client.dispose()));
    },
  };
}
