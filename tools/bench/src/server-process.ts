/**
 * A real qvault server for the benchmarks: `node apps/api/dist/main.js` on a copy of a bank, in a
 * fresh data folder, with an admin key; its process id, so that its memory and open files can be
 * read from /proc; and a small GraphQL client.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const TOKEN = "bench-admin-token-0123456789";

export interface QvaultProcess {
  url: string;
  pid: number;
  dataDir: string;
  /** POSTs one operation with the admin key; throws on GraphQL errors. */
  gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Polls a job until it is final; throws unless it SUCCEEDED. */
  waitForJob(id: string): Promise<void>;
  /** Resident memory of the server process, in bytes (VmRSS). */
  rss(): number;
  /** Open file descriptors of the server process. */
  openFiles(): number;
  stop(): Promise<void>;
}

export async function startQvault(bank: string, env: Record<string, string> = {}): Promise<QvaultProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "qvault-bench-"));
  copyFileSync(bank, join(dataDir, "qvault.sqlite"));
  const main = join(here, "..", "..", "..", "apps", "api", "dist", "main.js");
  // BENCH_SERVER_NODE_ARGS: extra flags for the server's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...process.env,
      QVAULT_DATA_DIR: dataDir,
      QVAULT_PORT: "0",
      QVAULT_ADMIN_TOKEN: TOKEN,
      QVAULT_SEED: "false",
      QVAULT_AUTO_PRUNE: "false",
      ...env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on("exit", (code) => reject(new Error(`server exited ${code}: ${out}`)));
  });
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  return {
    url,
    pid: child.pid!,
    dataDir,
    gql,
    async waitForJob(id) {
      for (;;) {
        const { job } = await gql("query($id: ID!) { job(id: $id) { status error { code message } } }", {
          id,
        });
        if (job.status === "SUCCEEDED") return;
        if (!["QUEUED", "RUNNING"].includes(job.status))
          throw new Error(`job ${id} ended ${JSON.stringify(job)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) * 1024;
    },
    openFiles() {
      return readdirSync(`/proc/${child.pid}/fd`).length;
    },
    async stop() {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
