/**
 * The built qvault server (`node apps/api/dist/main.js`) as a child process, the way an operator
 * runs it: on 127.0.0.1 and a port of its choosing, in a data folder of its own, with a known
 * admin token; talked to with the shared client (`createServerClient`).
 *
 * Environment: the developer's own QVAULT_* variables never reach the server; it gets
 * QVAULT_HOST, QVAULT_PORT=0, QVAULT_DATA_DIR, QVAULT_ADMIN_TOKEN, QVAULT_ADMIN_DIR (a missing
 * folder, unless the admin is served) and QVAULT_SEED=false with a `bank`, then the caller's
 * `env`, which wins.
 *
 * Not guaranteed: a `dataDir` the caller gives is never removed (a temporary one is, by `stop`
 * only); `rss` and `openFiles` read /proc, so they work on Linux only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createServerClient, type ServerClient } from "./client.js";
import { assertBuilt, REPO_ROOT, SERVER_MAIN } from "./paths.js";
import { openFileCount, residentBytes } from "./process-stats.js";

/** The admin token a server gets unless the caller names one. */
export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

/** How long `stop` waits after SIGTERM before it sends SIGKILL. */
const STOP_GRACE_MS = 5_000;

const LISTENING = /qvault is listening on (http:\/\/\S+)/;

export interface ServerProcessOptions {
  /** The server's data folder (QVAULT_DATA_DIR), kept on stop. @default a fresh temporary folder, removed on stop */
  dataDir?: string;
  /** More QVAULT_* variables, e.g. `{ QVAULT_SEED_QUESTIONS: "50" }`; they win over the harness's own. */
  env?: Record<string, string>;
  /** The first admin key (QVAULT_ADMIN_TOKEN). @default TEST_ADMIN_TOKEN */
  adminToken?: string;
  /**
   * A SQLite bank copied in as the server's database before it starts; the server then seeds
   * nothing. It must be closed: a copy of a bank in use misses what its write-ahead log holds.
   */
  bank?: string;
  /**
   * Serves the built admin (apps/admin/dist, which must exist). An `env` QVAULT_ADMIN_DIR does
   * the same with another folder.
   * @default false: QVAULT_ADMIN_DIR names a missing folder, so the server serves no admin
   */
  serveAdmin?: boolean;
  /** Flags for the server's `node`, e.g. `["--cpu-prof", "--cpu-prof-dir=/tmp/p"]`. */
  nodeArgs?: string[];
  /** How long to wait for "qvault is listening". @default 60_000 */
  startTimeoutMs?: number;
}

/** A running server and the client to talk to it. Its methods need no `this`. */
export interface ServerProcess extends ServerClient {
  readonly pid: number;
  /** The server's data folder. */
  readonly dataDir: string;
  /** The bank's database: its SQLite file (QVAULT_DATABASE, in the data folder), or QVAULT_DATABASE_URL. */
  readonly database: string;
  /** Everything the server printed so far, stdout and stderr interleaved. */
  output(): string;
  /** The server's resident memory, in bytes. */
  rss(): number;
  /** How many file descriptors the server has open. */
  openFiles(): number;
  /** SIGKILL, like a power cut, then waits for the process to be gone. Keeps the data folder. */
  kill(): Promise<void>;
  /**
   * Closes the client's WebSockets, stops the server (SIGTERM, then SIGKILL after 5 s), waits
   * for it to be gone, and removes a temporary data folder.
   */
  stop(): Promise<void>;
}

/**
 * Starts the built server and resolves once it listens.
 * @throws when the server is not built, exits before it listens, or does not listen within
 * `startTimeoutMs` (the message holds its output); nothing is left running then
 */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const adminDirGiven = options.env?.QVAULT_ADMIN_DIR !== undefined;
  assertBuilt({ admin: options.serveAdmin === true && !adminDirGiven });
  const adminToken = options.adminToken ?? TEST_ADMIN_TOKEN;
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "qvault-test-server-")));
  const database =
    options.env?.QVAULT_DATABASE_URL ?? resolve(dataDir, options.env?.QVAULT_DATABASE ?? "qvault.sqlite");
  const removeDataDir = () => (temporary ? rm(dataDir, { recursive: true, force: true }) : Promise.resolve());

  let child: ChildProcess;
  try {
    if (options.bank) {
      await mkdir(dirname(database), { recursive: true });
      await copyFile(options.bank, database);
    }
    child = spawn(process.execPath, [...(options.nodeArgs ?? []), SERVER_MAIN], {
      cwd: REPO_ROOT,
      env: {
        // The developer's own QVAULT_* settings must not leak into the test server.
        ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("QVAULT_"))),
        QVAULT_HOST: "127.0.0.1",
        QVAULT_PORT: "0",
        QVAULT_DATA_DIR: dataDir,
        QVAULT_ADMIN_TOKEN: adminToken,
        ...(options.serveAdmin ? {} : { QVAULT_ADMIN_DIR: join(dataDir, "no-admin") }),
        ...(options.bank ? { QVAULT_SEED: "false" } : {}),
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    await removeDataDir();
    throw error;
  }

  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  let running = true;
  const exited = new Promise<void>((resolve) => {
    const gone = () => {
      running = false;
      resolve();
    };
    child.once("exit", gone);
    // A process that could not be spawned emits "error" and never "exit".
    child.once("error", gone);
  });
  const kill = async () => {
    if (running) child.kill("SIGKILL");
    await exited;
  };

  let url: string;
  try {
    url = await listening(child, () => output, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await kill();
    await removeDataDir();
    throw error;
  }

  const client = createServerClient(url, adminToken);
  const pid = child.pid!;
  return {
    ...client,
    pid,
    dataDir,
    database,
    output: () => output,
    rss: () => residentBytes(pid),
    openFiles: () => openFileCount(pid),
    kill,
    async stop() {
      await client.close();
      if (running) {
        child.kill("SIGTERM");
        const killer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
        await exited;
        clearTimeout(killer);
      }
      await removeDataDir();
    },
  };
}

/** Resolves with the URL the server says it listens on; rejects if it exits or times out first. */
function listening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const url = LISTENING.exec(output())?.[1];
      if (url) done(null, url);
    };
    const onExit = (code: number | null, signal: string | null) =>
      done(
        new Error(
          `qvault exited (code ${code}, signal ${signal}) before listening. Its output:\n${output()}`,
        ),
      );
    const onError = (error: Error) =>
      done(new Error(`qvault could not be started: ${error.message}`, { cause: error }));
    const timer = setTimeout(
      () => done(new Error(`qvault did not listen within ${timeoutMs} ms. Its output:\n${output()}`)),
      timeoutMs,
    );
    function done(error: Error | null, url?: string) {
      clearTimeout(timer);
      child.stdout!.off("data", check);
      child.stderr!.off("data", check);
      child.off("exit", onExit);
      child.off("error", onError);
      if (error) reject(error);
      else resolve(url!);
    }
    // Registered after the listeners that append to the output, so each check sees the new chunk.
    child.stdout!.on("data", check);
    child.stderr!.on("data", check);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}
