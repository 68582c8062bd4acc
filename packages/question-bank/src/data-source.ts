/**
 * The bank's database: one SQLite file (WAL, foreign keys on) opened through TypeORM.
 *
 * Terms: the *writer* is the one connection that changes the bank; every change runs in
 * {@link BankDatabase.transaction}, which queues transactions first-come, first-served, because a
 * SQLite connection holds one transaction at a time. The *reader* is a second connection for
 * queries: with WAL it sees only committed data, so a long transaction (a restore) is never
 * visible half-done. Schema changes are migrations, run when the database opens; `synchronize`
 * is never used.
 */
import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { QvaultError } from "@qvault/core";
import sqlite3 from "sqlite3";
import { DataSource, type EntityManager } from "typeorm";
import { Answer } from "./entities/answer.entity.js";
import { ApiKey } from "./entities/api-key.entity.js";
import { Job } from "./entities/job.entity.js";
import { Question } from "./entities/question.entity.js";
import { Section } from "./entities/section.entity.js";
import { InitialSchema1764000000000 } from "./migrations/0001-initial-schema.js";
import { Jobs1764100000000 } from "./migrations/0002-jobs.js";
import { ChangeJournal1764200000000 } from "./migrations/0003-change-journal.js";
import { Settings1764300000000 } from "./migrations/0004-settings.js";
import { JobAcknowledgment1764400000000 } from "./migrations/0005-job-acknowledgment.js";
import { JobPhases1764500000000 } from "./migrations/0006-job-phases.js";
import { RecordDigests1764600000000 } from "./migrations/0007-record-digests.js";
import { BankIdentity1764700000000 } from "./migrations/0008-bank-identity.js";

export const ENTITIES = [Section, Question, Answer, ApiKey, Job];
export const MIGRATIONS = [
  InitialSchema1764000000000,
  Jobs1764100000000,
  ChangeJournal1764200000000,
  Settings1764300000000,
  JobAcknowledgment1764400000000,
  JobPhases1764500000000,
  RecordDigests1764600000000,
  BankIdentity1764700000000,
];

export interface BankDatabaseOptions {
  /** Path of the SQLite file; its folder is created when missing. */
  file: string;
  /** Milliseconds a connection waits for a lock held by another process. @default 5000 */
  busyTimeoutMs?: number;
}

export interface BankDatabase {
  /** Connection for queries; sees committed data only. */
  readonly reader: DataSource;
  /** Runs `work` in one write transaction, after the ones queued before it; all or nothing. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in its turn among the write transactions, without one of its own: for writes that
   * another connection to the same file makes (a restore's own thread). Nothing else this
   * database writes runs meanwhile; commit listeners are called when `work` succeeds.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Calls `listener` after every committed write transaction; returns the function that stops it. */
  onCommit(listener: () => void): () => void;
  /**
   * Runs `work` with its own connection inside one read transaction: every query it makes sees
   * the bank as it was when the first one ran, whatever commits meanwhile.
   */
  readSnapshot<T>(
    work: (query: (sql: string, parameters?: unknown[]) => Promise<any[]>) => Promise<T>,
  ): Promise<T>;
  /** True when a query on the reader succeeds. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

function serialized(source: DataSource): void {
  (source.driver as unknown as { databaseConnection: { serialize(): void } }).databaseConnection.serialize();
}

/**
 * Makes the writer's transactions take SQLite's write lock when they begin. A deferred one that
 * reads first and writes later cannot wait for the lock when another process has committed in
 * between: SQLite refuses it at once (SQLITE_BUSY) instead of using the busy timeout. Taking the
 * lock up front makes every wait for another process's write happen at BEGIN, under the timeout.
 */
function writesImmediately(source: DataSource): void {
  const runner = source.createQueryRunner();
  const query = runner.query.bind(runner);
  runner.query = ((sql: string, ...rest: unknown[]) =>
    (query as (...args: unknown[]) => Promise<unknown>)(
      sql === "BEGIN TRANSACTION" ? "BEGIN IMMEDIATE TRANSACTION" : sql,
      ...rest,
    )) as typeof runner.query;
}

/**
 * The sqlite3 driver as TypeORM receives it. TypeORM calls the driver's `verbose()`, which wraps
 * every statement's callbacks to capture a stack trace for error messages: about a second of CPU
 * per 100,000 restored questions. Handing it a `verbose()` that returns the module as it is keeps
 * statements unwrapped (errors still carry SQLite's own message).
 */
const quietSqlite3 = Object.assign(Object.create(sqlite3) as typeof sqlite3, { verbose: () => sqlite3 });

function sqliteSource(file: string, busyTimeout: number): DataSource {
  return new DataSource({
    type: "sqlite",
    driver: quietSqlite3,
    database: file,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: "each",
    enableWAL: true,
    busyTimeout,
    synchronize: false,
    logging: false,
  });
}

/** Opens (creating when new) the bank's SQLite database and brings its schema up to date. */
export async function openBankDatabase(options: BankDatabaseOptions): Promise<BankDatabase> {
  const busyTimeout = options.busyTimeoutMs ?? 5000;
  mkdirSync(dirname(options.file), { recursive: true });
  const writer = sqliteSource(options.file, busyTimeout);
  try {
    await writer.initialize();
    writesImmediately(writer);
    await writer.runMigrations({ transaction: "each" });
  } catch (cause) {
    if (writer.isInitialized) await writer.destroy();
    throw new QvaultError("INTERNAL_SERVER_ERROR", `Cannot open the database at ${options.file}`, {
      cause,
      details: { file: options.file },
    });
  }
  const reader = sqliteSource(options.file, busyTimeout);
  await reader.initialize();
  const snapshots = sqliteSource(options.file, busyTimeout);
  await snapshots.initialize();
  // One statement at a time per connection, queued inside the driver: statements on one SQLite
  // connection run one at a time anyway, and waiting ones would otherwise each hold a thread of
  // libuv's small pool, which compression, file writes and the writer connection also need.
  for (const source of [writer, reader, snapshots]) serialized(source);
  let snapshotQueue: Promise<unknown> = Promise.resolve();

  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<() => void>();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run.then((result) => {
      for (const listener of listeners) listener();
      return result;
    });
  };
  return {
    reader,
    transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
      return exclusive(() => writer.transaction(work));
    },
    exclusive,
    onCommit(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    readSnapshot(work) {
      // One connection kept for consistent reads; readers of it take turns.
      const run = snapshotQueue.then(async () => {
        const runner = snapshots.createQueryRunner();
        try {
          await runner.query("BEGIN");
          return await work((sql, parameters) => runner.query(sql, parameters as unknown[]));
        } finally {
          await runner.query("COMMIT").catch(() => {});
          await runner.release();
        }
      });
      snapshotQueue = run.catch(() => undefined);
      return run;
    },
    async ping() {
      try {
        await reader.query("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await queue;
      await snapshotQueue;
      await snapshots.destroy();
      await reader.destroy();
      await writer.destroy();
    },
  };
}
