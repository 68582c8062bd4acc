/**
 * What a server has written: every row of its database (read through a read-only SQLite
 * connection of its own, or a PostgreSQL connection of its own, so it sees what is committed)
 * and every file of its data folder besides the database, with sizes. Two fingerprints are equal
 * when nothing was written.
 *
 * Left out, on purpose: `api_key.lastUsedAt`, which authenticating any request may refresh (at
 * most once a minute), and the database's own files, whose sizes follow checkpoints.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

interface Sqlite3 {
  OPEN_READONLY: number;
  Database: new (
    file: string,
    mode: number,
    callback: (error: Error | null) => void,
  ) => {
    all(sql: string, callback: (error: Error | null, rows: Record<string, unknown>[]) => void): void;
    close(callback: (error: Error | null) => void): void;
  };
}

interface Pg {
  Client: new (options: {
    connectionString: string;
  }) => {
    connect(): Promise<void>;
    query(sql: string): Promise<{ rows: Record<string, unknown>[] }>;
    end(): Promise<void>;
  };
}

// The drivers the bank itself uses, found from the question-bank package.
const require = createRequire(import.meta.url);
const bankRequire = createRequire(require.resolve("@qvault/question-bank"));
const sqlite3 = bankRequire("sqlite3") as Sqlite3;
const pg = bankRequire("pg") as Pg;

const DATABASE = "qvault.sqlite";
/** Columns that change with time, not with what a request writes: a key's last use, a server's heartbeat. */
const VOLATILE: Record<string, string[]> = { api_key: ["lastUsedAt"], instance: ["heartbeatMs"] };
const VERSIONED = ["section", "question", "answer", "api_key"];

export interface Fingerprint {
  /** Rows per table. */
  rows: Record<string, number>;
  /** Highest `version` (questions) or `updatedAt`/`createdAt` seen per table, for messages. */
  newest: Record<string, unknown>;
  /** SHA-256 of every row of every table. */
  digest: string;
  /** Files of the data folder besides the database, with their sizes. */
  files: string[];
}

async function readPostgres(url: string): Promise<Record<string, Record<string, unknown>[]>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query(
      `SELECT "table_name" AS "name" FROM "information_schema"."tables" WHERE "table_schema" = 'public' ORDER BY 1`,
    );
    const result: Record<string, Record<string, unknown>[]> = {};
    for (const { name } of tables)
      result[String(name)] = (await client.query(`SELECT * FROM "${name}"`)).rows;
    return result;
  } finally {
    await client.end();
  }
}

async function readAll(file: string): Promise<Record<string, Record<string, unknown>[]>> {
  const db = await new Promise<InstanceType<Sqlite3["Database"]>>((resolve, reject) => {
    const opened = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) =>
      error ? reject(error) : resolve(opened),
    );
  });
  const all = (sql: string) =>
    new Promise<Record<string, unknown>[]>((resolve, reject) =>
      db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows))),
    );
  try {
    const tables = await all("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    const result: Record<string, Record<string, unknown>[]> = {};
    for (const { name } of tables) result[String(name)] = await all(`SELECT * FROM "${name}"`);
    return result;
  } finally {
    await new Promise((resolve) => db.close(resolve));
  }
}

function filesOf(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((path) => !relative(dir, path).startsWith(DATABASE))
    .map((path) => `${relative(dir, path)} ${statSync(path).size}`)
    .sort();
}

/**
 * The fingerprint of the server whose data folder is `dataDir` and whose bank is `database` (its
 * SQLite file in that folder, or a postgres:// URL); rows `skip` accepts are left out (say, the
 * record of a job that a refused request is documented to leave).
 */
export async function fingerprint(
  { dataDir, server }: { dataDir: string; server: { database: string } },
  skip: (table: string, row: Record<string, unknown>) => boolean = () => false,
): Promise<Fingerprint> {
  const tables = /^postgres(ql)?:\/\//.test(server.database)
    ? await readPostgres(server.database)
    : await readAll(join(dataDir, DATABASE));
  for (const [table, content] of Object.entries(tables))
    tables[table] = content.filter((row) => !skip(table, row));
  const hash = createHash("sha256");
  const rows: Record<string, number> = {};
  const newest: Record<string, unknown> = {};
  for (const [table, content] of Object.entries(tables)) {
    rows[table] = content.length;
    const lines = content
      .map((row) => {
        const kept = { ...row };
        for (const column of VOLATILE[table] ?? []) delete kept[column];
        return JSON.stringify(kept);
      })
      .sort();
    hash.update(`${table}\n${lines.join("\n")}\n`);
    if (VERSIONED.includes(table))
      newest[table] = content
        .map((row) => (row.version ?? row.updatedAt ?? row.createdAt) as number | string)
        .reduce<number | string | null>((max, value) => (max === null || value > max ? value : max), null);
  }
  return { rows, newest, digest: hash.digest("hex"), files: filesOf(dataDir) };
}

/**
 * Everything the server's database holds, as text, to look for what must not be stored: the
 * bytes of its SQLite files (the write-ahead log included), or every row of every table of its
 * PostgreSQL database.
 */
export async function storedText({ dataDir, server }: { dataDir: string; server: { database: string } }) {
  if (/^postgres(ql)?:\/\//.test(server.database)) return JSON.stringify(await readPostgres(server.database));
  return [DATABASE, `${DATABASE}-wal`]
    .map((file) =>
      existsSync(join(dataDir, file)) ? readFileSync(join(dataDir, file)).toString("latin1") : "",
    )
    .join("");
}
