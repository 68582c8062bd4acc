/**
 * Starts the built qvault server (`node apps/api/dist/main.js`) on a free port with a fresh data
 * folder and the demo bank, the way an operator runs it, for the command line's --server tests.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { API, cleanEnv, REPO_ROOT } from "./run-cli.js";

export const ADMIN_KEY = "cli-test-admin-key-0123456789abcdef";

export interface RunningServer {
  url: string;
  dataDir: string;
  database: string;
  stop(): Promise<void>;
}

export async function startServer(questions = 40): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "qvault-cli-server-"));
  const child = spawn(process.execPath, [API], {
    cwd: REPO_ROOT,
    env: cleanEnv({
      QVAULT_HOST: "127.0.0.1",
      QVAULT_PORT: "0",
      QVAULT_DATA_DIR: dataDir,
      QVAULT_ADMIN_TOKEN: ADMIN_KEY,
      QVAULT_SEED_QUESTIONS: String(questions),
      QVAULT_AUTO_BACKUP: "false",
      QVAULT_AUTO_PRUNE: "false",
      QVAULT_ADMIN_DIR: join(dataDir, "no-admin"),
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /listening on (http:\/\/\S+)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    database: join(dataDir, "qvault.sqlite"),
    async stop() {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
