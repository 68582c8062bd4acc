/**
 * The server instances that share one bank (and its repository): each beats a heartbeat into the
 * `instance` table, marks INTERRUPTED the jobs of instances that stopped beating, and one of them,
 * the leader, takes the automatic and scheduled backups.
 *
 * Terms: an instance is *gone* when its heartbeat is older than `timeoutMs` by the database's
 * clock, or when it names this machine and a process that is not running (a server restarted
 * after a crash finds its former self gone at once). A machine is its host name and, on Linux,
 * its process-id namespace (containers sharing a host name are different machines). The
 * sessions of a gone instance's process are ended (PostgreSQL), so its locks are free at once. The *leader* holds a lock of the database
 * (./signals.ts); when it dies, its connection closes, the lock is free, and another instance
 * takes it at its next beat.
 *
 * Invariants: every QUEUED or RUNNING job names an instance alive, or is marked INTERRUPTED
 * within `timeoutMs` and one beat: an instance's row is in the table before its first job, and a
 * gone instance's row is deleted before its jobs are marked. At most one instance leads at a time.
 *
 * Not guaranteed: a leader whose connection to the database is lost leads on until its next beat
 * sees the lock gone.
 */
import { type JobState, processRunning } from "@qvault/core";
import type { BankDatabase } from "../data-source.js";
import { type HeldLock, machineName, sessionName } from "../signals.js";
import type { PersistedJobs } from "./job-store.js";

/** The lock the leading instance holds. */
const LEADER_LOCK = 0x71766c;
/** @default how long an instance may go without a heartbeat before it counts as gone */
export const INSTANCE_TIMEOUT_MS = 15_000;

export interface InstanceInfo {
  id: string;
  host: string;
  pid: number;
  startedAt: Date;
  /** When it last beat, by the database's clock. */
  heartbeatAt: Date;
}

export interface Instance {
  readonly id: string;
  /** True while this instance leads: it alone takes automatic and scheduled backups. */
  leads(): boolean;
  /** Calls `listener` whenever this instance starts or stops leading; returns what stops it. */
  onLeadChange(listener: (leads: boolean) => void): () => void;
  /** The instances alive now, this one included, oldest first. */
  alive(): Promise<InstanceInfo[]>;
  /** Stops beating, lets go of the lead, and removes this instance from the table. */
  leave(): Promise<void>;
}

/**
 * Registers instance `id`, marks the jobs of gone instances INTERRUPTED (passing them to
 * `onInterrupted`, at once and at every beat after), and beats every third of `timeoutMs`.
 */
export async function joinInstances(
  db: BankDatabase,
  store: PersistedJobs,
  options: {
    id: string;
    timeoutMs?: number;
    /** The machine's name as the other instances see it. @default os.hostname() */
    host?: string;
    onInterrupted(jobs: JobState[]): void;
  },
): Promise<Instance> {
  const { id } = options;
  const timeoutMs = options.timeoutMs ?? INSTANCE_TIMEOUT_MS;
  const host = options.host ?? machineName();
  const own = sessionName(host);
  const { nowMs } = db.dialect;
  const query = (sql: string, parameters: unknown[] = []) => db.reader.query(sql, parameters);
  let lead: HeldLock | null = null;
  const leadListeners = new Set<(leads: boolean) => void>();
  const setLead = (next: HeldLock | null) => {
    lead = next;
    for (const listener of leadListeners) listener(next !== null);
  };

  const beat = () =>
    db.sideTransaction((manager) =>
      manager.query(
        `INSERT INTO "instance" ("id", "host", "pid", "startedAt", "heartbeatMs") VALUES (?, ?, ?, ?, ${nowMs})
         ON CONFLICT ("id") DO UPDATE SET "heartbeatMs" = ${nowMs}`,
        [id, host, process.pid, db.dialect.timestamp(new Date())],
      ),
    );

  const sweep = async () => {
    const rows: { id: string; host: string; pid: number; heartbeatMs: number; now: number }[] = await query(
      `SELECT "id", "host", "pid", "heartbeatMs", ${nowMs} AS "now" FROM "instance"`,
    );
    const gone = rows.filter(
      (row) =>
        row.id !== id &&
        (Number(row.now) - Number(row.heartbeatMs) > timeoutMs ||
          (row.host === host && (row.pid === process.pid || !processRunning(row.pid)))),
    );
    if (gone.length) {
      // A machine that lost its power or network leaves its sessions open until PostgreSQL's
      // keepalive gives up (hours): they are ended now, with the locks they hold.
      // (Never this process's own: a former self with the same process id is gone already.)
      const sessions = gone
        .map((row) => sessionName(row.host, Number(row.pid)))
        .filter((name) => name !== own);
      if (db.dialect.name === "postgres" && sessions.length)
        await query(
          `SELECT pg_terminate_backend("pid") FROM pg_stat_activity WHERE "application_name" IN (${sessions.map(() => "?").join(", ")})`,
          sessions,
        ).catch(() => {});
      await db.sideTransaction((manager) =>
        manager.query(`DELETE FROM "instance" WHERE "id" IN (${gone.map(() => "?").join(", ")})`, [
          ...gone.map((row) => row.id),
        ]),
      );
    }
    const interrupted = await store.interruptAbandoned();
    if (interrupted.length) options.onInterrupted(interrupted);
  };

  const contend = async () => {
    if (lead && !lead.held()) setLead(null);
    if (!lead) {
      const held = await db.signals.tryHold(LEADER_LOCK);
      if (held) setLead(held);
    }
  };

  const tick = async () => {
    await beat();
    await sweep();
    await contend();
  };

  await tick();
  let stopped = false;
  let ticking: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      ticking = ticking.then(() => (stopped ? undefined : tick().catch(() => {})));
    },
    Math.max(100, Math.floor(timeoutMs / 3)),
  );
  timer.unref();

  return {
    id,
    leads: () => lead?.held() ?? false,
    onLeadChange(listener) {
      leadListeners.add(listener);
      return () => leadListeners.delete(listener);
    },
    async alive() {
      const rows: { id: string; host: string; pid: number; startedAt: string | Date; heartbeatMs: number }[] =
        await query(
          `SELECT "id", "host", "pid", "startedAt", "heartbeatMs" FROM "instance" WHERE "heartbeatMs" >= ${nowMs} - ? ORDER BY "startedAt", "id"`,
          [timeoutMs],
        );
      return rows.map((row) => ({
        id: row.id,
        host: row.host,
        pid: Number(row.pid),
        startedAt: new Date(
          typeof row.startedAt === "string" ? `${row.startedAt.replace(" ", "T")}Z` : row.startedAt,
        ),
        heartbeatAt: new Date(Number(row.heartbeatMs)),
      }));
    },
    async leave() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      await lead?.release();
      lead = null;
      await db.sideTransaction((manager) => manager.query(`DELETE FROM "instance" WHERE "id" = ?`, [id]));
    },
  };
}
