import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { nodeCodec } from "../codec/node-codec.js";
import { createLocalStorage } from "../storage/local-storage.js";
import { acquireLock, type LockInfo, lockStaleness, readLock, unlock } from "./lock.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function storage() {
  const dir = mkdtempSync(join(tmpdir(), "qvault-lock-"));
  dirs.push(dir);
  return createLocalStorage(dir);
}
const encode = (lock: LockInfo) => new TextEncoder().encode(JSON.stringify(lock));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

describe("the writer lock", () => {
  it("records this host's name and pid, and is refreshed while held", async () => {
    const store = storage();
    const lock = await acquireLock(store, nodeCodec, "test", { refreshMs: 40 });
    const first = (await readLock(store))!;
    expect(first).toMatchObject({ host: hostname(), pid: process.pid, purpose: "test" });
    await sleep(200);
    const later = (await readLock(store))!;
    expect(later.id).toBe(first.id);
    expect(later.createdAt).toBe(first.createdAt);
    expect(Date.parse(later.refreshedAt!)).toBeGreaterThan(Date.parse(first.refreshedAt!));
    // Refreshes replace the file whole: no temporary file is left beside it.
    expect(await store.list("locks")).toEqual(["locks/writer.lock"]);
    await lock.release();
    expect(await readLock(store)).toBeNull();
  });

  it("is never taken over while refreshed, however old it is", async () => {
    const store = storage();
    const holder = await acquireLock(store, nodeCodec, "long backup", { refreshMs: 30, staleMs: 150 });
    await sleep(400);
    await expect(acquireLock(store, nodeCodec, "second", { waitMs: 0, staleMs: 150 })).rejects.toMatchObject({
      code: "LOCKED",
      details: { lock: { purpose: "long backup" } },
    });
    holder.assertHeld();
    await holder.release();
  });

  it("is stale when not refreshed for staleMs, or when its process is gone from this host", () => {
    const lock: LockInfo = { id: "x", host: "elsewhere", pid: 1, purpose: "p", createdAt: ago(600_000) };
    expect(lockStaleness({ ...lock, refreshedAt: ago(1_000) })).toBeNull();
    expect(lockStaleness({ ...lock, refreshedAt: ago(180_000) })).toMatch(/last refreshed 180 s ago/);
    // A lock of an earlier writer has no refreshedAt: its createdAt counts.
    expect(lockStaleness(lock)).toMatch(/last refreshed/);
    const gone = { ...lock, host: hostname(), pid: 2 ** 22 - 3, refreshedAt: ago(0) };
    expect(lockStaleness(gone)).toMatch(/no longer running/);
    // This thread of this process, but not holding it: left by a release that failed.
    expect(lockStaleness({ ...gone, pid: process.pid, thread: threadId })).toMatch(/this process/);
    // Another thread of this process (the server's restore worker) holds its own: live while refreshed.
    expect(lockStaleness({ ...gone, pid: process.pid, thread: threadId + 1 })).toBeNull();
  });

  it("tells who it took a stale lock from", async () => {
    const store = storage();
    const old: LockInfo = { id: "x", host: "elsewhere", pid: 7, purpose: "crashed", createdAt: ago(600_000) };
    await store.write("locks/writer.lock", encode(old));
    const told: [LockInfo, string][] = [];
    const lock = await acquireLock(store, nodeCodec, "next", {
      onStaleLock: (l, why) => told.push([l, why]),
    });
    expect(told).toEqual([[old, expect.stringMatching(/600 s ago/)]]);
    await lock.release();
  });

  it("a holder whose lock was removed stops refreshing it, and cannot commit", async () => {
    const store = storage();
    const lock = await acquireLock(store, nodeCodec, "test", { refreshMs: 30 });
    await store.delete("locks/writer.lock");
    await sleep(120);
    expect(await readLock(store)).toBeNull();
    expect(() => lock.assertHeld()).toThrow(expect.objectContaining({ code: "LOCKED" }));
    await lock.release();
  });

  it("unlock removes a stale lock only, and any with removeAll", async () => {
    const store = storage();
    expect(await unlock(store)).toEqual({ lock: null, stale: null, removed: false });
    const live = await acquireLock(store, nodeCodec, "live");
    expect(await unlock(store)).toMatchObject({ stale: null, removed: false, lock: { purpose: "live" } });
    expect(await readLock(store)).not.toBeNull();
    expect(await unlock(store, { removeAll: true })).toMatchObject({ removed: true });
    expect(() => live.assertHeld()).not.toThrow(); // noticed at its next refresh
    await live.release();
    const old: LockInfo = { id: "y", host: "elsewhere", pid: 7, purpose: "crashed", createdAt: ago(600_000) };
    await store.write("locks/writer.lock", encode(old));
    expect(await unlock(store)).toMatchObject({ lock: old, removed: true, stale: expect.any(String) });
    expect(await readLock(store)).toBeNull();
  });
});
