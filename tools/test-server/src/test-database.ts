/**
 * The database a test's bank lives in, chosen by `QVAULT_TEST_DATABASE`: `sqlite` (the default),
 * a file in the test's folder, or `postgres`, a fresh database on the cluster the test project's
 * global setup started (./postgres-setup.ts). Projects run their suites once per database by
 * setting the variable (the root vitest.config.ts).
 */
import { join } from "node:path";
import { inject } from "vitest";
import { createDatabaseOn } from "./postgres.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The port of the PostgreSQL cluster the global setup started, or 0 when none runs. */
    postgresPort: number;
  }
}

export type TestDatabaseKind = "sqlite" | "postgres";

export function testDatabaseKind(): TestDatabaseKind {
  return process.env.QVAULT_TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

/**
 * Where a test's bank goes: `{ file }` in `dir`, or `{ url }` of a new, empty PostgreSQL
 * database. The same string form as the product takes it: {@link testDatabaseLocation}.
 */
export function testDatabase(dir: string, name = "bank.sqlite"): { file: string } | { url: string } {
  if (testDatabaseKind() === "sqlite") return { file: join(dir, name) };
  const port = inject("postgresPort");
  if (!port)
    throw new Error("QVAULT_TEST_DATABASE=postgres, but no PostgreSQL cluster was started for this project");
  return { url: createDatabaseOn(port) };
}

/** {@link testDatabase} as the one string the server and the command line take. */
export function testDatabaseLocation(dir: string, name = "bank.sqlite"): string {
  const database = testDatabase(dir, name);
  return "url" in database ? database.url : database.file;
}
