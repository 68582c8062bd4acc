/**
 * What a server has written: every row of its database (read through a read-only SQLite
 * connection of its own, so it sees what is committed) and every file of its data folder
 * besides the database, with sizes. Two fingerprints are equal when nothing was written.
 *
 * Left out, on purpose: `api_key.lastUsedAt`, which authenticating any request may refresh (at
 * most once a minute), and the database's own files, whose sizes follow checkpoints.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
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

// The sqlite3 driver the bank itself uses, found from the question-bank package.
const require = createRequire(import.meta.url);
const sqlite3 = createRequire(require.resolve("@qvault/question-bank"))("sqlite3") as Sqlite3;

const DATABASE = "qvault.sqlite";
const VOLATILE: Record<string, string[]> = { api_key: ["lastUsedAt"] };
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
 * The fingerprint of the server whose data folder is `dataDir`; rows `skip` accepts are left out
 * (say, the record of a job that a refused request is documented to leave).
 */
export async function fingerprint(
  dataDir: string,
  skip: (table: string, row: Record<string, unknown>) => boolean = () => false,
): Promise<Fingerprint> {
  const tables = await readAll(join(dataDir, DATABASE));
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
