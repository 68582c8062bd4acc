/**
 * The bank's database, opened through TypeORM: one SQLite file (WAL, foreign keys on), the
 * embedded default, or a PostgreSQL database (a `postgres://` URL, through the `pg` driver).
 *
 * Terms: the *writer* is the one connection that changes the bank; every change runs in
 * {@link BankDatabase.transaction}, which queues transactions first-come, first-served, because a
 * SQLite connection holds one transaction at a time. The *reader* is a second connection for
 * queries: with WAL it sees only committed data, so a long transaction (a restore) is never
 * visible half-done. Schema changes are migrations, run when the database opens; `synchronize`
 * is never used. On PostgreSQL the reader and the writer share one pool of connections, each
 * transaction on one of its own; consistent reads are REPEATABLE READ, read-only transactions, as
 * pg_dump's. The bank's SQL writes its placeholders as `?`, which the PostgreSQL connections
 * number (`$1`, `$2`, …) before sending.
 */
import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { QvaultError, type S3Settings } from "@qvault/core";
import sqlite3 from "sqlite3";
import { DataSource, type EntityManager } from "typeorm";
import { Answer } from "./entities/answer.entity.js";
import { ApiKey } from "./entities/api-key.entity.js";
import { Job } from "./entities/job.entity.js";
import { Question } from "./entities/question.entity.js";
import { Section } from "./entities/section.entity.js";
import { type MediaFolder, mediaFolder } from "./media/media-folder.js";
import { InitialSchema1764000000000 } from "./migrations/0001-initial-schema.js";
import { Jobs1764100000000 } from "./migrations/0002-jobs.js";
import { ChangeJournal1764200000000 } from "./migrations/0003-change-journal.js";
import { Settings1764300000000 } from "./migrations/0004-settings.js";
import { JobAcknowledgment1764400000000 } from "./migrations/0005-job-acknowledgment.js";
import { JobPhases1764500000000 } from "./migrations/0006-job-phases.js";
import { RecordDigests1764600000000 } from "./migrations/0007-record-digests.js";
import { BankIdentity1764700000000 } from "./migrations/0008-bank-identity.js";
import { Instances1764800000000 } from "./migrations/0009-instances.js";
import { QuestionAudio1764900000000 } from "./migrations/0010-question-audio.js";
import { JOURNAL_SIGNAL } from "./migrations/postgres.js";
import { type BankSignals, localSignals, postgresSignals, sessionName } from "./signals.js";
import { postgresDialect, type SqlDialect, sqliteDialect } from "./tables/sql-dialect.js";

/** The advisory lock instances take while they bring the schema up to date, one at a time. */
const MIGRATION_LOCK = 0x71766d;

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
  Instances1764800000000,
  QuestionAudio1764900000000,
];

export interface BankDatabaseOptions {
  /** Path of the SQLite file; its folder is created when missing. */
  file?: string;
  /** `postgres://user:password@host:5432/database`: the bank lives in that PostgreSQL database instead. */
  url?: string;
  /** Milliseconds a connection waits for a lock held by another process. @default 5000 */
  busyTimeoutMs?: number;
  /**
   * The media folder questions' `audioPath` is relative to: a local folder, or `s3://bucket/prefix`
   * in an object store (reached with `mediaS3`); none when absent.
   */
  mediaDir?: string;
  /** How to reach the object store of an `s3://` media folder. */
  mediaS3?: S3Settings;
  /**
   * PostgreSQL only: the schema the bank's tables are in (it must exist), instead of the
   * database's default (`public`): a scratch bank beside the live one.
   */
  schema?: string;
}

/** True when `location` (a file or a URL) names a PostgreSQL database. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/** A database given as one string: a `postgres://` URL, or else the SQLite file's path. */
export function bankLocation(location: string): { file: string } | { url: string } {
  return isPostgresUrl(location) ? { url: location } : { file: location };
}

/** A query function of one connection or transaction, with the SQL dialect of its database. */
export type BankQuery = ((sql: string, parameters?: unknown[]) => Promise<any[]>) & {
  readonly dialect: SqlDialect;
};

export function bankQuery(
  run: (sql: string, parameters?: unknown[]) => Promise<any[]>,
  dialect: SqlDialect,
): BankQuery {
  return Object.assign(run, { dialect });
}

