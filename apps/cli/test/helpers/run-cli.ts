/**
 * Runs the built `qvault` command (`node apps/cli/dist/main.js`) as a subprocess, the way a user
 * or a script does, and reads what it printed. It builds nothing: a missing build fails with the
 * command to run.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
export const CLI = `${REPO_ROOT}apps/cli/dist/main.js`;
export const API = `${REPO_ROOT}apps/api/dist/main.js`;
export const SEED = `${REPO_ROOT}packages/question-bank/dist/demo/seed-cli.js`;

export interface CliResult {
  code: number;
  stdout: string;
  /** stdout as bytes (for `qvault export <snapshot> -`). */
  stdoutBytes: Buffer;
  stderr: string;
  /** stdout's lines parsed as JSON (for --json runs). */
  lines: Record<string, any>[];
  /** The `summary` line of a --json run. */
  summary: Record<string, any> | undefined;
  /** The `error` line a --json run printed on stderr. */
  error: Record<string, any> | undefined;
}

/** Fails, saying what to run, when the command line or the server is not built. */
export function assertBuilt(): void {
  const missing = [CLI, API, SEED].filter((path) => !existsSync(path));
  if (missing.length)
    throw new Error(
      `The command line tests run the built programs, but ${missing.join(", ")} is missing. Run ` +
        "`pnpm --filter @qvault/cli... run build` (or `pnpm build`) at the repository root first.",
    );
}

/** The environment without the developer's own QVAULT_* settings, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("QVAULT_")));
  return { ...env, ...extra };
}

function parseLines(text: string): Record<string, any>[] {
  return text
    .split("\n")
    .filter((line) => line.trim().startsWith("{"))
    .map((line) => JSON.parse(line));
}

/**
 * The PostgreSQL database of each data folder whose bank lives there (the suites on PostgreSQL):
 * a command given `--data-dir` of such a folder runs with QVAULT_DATABASE_URL naming it, as an
 * operator's environment would.
 */
const databaseOfDataDir = new Map<string, string>();

export function bankOfDataDir(dataDir: string, url: string): void {
  databaseOfDataDir.set(dataDir, url);
}

function databaseEnv(args: string[]): Record<string, string> {
  const at = args.indexOf("--data-dir");
  const url = at >= 0 ? databaseOfDataDir.get(args[at + 1] ?? "") : undefined;
  return url ? { QVAULT_DATABASE_URL: url } : {};
}

/**
 * Runs `qvault ...args` in `cwd` with `env` (QVAULT_* taken from `env` only, and the database of
 * a `--data-dir` whose bank is in PostgreSQL) and `input` on stdin.
 */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string | Uint8Array } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: cleanEnv({ ...databaseEnv(args), ...options.env }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // A command that fails before it reads stdin closes it early; that is its exit code's to tell.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
    child.on("error", reject);
    child.on("close", (code) => {
      const stdoutBytes = Buffer.concat(out);
      const stdout = stdoutBytes.toString();
      const json = args.includes("--json");
      const lines = json ? parseLines(stdout) : [];
      resolve({
        code: code ?? -1,
        stdout,
        stdoutBytes,
        stderr,
        lines,
        summary: lines.find((line) => line.message_type === "summary"),
        error: json ? parseLines(stderr).find((line) => line.message_type === "error") : undefined,
      });
    });
  });
}
