/**
 * Starts the built qvault product (`node apps/api/dist/main.js`, which also serves the built
 * admin) on a free port with a fresh data folder, the way an operator runs it. It does not
 * build anything: `pnpm build` must have run, and a missing build fails with that advice.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo's root folder. */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface ProductOptions {
  /** The first admin key (QVAULT_ADMIN_TOKEN). @default a fixed 32-character test token */
  adminToken?: string;
  /** Extra QVAULT_* variables, e.g. `{ QVAULT_SEED_QUESTIONS: "50" }`. */
  env?: Record<string, string>;
  /** How long to wait for "qvault is listening". @default 60_000 */
  startTimeoutMs?: number;
}

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } & Record<string, unknown> }[];
}

export interface Product {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  adminToken: string;
  dataDir: string;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string;
  /** POSTs one operation to /graphql with `key` (the admin key by default). */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string,
  ): Promise<GraphQLResult<T>>;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and deletes its data folder. */
  stop(): Promise<void>;
}

const BUILT = [
  { path: "apps/api/dist/main.js", what: "the API" },
  { path: "apps/admin/dist/index.html", what: "the admin" },
];

/** Fails, saying what to run, when the product is not built. */
export function assertBuilt(): void {
  const missing = BUILT.filter((file) => !existsSync(join(REPO_ROOT, file.path)));
  if (missing.length > 0) {
    throw new Error(
      `The browser tests run the built product, but ${missing.map((file) => `${file.what} (${file.path})`).join(" and ")} ` +
        "is missing. Run `pnpm build` at the repository root first.",
    );
  }
}

/** Starts the built product and resolves once it listens. */
export async function startProduct(options: ProductOptions = {}): Promise<Product> {
  assertBuilt();
  const adminToken = options.adminToken ?? "e2e-admin-token-0123456789abcdef";
  const dataDir = await mkdtemp(join(tmpdir(), "qvault-e2e-"));
  // The developer's own QVAULT_* settings must not leak into the test server.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("QVAULT_")));
  const child = spawn(process.execPath, [join(REPO_ROOT, "apps/api/dist/main.js")], {
    cwd: REPO_ROOT,
    env: {
      ...env,
      QVAULT_HOST: "127.0.0.1",
      QVAULT_PORT: "0",
      QVAULT_DATA_DIR: dataDir,
      QVAULT_ADMIN_TOKEN: adminToken,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });

  let url: string;
  try {
    url = await waitForUrl(child, () => output, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stopChild(child);
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    url,
    adminToken,
    dataDir,
    output: () => output,
    async graphql(query, variables = {}, key = adminToken) {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      return response.json() as Promise<never>;
    },
    async stop() {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function waitForUrl(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const listening = /qvault is listening on (http:\/\/\S+)/;
    const done = (error: Error | null, url?: string) => {
      clearTimeout(timer);
      clearInterval(poll);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(url!);
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(
        new Error(
          `qvault exited (code ${code}, signal ${signal}) before listening. Its output:\n${output()}`,
        ),
      );
    const poll = setInterval(() => {
      const match = listening.exec(output());
      if (match) done(null, match[1]!);
    }, 25);
    const timer = setTimeout(
      () => done(new Error(`qvault did not listen within ${timeoutMs} ms. Its output:\n${output()}`)),
      timeoutMs,
    );
    child.on("exit", onExit);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(killer);
}
