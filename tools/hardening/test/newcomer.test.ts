/**
 * The README's path for a newcomer, run as written in a fresh copy of the checkout (the files git
 * would clone, committed or not): `pnpm install`, `pnpm start` (the demo bank in ./data at the
 * root), the command line from the root finding that data without flags, `--version`, the seed
 * command in both of its forms, and the core package's example.
 *
 * The install reuses this machine's pnpm store (`--offline`), so it costs links, not downloads.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = new URL("../../..", import.meta.url).pathname;

function pnpm(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync("pnpm", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, CI: "true", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 300_000,
  });
}

/** The files a clone of the checkout holds, copied into a new folder. */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), "qvault-newcomer-"));
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z"], {
    cwd: ROOT,
    encoding: "utf8",
  })
    .split("\0")
    .filter((file) => file && existsSync(join(ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(ROOT, file), join(dir, file));
  }
  return dir;
}

/** Runs `pnpm start` until the server says it listens; returns the process and its URL. */
function start(cwd: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn("pnpm", ["start"], {
    cwd,
    env: { ...process.env, QVAULT_PORT: "0", QVAULT_AUTO_BACKUP: "false" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm start did not listen:\n${output}`)), 240_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", read);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`pnpm start exited with ${code}:\n${output}`));
    });
  });
}

describe("a newcomer following the README in a fresh checkout", () => {
  let dir: string;

  beforeAll(() => {
    dir = freshCopy();
    pnpm(dir, ["install", "--offline", "--frozen-lockfile"]);
  }, 600_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("pnpm start keeps the demo bank in ./data at the root, and the command line finds it from the root", async () => {
    const server = await start(dir);
    try {
      // The server prints where its database is just after it says it listens, maybe a moment later.
      await expect.poll(() => server.output()).toContain(`database: ${join(dir, "data", "qvault.sqlite")}`);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      process.kill(-server.child.pid!, "SIGTERM");
      await new Promise((resolve) => server.child.once("exit", resolve));
    }
    expect(existsSync(join(dir, "data", "qvault.sqlite"))).toBe(true);
    expect(existsSync(join(dir, "apps", "api", "data"))).toBe(false);

    const backup = JSON.parse(pnpm(dir, ["-s", "qvault", "backup", "--json"]).trim().split("\n").at(-1)!);
    expect(backup).toMatchObject({ message_type: "summary", command: "backup", questionCount: 240 });
    const listed = pnpm(dir, ["-s", "qvault", "snapshots", "--json"]);
    expect(listed).toContain(backup.snapshotId);
  }, 600_000);

  it("qvault --version prints the version", () => {
    const version = JSON.parse(readFileSync(join(dir, "apps/cli/package.json"), "utf8")).version;
    expect(pnpm(dir, ["-s", "qvault", "--version"]).trim()).toBe(version);
  });

  it("the seed command runs as written, from the root and through the package", () => {
    expect(pnpm(dir, ["seed", "--database", "data/big.sqlite", "--questions", "300"])).toMatch(
      /seeded 300 questions/,
    );
    expect(existsSync(join(dir, "data", "big.sqlite"))).toBe(true);
    expect(
      pnpm(dir, [
        "--filter",
        "@qvault/question-bank",
        "seed",
        "--",
        "--database",
        "data/small.sqlite",
        "--questions",
        "20",
      ]),
    ).toMatch(/seeded 20 questions/);
    expect(existsSync(join(dir, "data", "small.sqlite"))).toBe(true);
  });

  it("the core package's example runs as its README says", () => {
    expect(pnpm(dir, ["--filter", "@qvault/core", "example"])).toMatch(/check: no problems/);
  });
});
