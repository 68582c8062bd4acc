/**
 * A real bank for the tests: a database seeded with the demo bank by the product's own seeding
 * command (SQLite in a temporary folder, or PostgreSQL when the suites run on it:
 * QVAULT_TEST_DATABASE), edited through SQL (the journal triggers see every edit), and dumped
 * whole to compare states. `database` is what `--db` takes: a file or a postgres:// URL.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { bankLocation, isPostgresUrl, openBankDatabase } from "@qvault/question-bank";
import { testDatabaseLocation } from "@qvault/test-server/database";
import { bankOfDataDir, SEED } from "./run-cli.js";

export interface TestData {
  dir: string;
  database: string;
  repository: string;
  remove(): void;
}

/** A fresh data folder whose database holds the demo bank of `questions` questions. */
export function seededDataDir(questions = 48): TestData {
  const dir = mkdtempSync(join(tmpdir(), "qvault-cli-test-"));
  const database = testDatabaseLocation(dir, "qvault.sqlite");
  // The clips go to the data folder's media folder, where the command line looks for them.
  execFileSync(process.execPath, [
    SEED,
    "--database",
    database,
    "--media-dir",
    join(dir, "media"),
    "--questions",
    String(questions),
  ]);
  if (isPostgresUrl(database)) bankOfDataDir(dir, database);
  return {
    dir,
    database,
    repository: join(dir, "repository"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs SQL statements against the database, in one transaction, and returns the last one's rows. */
export async function sql(database: string, ...statements: [string, unknown[]?][]): Promise<any[]> {
  const db = await openBankDatabase(bankLocation(database));
  try {
    return await db.transaction(async (manager) => {
      let rows: any[] = [];
      for (const [statement, parameters] of statements)
        rows = await manager.query(statement, parameters ?? []);
      return rows;
    });
  } finally {
    await db.close();
  }
}

/** The bank's content, as a restore must bring it back: sections, questions, answers, by id. */
export async function bankContent(database: string): Promise<unknown> {
  const db = await openBankDatabase(bankLocation(database));
  try {
    const q = (statement: string) => db.reader.query(statement);
    return {
      sections: await q(`SELECT "id", "name", "description", "position" FROM "section" ORDER BY "id"`),
      questions: await q(
        `SELECT "id", "sectionId", "type", "prompt", "explanation", "difficulty", "tags", "audioPath", "position" FROM "question" ORDER BY "id"`,
      ),
      // Booleans as such: SQLite keeps them as 0 and 1.
      answers: (
        await q(`SELECT "id", "questionId", "text", "isCorrect", "position" FROM "answer" ORDER BY "id"`)
      ).map((answer: { isCorrect: unknown }) => ({ ...answer, isCorrect: Boolean(answer.isCorrect) })),
    };
  } finally {
    await db.close();
  }
}

/** Every row of every table, bookkeeping included: equal dumps mean nothing was written. */
export async function wholeDatabase(database: string): Promise<Record<string, unknown[]>> {
  const db = await openBankDatabase(bankLocation(database));
  try {
    const tables: { name: string }[] = await db.reader.query(
      db.dialect.name === "postgres"
        ? `SELECT "table_name" AS "name" FROM "information_schema"."tables" WHERE "table_schema" = 'public' ORDER BY 1`
        : `SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' ORDER BY "name"`,
    );
    const dump: Record<string, unknown[]> = {};
    // By the first column: every table's key comes first, and some tables have no rowid.
    for (const { name } of tables) dump[name] = await db.reader.query(`SELECT * FROM "${name}" ORDER BY 1`);
    return dump;
  } finally {
    await db.close();
  }
}

/** Every file under `root` with its size and content, to see that nothing was written. */
export function filesUnder(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[relative(root, path)] = readFileSync(path).toString("base64");
    }
  };
  walk(root);
  return out;
}
