/**
 * Signals between the processes that share one bank's database: messages on named channels, and
 * locks that one process at a time holds. On PostgreSQL, messages are NOTIFY on one connection
 * kept listening (pg-listen, which reconnects after a lost connection and listens again), and
 * locks are session advisory locks, each on a connection of its own: a process that dies lets go
 * of its locks when its connections close. SQLite's bank is served by one process, so there a
 * message reaches no one and a lock is taken within the process.
 *
 * Invariants: a process never hears its own messages. A message is delivered to processes
 * listening when it is sent, at most once, and only after the transaction sending it commits.
 *
 * Not guaranteed: delivery. A message sent while a listener's connection is lost is not heard by
 * it; {@link BankSignals.onResync} tells when that may have happened, and listeners read the state
 * again from the database.
 */
import { createHash } from "node:crypto";
import { readlinkSync } from "node:fs";
import { hostname } from "node:os";
import { QvaultError } from "@qvault/core";
import pg from "pg";
import pgListen, { type Subscriber } from "pg-listen";

/** The largest message carried, serialized (PostgreSQL's NOTIFY takes under 8,000 bytes). */
export const SIGNAL_MAX_BYTES = 7_900;
/** How often a process waiting for a lock held elsewhere tries again. */
const LOCK_POLL_MS = 100;

/** A lock held: let go of it with `release`; `held()` turns false when the lock was lost with its connection. */
export interface HeldLock {
  held(): boolean;
  release(): Promise<void>;
}

export interface BankSignals {
  /** Sends `message` (JSON) on `channel` to the other processes; false when it is too large to send. */
  send(channel: string, message: unknown): Promise<boolean>;
  /** Calls `listener` with every message another process sends on `channel`; returns what stops it. */
  on(channel: string, listener: (message: unknown) => void): () => void;
  /** Calls `listener` once a lost connection is back, when messages may have been missed. */
  onResync(listener: () => void): () => void;
  /**
   * Takes lock `key`, waiting while another process (or this one) holds it.
   * @throws CANCELLED when `signal` aborts first
   */
  hold(key: number, signal?: AbortSignal): Promise<HeldLock>;
  /** Takes lock `key` when free; null at once when it is held. */
  tryHold(key: number): Promise<HeldLock | null>;
  close(): Promise<void>;
}

/**
 * This machine's name as instances compare it: the host's name, and on Linux the process-id
 * namespace, so that containers sharing a host name (host networking) are told apart.
 */
export function machineName(): string {
  let namespace = "";
  try {
    namespace = readlinkSync("/proc/self/ns/pid");
  } catch {
    // Not Linux: the host's name alone.
  }
  return namespace ? `${hostname()} ${namespace}` : hostname();
}

/**
 * The `application_name` of this process's sessions: whoever finds the process gone can end
 * them (and so let go of its locks and roll back its transactions) before PostgreSQL notices.
 */
export function sessionName(machine = machineName(), pid = process.pid): string {
  return `qvault ${createHash("sha256").update(machine).digest("hex").slice(0, 16)} ${pid}`;
}

const cancelled = () => new QvaultError("CANCELLED", "Cancelled while waiting for its turn");

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** Locks within this process, for a database no other process serves. */
function localLocks(): Pick<BankSignals, "hold" | "tryHold"> {
  const holders = new Map<number, Promise<void>>();
  const take = (key: number): HeldLock => {
    let let_go = () => {};
    holders.set(
      key,
      new Promise<void>((resolve) => {
        let_go = resolve;
      }),
    );
    let held = true;
    return {
      held: () => held,
      async release() {
        if (!held) return;
        held = false;
        holders.delete(key);
        let_go();
      },
    };
  };
  return {
    async hold(key, signal) {
      for (;;) {
        if (signal?.aborted) throw cancelled();
        const current = holders.get(key);
        if (!current) return take(key);
        await new Promise<void>((resolve, reject) => {
          const abort = () => reject(cancelled());
          signal?.addEventListener("abort", abort, { once: true });
          void current.then(() => {
            signal?.removeEventListener("abort", abort);
            resolve();
          });
        });
      }
    },
    async tryHold(key) {
      return holders.has(key) ? null : take(key);
    },
  };
}

/** Signals for a database only this process serves (SQLite's). */
export function localSignals(): BankSignals {
  return {
    send: async () => true,
    on: () => () => {},
    onResync: () => () => {},
    ...localLocks(),
    close: async () => {},
  };
}

