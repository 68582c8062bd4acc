/**
 * A scratch bank: an empty bank beside the live one, for restore drills, thrown away after. For
 * a SQLite bank it is a file (and a media folder) in a temporary folder; for a PostgreSQL bank, a
 * schema of its own in the same database (`qvault_drill_…`), so that the drill runs on the same
 * server and version as the live bank. Its media folder is always a local temporary folder.
 *
 * Invariants: nothing of the live bank is read or written; a scratch bank is gone once discarded,
 * and one left behind by a process that died is dropped by the next drill (PostgreSQL) or lies in
 * the system's temporary folder (SQLite).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type BankDatabase, isPostgresUrl, openBankDatabase } from "./data-source.js";

const SCHEMA_PREFIX = "qvault_drill_";

export interface ScratchBank {
  db: BankDatabase;
  /** What it is, for reports: "a SQLite file" or "a PostgreSQL schema". */
  kind: string;
  /** Closes it and removes everything of it. */
  discard(): Promise<void>;
}

/** Runs `work` on a connection of its own to the PostgreSQL database at `url`. */
async function onPostgres<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Opens a new, empty scratch bank beside the bank at `database` (a SQLite file's path or a
 * `postgres://` URL), migrated as a live one is; its files go in a new folder under `under`.
 */
export async function openScratchBank(database: string, under = tmpdir()): Promise<ScratchBank> {
  mkdirSync(under, { recursive: true });
  const folder = mkdtempSync(join(under, "qvault-drill-"));
  const mediaDir = join(folder, "media");
  const removeFolder = () => rmSync(folder, { recursive: true, force: true });
  if (!isPostgresUrl(database)) {
    try {
      const db = await openBankDatabase({ file: join(folder, "bank.sqlite"), mediaDir });
      return {
        db,
        kind: "a SQLite file",
        async discard() {
          try {
            await db.close();
          } finally {
            removeFolder();
          }
        },
      };
    } catch (error) {
      removeFolder();
      throw error;
    }
  }
  const schema = `${SCHEMA_PREFIX}${randomBytes(6).toString("hex")}`;
  const drop = (name: string) =>
    onPostgres(database, (client) => client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`));
  // Drills run one at a time (they are jobs of the one queue): any other scratch schema was left
  // by a drill that never ended.
  await onPostgres(database, async (client) => {
    const { rows } = await client.query<{ name: string }>(
      `SELECT nspname AS "name" FROM pg_namespace WHERE nspname LIKE '${SCHEMA_PREFIX}%'`,
    );
    for (const { name } of rows) await client.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    await client.query(`CREATE SCHEMA "${schema}"`);
  });
  try {
    const db = await openBankDatabase({ url: database, schema, mediaDir });
    // The journal's ordering lock is the database's, not the schema's: the scratch bank's writes
    // must not take it (the live bank's writers would wait for the whole drill), nor signal them.
    await db.reader.query(
      `CREATE OR REPLACE FUNCTION "${schema}"."journal_order"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`,
    );
    return {
      db,
      kind: "a PostgreSQL schema",
      async discard() {
        try {
          await db.close();
        } finally {
          await drop(schema);
          removeFolder();
        }
      },
    };
  } catch (error) {
    await drop(schema).catch(() => {});
    removeFolder();
    throw error;
  }
}
