/**
 * The built qvault server (`node apps/api/dist/main.js`) as a child process: started on a free
 * port with a given data folder, talked to over HTTP, and killed with SIGKILL like a power cut.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const SERVER_MAIN = fileURLToPath(new URL("../../../apps/api/dist/main.js", import.meta.url));
export const ADMIN_TOKEN = "hardening-admin-token-0123456789";

export interface GraphQLResult<T = any> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [key: string]: unknown } }[];
}

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything the process printed so far (stdout and stderr). */
  readonly output: string;
  /** POSTs one GraphQL operation with the admin key. Rejects when the server cannot be reached. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** Like `gql`, but rejects when the answer has errors. */
  data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** GETs a path, e.g. /readyz. */
  get(path: string): Promise<{ status: number; body: any }>;
  /** SIGKILL, then waits for the process to be gone. */
  kill(): Promise<void>;
  /** SIGTERM (a clean stop), then waits for the process to be gone. */
  stop(): Promise<void>;
}

export interface ServerOptions {
  dataDir: string;
  /** More QVAULT_* variables, e.g. QVAULT_AUTO_BACKUP. */
  env?: Record<string, string>;
  /** @default 60000 */
  startTimeoutMs?: number;
}

/** Starts the built server and resolves once it listens. */
export function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN))
    throw new Error(`${SERVER_MAIN} is missing: build the API first (pnpm --filter @qvault/api run build)`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QVAULT_DATA_DIR: options.dataDir,
    QVAULT_PORT: "0",
    QVAULT_HOST: "127.0.0.1",
    QVAULT_ADMIN_TOKEN: ADMIN_TOKEN,
    QVAULT_SEED_QUESTIONS: "300",
    QVAULT_ADMIN_DIR: join(options.dataDir, "no-admin"),
    ...options.env,
  };
  const child: ChildProcess = spawn(process.execPath, [SERVER_MAIN], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server did not start within ${options.startTimeoutMs ?? 60_000} ms:\n${output}`));
    }, options.startTimeoutMs ?? 60_000);
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    };
    child.once("exit", onExit);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && !server) {
        clearTimeout(timer);
        child.off("exit", onExit);
        server = makeServer(match[1]!);
        resolve(server);
      }
    };
    let server: ServerProcess | null = null;
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });

    function makeServer(url: string): ServerProcess {
      const gql = async (query: string, variables: Record<string, unknown> = {}) => {
        const response = await fetch(`${url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
          body: JSON.stringify({ query, variables }),
        });
        return (await response.json()) as GraphQLResult;
      };
      return {
        url,
        pid: child.pid!,
        get output() {
          return output;
        },
        gql,
        async data(query, variables) {
          const result = await gql(query, variables);
          if (result.errors?.length || !result.data)
            throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
          return result.data;
        },
        async get(path) {
          const response = await fetch(`${url}${path}`);
          const text = await response.text();
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          return { status: response.status, body };
        },
        async kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
          await exited;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          await exited;
        },
      };
    }
  });
}
