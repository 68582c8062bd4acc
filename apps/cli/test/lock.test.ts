/**
 * The repository's writer lock across real processes: a lock left by a writer on another host,
 * not refreshed for long, is reported and removed (`unlock`, or taken over by the next writer);
 * a live lock, held and refreshed by another process, is never taken over: a second writer with
 * --retry-lock 0 ends with 11 (LOCKED), `unlock` keeps it, `unlock --remove-all` removes it; once
 * its process is killed, the lock names this host and a dead pid and is stale at once.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seededDataDir, type TestData } from "./helpers/bank.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";

let data: TestData;
const qvault = (...args: string[]) => runCli(["--data-dir", data.dir, ...args]);
const lockFile = () => join(data.repository, "locks", "writer.lock");
const readLockFile = () => JSON.parse(readFileSync(lockFile(), "utf8"));
const CLI_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Writes a lock as a writer on `host` would have left it, last refreshed `ageMs` ago. */
function leaveLock(host: string, pid: number, ageMs: number) {
  const at = new Date(Date.now() - ageMs).toISOString();
  mkdirSync(join(data.repository, "locks"), { recursive: true });
  writeFileSync(
    lockFile(),
    JSON.stringify({ id: "0123456789abcdef", host, pid, purpose: "backup", createdAt: at, refreshedAt: at }),
  );
}

/** A process of its own that holds the writer lock (refreshing it every 200 ms) until killed. */
function holdLock(): Promise<ChildProcess> {
  const script = `
    import { createLocalStorage, nodeCodec, Repository } from "@qvault/core";
    const repository = await Repository.open({
      storage: createLocalStorage(${JSON.stringify(data.repository)}), codec: nodeCodec, lock: { refreshMs: 200 },
    });
    // The lock's refresh timer does not keep a process alive: this one does, until the test kills it.
    setInterval(() => {}, 60_000);
    await repository.write("a long backup", () => { console.log("holding"); return new Promise(() => {}); });`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    cwd: CLI_DIR,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`the lock holder ended early (${code})`)));
  });
}

let holder: ChildProcess | null = null;
afterEach(() => {
  holder?.kill("SIGKILL");
  holder = null;
});
beforeAll(async () => {
  assertBuilt();
  data = seededDataDir(12);
  expect((await qvault("init")).code).toBe(0);
});
afterAll(() => data?.remove());

describe("the writer lock", () => {
  it("a stale lock of another host is reported and removed by unlock, saying whose it was", async () => {
    expect((await qvault("unlock", "--json")).summary).toMatchObject({ removed: false, lock: null });
    leaveLock("build-server-7", 4242, 10 * 60_000);
    const unlocked = await qvault("unlock");
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toMatch(
      /removed the stale lock of backup on build-server-7 \(pid 4242\).*last refreshed \d+ s ago/,
    );
    expect(() => readFileSync(lockFile())).toThrow();

    // A writer meeting one takes it over and says so.
    leaveLock("build-server-7", 4242, 10 * 60_000);
    const backup = await qvault("backup", "--json");
    expect(backup.code).toBe(0);
    expect(backup.lines.find((l) => l.message_type === "warning")!.message).toMatch(
      /removed the stale lock of backup on build-server-7 \(pid 4242\)/,
    );
  });

  it("a lock of another host refreshed recently is live: kept by unlock, removed by unlock --remove-all", async () => {
    leaveLock("build-server-7", 4242, 5_000);
    expect((await qvault("backup", "--json")).code).toBe(11);
    const kept = await qvault("unlock", "--json");
    expect(kept.code).toBe(11);
    expect(kept.error).toMatchObject({ code: "LOCKED", exitCode: 11 });
    expect(readLockFile().host).toBe("build-server-7");
    const removed = await qvault("unlock", "--remove-all", "--json");
    expect(removed.summary).toMatchObject({ removed: true, stale: false, lock: { host: "build-server-7" } });
  });

  it("a live lock held by another process is never taken over; once that process is gone it is stale", async () => {
    holder = await holdLock();
    const held = readLockFile();
    expect(held).toMatchObject({ host: hostname(), pid: holder.pid, purpose: "a long backup" });
    const waited = await qvault("backup", "--retry-lock", "0", "--json");
    expect(waited.code).toBe(11);
    expect(waited.error).toMatchObject({ code: "LOCKED" });
    expect(waited.error!.message).toContain(`a long backup on ${hostname()} (pid ${holder.pid})`);
    expect((await qvault("unlock")).code).toBe(11);
    // Still the holder's, and refreshed meanwhile.
    const later = readLockFile();
    expect(later.id).toBe(held.id);
    expect(Date.parse(later.refreshedAt)).toBeGreaterThan(Date.parse(held.refreshedAt));

    const pid = holder.pid;
    holder.kill("SIGKILL");
    await new Promise((resolve) => holder!.once("exit", resolve));
    holder = null;
    const unlocked = await qvault("unlock");
    expect(unlocked.code).toBe(0);
    expect(unlocked.stdout).toContain(`process ${pid} is no longer running on this host`);
    expect((await qvault("backup", "--retry-lock", "0", "--json")).code).toBe(0);
  });
});
