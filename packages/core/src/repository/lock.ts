/**
 * The writer lock: one writer per repository, across processes and machines. It is the file
 * `locks/writer.lock`, created exclusively; readers take no lock since files are immutable.
 * A lock is stale when its process is gone (same host) or it is older than `staleMs`; a stale
 * lock is removed and taken over.
 */

import { type Codec, toHex, utf8 } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import type { Storage } from "../storage/storage.js";
import { StorageError } from "../storage/storage.js";
import { PATHS } from "./format.js";

export interface LockInfo {
  id: string;
  host: string;
  pid: number;
  purpose: string;
  createdAt: string;
}

export interface LockOptions {
  /** How long to wait for another writer before giving up. @default 60000 */
  waitMs?: number;
  /** Age after which a lock from another host is stale. @default 3600000 */
  staleMs?: number;
}

const proc = (globalThis as { process?: { pid: number; kill(pid: number, signal: number): void } }).process;

function hostName(): string {
  return (globalThis as { process?: { env?: Record<string, string> } }).process?.env?.HOSTNAME ?? "localhost";
}

function alive(pid: number): boolean {
  try {
    proc?.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}

/** Ids of the locks this process holds now. */
const held = new Set<string>();

export async function readLock(storage: Storage): Promise<LockInfo | null> {
  try {
    return JSON.parse(utf8.decode(await storage.read(PATHS.lock))) as LockInfo;
  } catch (error) {
    if (error instanceof StorageError && error.code === "ENOENT") return null;
    if (error instanceof SyntaxError)
      return { id: "unreadable", host: "?", pid: 0, purpose: "?", createdAt: new Date(0).toISOString() };
    throw error;
  }
}

export function isStale(lock: LockInfo, staleMs: number): boolean {
  if (lock.host === hostName() && lock.pid && !alive(lock.pid)) return true;
  // Ours by pid, yet held by no writer of this process: left behind by a release that failed.
  if (lock.host === hostName() && lock.pid === proc?.pid && !held.has(lock.id)) return true;
  return Date.now() - Date.parse(lock.createdAt) > staleMs || Number.isNaN(Date.parse(lock.createdAt));
}

/** Takes the writer lock, waiting for a live holder; returns the function that releases it. */
export async function acquireLock(
  storage: Storage,
  codec: Codec,
  purpose: string,
  options: LockOptions = {},
): Promise<() => Promise<void>> {
  const waitMs = options.waitMs ?? 60_000;
  const staleMs = options.staleMs ?? 3_600_000;
  const info: LockInfo = {
    id: toHex(codec.randomBytes(8)),
    host: hostName(),
    pid: proc?.pid ?? 0,
    purpose,
    createdAt: new Date().toISOString(),
  };
  const deadline = Date.now() + waitMs;
  let delay = 10;
  for (;;) {
    try {
      await storage.write(PATHS.lock, utf8.encode(JSON.stringify(info)));
      held.add(info.id);
      return async () => {
        held.delete(info.id);
        const current = await readLock(storage);
        if (current?.id === info.id) await storage.delete(PATHS.lock);
      };
    } catch (error) {
      if (!(error instanceof StorageError && error.code === "EEXIST")) throw error;
    }
    const holder = await readLock(storage);
    if (holder && isStale(holder, staleMs)) {
      const again = await readLock(storage);
      if (again?.id === holder.id) await storage.delete(PATHS.lock);
      continue;
    }
    if (Date.now() > deadline)
      throw new QvaultError(
        "LOCKED",
        `The repository is locked by ${holder?.purpose ?? "another writer"} (${holder?.host}:${holder?.pid})`,
        {
          details: { lock: holder },
        },
      );
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 250);
  }
}