/**
 * Signals through PostgreSQL at `url`. `onJournal` is called whenever any process commits a write
 * to the change journal (migration 0009's `qvault_journal`), and after a reconnection.
 */
export async function postgresSignals(
  url: string,
  journalChannel: string,
  onJournal: () => void,
): Promise<BankSignals> {
  const application_name = sessionName();
  const self = `${process.pid}-${Math.random().toString(36).slice(2)}`;
  // A CommonJS module: its function is the default export's `default`.
  const subscriber: Subscriber = pgListen.default(
    { connectionString: url, application_name },
    {
      // Tries again for ever, up to every 5 s: the database may be restarted under a running server.
      retryTimeout: 0,
      retryInterval: (attempt) => Math.min(5_000, 250 * 2 ** attempt),
      paranoidChecking: 10_000,
    },
  );
  const listeners = new Map<string, Set<(message: unknown) => void>>();
  const resyncs = new Set<() => void>();
  let connections = 0;
  subscriber.events.on("connected", () => {
    if (++connections > 1) {
      onJournal();
      for (const resync of resyncs) resync();
    }
  });
  // A lost connection is reported here, then reconnected; nothing to do meanwhile.
  subscriber.events.on("error", () => {});
  subscriber.events.on("notification", ({ channel, payload }) => {
    if (channel === journalChannel) return onJournal();
    const { from, message } = (payload ?? {}) as { from?: string; message?: unknown };
    if (from === self) return;
    for (const listener of listeners.get(channel) ?? []) listener(message);
  });
  try {
    await subscriber.connect();
    await subscriber.listenTo(journalChannel);
  } catch (error) {
    // Its reconnecting and checking must not outlive a failed start.
    await subscriber.close().catch(() => {});
    throw error;
  }
  // One statement at a time on the listening connection (pg runs a client's queries in turn, and
  // warns when asked for a second while one runs).
  let turn: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work);
    turn = run.catch(() => undefined);
    return run;
  };
  const channelOf = (name: string) => `qvault_${name}`;
  const locks = new Set<pg.Client>();

  const tryOn = async (client: pg.Client, key: number): Promise<HeldLock | null> => {
    const { rows } = await client.query("SELECT pg_try_advisory_lock($1) AS locked", [key]);
    if (!rows[0]?.locked) return null;
    let held = true;
    const lost = () => {
      held = false;
    };
    client.on("error", lost);
    client.on("end", lost);
    return {
      held: () => held,
      async release() {
        if (!locks.delete(client)) return;
        held = false;
        // Closing the connection lets go of the lock too.
        await client.end().catch(() => {});
      },
    };
  };
  const connected = async () => {
    const client = new pg.Client({ connectionString: url, keepAlive: true, application_name });
    // Errors after a lock is taken are seen by `held()`; none may go unhandled.
    client.on("error", () => {});
    await client.connect();
    locks.add(client);
    return client;
  };
  const giveUp = async (client: pg.Client) => {
    locks.delete(client);
    await client.end().catch(() => {});
  };

  return {
    async send(channel, message) {
      const payload = JSON.stringify({ from: self, message });
      if (Buffer.byteLength(payload) > SIGNAL_MAX_BYTES) return false;
      await inTurn(() => subscriber.notify(channelOf(channel), { from: self, message }));
      return true;
    },
    on(channel, listener) {
      const name = channelOf(channel);
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
        void inTurn(async () => subscriber.listenTo(name)).catch(() => {});
      }
      set.add(listener);
      return () => set.delete(listener);
    },
    onResync(listener) {
      resyncs.add(listener);
      return () => resyncs.delete(listener);
    },
    async hold(key, signal) {
      const client = await connected();
      try {
        for (;;) {
          if (signal?.aborted) throw cancelled();
          const held = await tryOn(client, key);
          if (held) return held;
          await wait(LOCK_POLL_MS, signal);
        }
      } catch (error) {
        await giveUp(client);
        throw error;
      }
    },
    async tryHold(key) {
      const client = await connected();
      try {
        const held = await tryOn(client, key);
        if (!held) await giveUp(client);
        return held;
      } catch (error) {
        await giveUp(client);
        throw error;
      }
    },
    async close() {
      await Promise.all([...locks].map(giveUp));
      await subscriber.close();
    },
  };
}