export interface BankDatabase {
  /** The SQL the database speaks where SQLite and PostgreSQL differ. */
  readonly dialect: SqlDialect;
  /** The files questions name by `audioPath`; null when the bank has no media folder. */
  readonly media: MediaFolder | null;
  /** Where it is, for messages: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  /** Connection for queries; sees committed data only. */
  readonly reader: DataSource;
  /** Runs `work` in one write transaction, after the ones queued before it; all or nothing. */
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one write transaction that does not wait behind this process's queue where the
   * database lets writers of several connections in (PostgreSQL), for bookkeeping that must go on
   * during a long restore (heartbeats); in the queue's turn on SQLite. Its rows must not be ones
   * the queued transactions write; commit listeners are not called.
   */
  sideTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in its turn among the write transactions, without one of its own: for writes that
   * another connection to the same file makes (a restore's own thread). Nothing else this
   * database writes runs meanwhile; commit listeners are called when `work` succeeds.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /**
   * Calls `listener` after every committed write transaction; on PostgreSQL also after every
   * commit of another process that changed the bank (another instance, or an edit behind qvault's
   * back). Returns the function that stops it.
   */
  onCommit(listener: () => void): () => void;
  /** Messages and locks shared with the other processes serving this database. */
  readonly signals: BankSignals;
  /**
   * Runs `work` with its own connection inside one read transaction: every query it makes sees
   * the bank as it was when the first one ran, whatever commits meanwhile.
   */
  readSnapshot<T>(work: (query: BankQuery) => Promise<T>): Promise<T>;
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

/** The queue of a database's write transactions, and the listeners told of each commit. */
function writeQueue() {
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<() => void>();
  /** Runs `work` in its turn; `quietly`, without telling the commit listeners. */
  const inTurn = <T>(work: () => Promise<T>, quietly = false): Promise<T> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run.then((result) => {
      if (!quietly) for (const listener of listeners) listener();
      return result;
    });
  };
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => inTurn(work);
  return {
    exclusive,
    /** Bookkeeping in its turn, which the commit listeners (edits' watchers) need not hear of. */
    quietly: <T>(work: () => Promise<T>) => inTurn(work, true),
    /** Tells the listeners of a commit made elsewhere. */
    committed() {
      for (const listener of listeners) listener();
    },
    drained: () => queue,
    onCommit(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * Opens (creating when new) the bank's database, SQLite's file or PostgreSQL's (`options.url`),
 * and brings its schema up to date.
 */
export async function openBankDatabase(options: BankDatabaseOptions): Promise<BankDatabase> {
  const media = options.mediaDir ? mediaFolder(options.mediaDir, options.mediaS3) : null;
  if (options.url) return { ...(await openPostgres(options.url, options.schema)), media };
  if (!options.file)
    throw new QvaultError("BAD_USER_INPUT", "No database given: a SQLite file or a postgres:// URL");
  return { ...(await openSqlite(options.file, options.busyTimeoutMs ?? 5000)), media };
}

async function openSqlite(file: string, busyTimeout: number): Promise<Omit<BankDatabase, "media">> {
  mkdirSync(dirname(file), { recursive: true });
  const writer = sqliteSource(file, busyTimeout);
  try {
    await writer.initialize();
    writesImmediately(writer);
    await writer.runMigrations({ transaction: "each" });
  } catch (cause) {
    if (writer.isInitialized) await writer.destroy();
    throw new QvaultError("INTERNAL_SERVER_ERROR", `Cannot open the database at ${file}`, {
      cause,
      details: { file },
    });
  }
  const reader = sqliteSource(file, busyTimeout);
  await reader.initialize();
  const snapshots = sqliteSource(file, busyTimeout);
  await snapshots.initialize();
  // One statement at a time per connection, queued inside the driver: statements on one SQLite
  // connection run one at a time anyway, and waiting ones would otherwise each hold a thread of
  // libuv's small pool, which compression, file writes and the writer connection also need.
  for (const source of [writer, reader, snapshots]) serialized(source);
  let snapshotQueue: Promise<unknown> = Promise.resolve();
  const writes = writeQueue();
  return {
    dialect: sqliteDialect,
    location: file,
    reader,
    transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
      return writes.exclusive(() => writer.transaction(work));
    },
    sideTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
      return writes.quietly(() => writer.transaction(work));
    },
    exclusive: writes.exclusive,
    onCommit: writes.onCommit,
    signals: localSignals(),
    readSnapshot(work) {
      // One connection kept for consistent reads; readers of it take turns.
      const run = snapshotQueue.then(() => inReadTransaction(snapshots, "BEGIN", sqliteDialect, work));
      snapshotQueue = run.catch(() => undefined);
      return run;
    },
    ping: () => pinged(reader),
    async close() {
      await writes.drained();
      await snapshotQueue;
      await snapshots.destroy();
      await reader.destroy();
      await writer.destroy();
    },
  };
}

/** Runs `work` in one read transaction (begun by `begin`) on a connection of `source` of its own. */
async function inReadTransaction<T>(
  source: DataSource,
  begin: string,
  dialect: SqlDialect,
  work: (query: BankQuery) => Promise<T>,
): Promise<T> {
  const runner = source.createQueryRunner();
  try {
    await runner.query(begin);
    return await work(bankQuery((sql, parameters) => runner.query(sql, parameters), dialect));
  } finally {
    await runner.query("COMMIT").catch(() => {});
    await runner.release();
  }
}

async function pinged(source: DataSource): Promise<boolean> {
  try {
    await source.query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}

/** `sql` with each `?` outside quotes, comments and dollar-quoted bodies numbered `$1`, `$2`, …. */
export function numberPlaceholders(sql: string): string {
  if (!sql.includes("?")) return sql;
  let out = "";
  let n = 0;
  for (let i = 0; i < sql.length; ) {
    const c = sql[i]!;
    let end = i + 1;
    if (c === "'" || c === '"') {
      // A quoted string or identifier; a doubled quote stays inside it.
      while (end < sql.length && !(sql[end] === c && sql[end + 1] !== c)) end += sql[end] === c ? 2 : 1;
      end = Math.min(end + 1, sql.length);
    } else if (c === "-" && sql[i + 1] === "-") {
      end = sql.indexOf("\n", i);
      if (end < 0) end = sql.length;
    } else if (c === "$") {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        end = close < 0 ? sql.length : close + tag.length;
      }
    } else if (c === "?") {
      out += `$${++n}`;
      i = end;
      continue;
    }
    out += sql.slice(i, end);
    i = end;
  }
  return out;
}

/** Makes every query runner of `source` number the `?` placeholders of the SQL it is given. */
function numbersPlaceholders(source: DataSource): void {
  const create = source.createQueryRunner.bind(source);
  source.createQueryRunner = ((mode?: "master" | "slave") => {
    const runner = create(mode);
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<any>;
    runner.query = ((sql: string, ...rest: unknown[]) =>
      query(numberPlaceholders(sql), ...rest)) as typeof runner.query;
    return runner;
  }) as typeof source.createQueryRunner;
}

/** The URL without its password, for messages. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgres://…";
  }
}

async function openPostgres(url: string, schema?: string): Promise<Omit<BankDatabase, "media">> {
  const source = new DataSource({
    type: "postgres",
    url,
    // Every connection finds the bank's tables (and the migrations' functions) in the schema.
    ...(schema ? { schema, extra: { options: `-c search_path=${schema}` } } : {}),
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: "each",
    synchronize: false,
    logging: false,
    // Counts and journal positions are bigint: numbers, as SQLite gives them.
    parseInt8: true,
    // Its sessions are named for the process, so that another can end them when it is gone.
    applicationName: sessionName(),
  });
  numbersPlaceholders(source);
  const location = withoutPassword(url);
  const writes = writeQueue();
  let signals: BankSignals | null = null;
  try {
    signals = await postgresSignals(url, JOURNAL_SIGNAL, writes.committed);
    await source.initialize();
    // Instances starting together migrate one after the other.
    const migrating = await signals.hold(MIGRATION_LOCK);
    try {
      await source.runMigrations({ transaction: "each" });
    } finally {
      await migrating.release();
    }
  } catch (cause) {
    if (source.isInitialized) await source.destroy();
    await signals?.close();
    throw new QvaultError("INTERNAL_SERVER_ERROR", `Cannot open the database at ${location}`, {
      cause,
      details: { database: location },
    });
  }
  const snapshots = new Set<Promise<unknown>>();
  return {
    dialect: postgresDialect,
    location,
    reader: source,
    transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
      return writes.exclusive(() => source.transaction(work));
    },
    sideTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
      return source.transaction(work);
    },
    exclusive: writes.exclusive,
    onCommit: writes.onCommit,
    signals,
    readSnapshot(work) {
      const run = inReadTransaction(
        source,
        "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        postgresDialect,
        work,
      );
      const settled = run.catch(() => undefined);
      snapshots.add(settled);
      void settled.then(() => snapshots.delete(settled));
      return run;
    },
    ping: () => pinged(source),
    async close() {
      await writes.drained();
      await Promise.all(snapshots);
      await signals.close();
      await source.destroy();
    },
  };
}
