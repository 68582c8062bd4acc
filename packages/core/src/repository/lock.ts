/**
 * The writer lock: one writer per repository, across processes and machines.
 *
 * Terms: the lock is the file `locks/writer.lock` (FORMAT.md, "Locks"), created exclusively. Its
 * *holder* is the writer that created it, named by the host name (`os.hostname()`) and process
 * id it records. While held, the lock is *refreshed*: rewritten every `refreshMs` with a new
 * `refreshedAt`, crash-safely (temporary file, fsync, rename; Storage's `replace`).
 *
 * A lock is *stale* when it has not been refreshed for `staleMs`, or when it names this host and
 * a process that is not alive (or this very thread of this process, which does not hold it: a
 * release that failed). A stale lock is removed and taken over; a live one never is: a writer waits for it up
 * to `waitMs`, then fails with LOCKED. Readers take no lock: files are immutable.
 *
 * Not guaranteed: host names are what machines call themselves, so two machines of one name look
 * like one. A holder that stops running (suspended, its machine asleep) for longer than `staleMs`
 * may lose its lock to another writer; it notices at its next refresh, stops refreshing, and
 * {@link HeldLock.assertHeld} then fails, so its session commits nothing beside the new holder.
 */

import { hostname } from "node:os";
import { threadId } from "node:worker_threads";
import { type Codec, toHex, utf8 } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import type { Storage } from "../storage/storage.js";
import { StorageError } from "../storage/storage.js";
import { PATHS } from "./format.js";

/** The lock file's content. */
export interface LockInfo {
  id: string;
  host: string;
  pid: number;
  /** The holder's thread in its process (0: the main thread; the server restores in a worker). */
  thread?: number;
  purpose: string;
  createdAt: string;
  /** When the holder last rewrote the file; absent in locks of writers before refreshing. */
  refreshedAt?: string;
}

export interface LockOptions {
  /** How long to wait for another writer before giving up. @default 60000 */
  waitMs?: number;
  /** Time without a refresh after which a lock is stale. @default 120000 */
  staleMs?: number;
  /** How often the holder rewrites the lock. @default 30000 */
  refreshMs?: number;
  /** Told when a stale lock is removed to take it over: whose it was and why it was stale. */
  onStaleLock?(lock: LockInfo, reason: string): void;
}

/** A lock this process holds. */
export interface HeldLock {
  readonly info: LockInfo;
  /**
   * @throws QvaultError LOCKED when the lock was lost while held (another writer removed it as
   * stale, or `unlock --remove-all` did): what the holder did since must not be committed.
   */
  assertHeld(): void;
  /** Stops refreshing and removes the lock file, if it is still this holder's. */
  release(): Promise<void>;
}

export const LOCK_DEFAULTS = { waitMs: 60_000, staleMs: 120_000, refreshMs: 30_000 } as const;

/** This machine's name, as locks record it. */
export const LOCK_HOST: string = hostname();

/** Ids of the locks this process holds now. */
const held = new Set<string>();

/** True when process `pid` of this machine is running (whoever owns it). */
export function processRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The lock file, or null when there is none; an unreadable one reads as a stale lock. */
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

/** When `lock` was last written by its holder, in ms since the epoch (NaN when unreadable). */
export function lockRefreshedAt(lock: LockInfo): number {
  return Date.parse(lock.refreshedAt ?? lock.createdAt);
}

/**
 * Why `lock` is stale, or null when it is live (see the module's header).
 * @param staleMs @default 120000
 */
export function lockStaleness(
  lock: LockInfo,
  staleMs: number = LOCK_DEFAULTS.staleMs,
  now: number = Date.now(),
): string | null {
  // `held` is this thread's: a lock of another thread of this process (a worker) is judged by its refreshes.
  if (
    lock.host === LOCK_HOST &&
    lock.pid === process.pid &&
    (lock.thread ?? 0) === threadId &&
    !held.has(lock.id)
  )
    return "it names this process, which does not hold it";
  if (lock.host === LOCK_HOST && lock.pid && !processRunning(lock.pid))
    return `process ${lock.pid} is no longer running on this host`;
  const refreshed = lockRefreshedAt(lock);
  if (Number.isNaN(refreshed)) return "it cannot be read";
  if (now - refreshed > staleMs)
    return `it was last refreshed ${Math.round((now - refreshed) / 1000)} s ago (stale after ${Math.round(staleMs / 1000)} s)`;
  return null;
}

/** "backup on host (pid 123)". */
export function describeLock(lock: LockInfo): string {
  return `${lock.purpose} on ${lock.host} (pid ${lock.pid})`;
}

/** Removes the lock `holder` if the file still holds it (a new holder may have come since). */
async function removeIfStill(storage: Storage, holder: LockInfo): Promise<boolean> {
  const again = await readLock(storage);
  if (again?.id !== holder.id) return false;
  await storage.delete(PATHS.lock);
  return true;
}

/**
 * Takes the writer lock, waiting for a live holder, and keeps it refreshed until released.
 * @throws QvaultError LOCKED (with `details.lock`) when a live holder keeps it past `waitMs`.
 */
export async function acquireLock(
  storage: Storage,
  codec: Codec,
  purpose: string,
  options: LockOptions = {},
): Promise<HeldLock> {
  const { waitMs, staleMs, refreshMs } = { ...LOCK_DEFAULTS, ...definedOnly(options) };
  const now = new Date().toISOString();
  const info: LockInfo = {
    id: toHex(codec.randomBytes(8)),
    host: LOCK_HOST,
    pid: process.pid,
    thread: threadId,
    purpose,
    createdAt: now,
    refreshedAt: now,
  };
  const deadline = Date.now() + waitMs;
  let delay = 10;
  for (;;) {
    try {
      await storage.write(PATHS.lock, utf8.encode(JSON.stringify(info)));
      // Held from the moment it is written: another writer of this thread must not take it for
      // one this thread left behind while it is read back.
      held.add(info.id);
      // On object stores that ignore conditional writes, a writer racing this one may have
      // written over it: the lock is this writer's unless it reads back as another's (one
      // removed meanwhile is noticed at the first refresh, as a lock lost while held).
      const back = await readLock(storage).catch((error) => {
        // Not held after all: left behind, the file reads as this thread's leftover, stale.
        held.delete(info.id);
        throw error;
      });
      if (!back || back.id === info.id) return holdLock(storage, info, refreshMs);
      held.delete(info.id);
    } catch (error) {
      if (!(error instanceof StorageError && error.code === "EEXIST")) throw error;
    }
    const holder = await readLock(storage);
    const stale = holder && lockStaleness(holder, staleMs);
    if (holder && stale) {
      if (await removeIfStill(storage, holder)) options.onStaleLock?.(holder, stale);
      continue;
    }
    if (Date.now() > deadline)
      throw new QvaultError(
        "LOCKED",
        `The repository is locked by ${holder ? describeLock(holder) : "another writer"}`,
        { details: { lock: holder } },
      );
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 250);
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Refreshes `info`'s file every `refreshMs` until released or lost. */
function holdLock(storage: Storage, info: LockInfo, refreshMs: number): HeldLock {
  let lost: string | null = null;
  let refreshing: Promise<void> = Promise.resolve();
  const refresh = async () => {
    const current = await readLock(storage);
    // Never write over another writer's lock, nor bring back one removed as stale.
    if (current?.id !== info.id) {
      lost = current ? `it was taken over by ${describeLock(current)}` : "it was removed";
      clearInterval(timer);
      return;
    }
    info.refreshedAt = new Date().toISOString();
    await storage.replace(PATHS.lock, utf8.encode(JSON.stringify(info)));
  };
  const timer = setInterval(() => {
    // A refresh that fails (a full disk for a moment) is tried again at the next tick; the lock
    // goes stale only when refreshes keep failing for `staleMs`.
    refreshing = refreshing.then(refresh).catch(() => {});
  }, refreshMs);
  // The timer must not keep a process alive whose work is done.
  timer.unref?.();
  return {
    info,
    assertHeld() {
      if (lost)
        throw new QvaultError(
          "LOCKED",
          `The repository's writer lock was lost while ${info.purpose} held it (${lost}); nothing more was committed`,
        );
    },
    async release() {
      clearInterval(timer);
      await refreshing;
      held.delete(info.id);
      await removeIfStill(storage, info);
    },
  };
}

/** What {@link unlock} found and did. */
export interface UnlockResult {
  /** The lock found, or null when there was none. */
  lock: LockInfo | null;
  /** Why it is stale, or null when it is live (or there is none). */
  stale: string | null;
  removed: boolean;
}

/**
 * Removes the writer lock when it is stale, like restic's `unlock`; with `removeAll`, whatever
 * its state (its holder, if alive, then fails at its next refresh and commits nothing more).
 */
export async function unlock(
  storage: Storage,
  options: { removeAll?: boolean; staleMs?: number } = {},
): Promise<UnlockResult> {
  const lock = await readLock(storage);
  if (!lock) return { lock: null, stale: null, removed: false };
  const stale = lockStaleness(lock, options.staleMs);
  const removed = stale || options.removeAll ? await removeIfStill(storage, lock) : false;
  return { lock, stale, removed };
}
