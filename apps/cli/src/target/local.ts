/**
 * A repository and a bank database reached directly, no server: each opened when a command first
 * needs it, closed when the command ends. Opening is where a missing repository or database, a
 * wrong passphrase and a lock held by another writer become the command line's exit codes.
 */
import { existsSync } from "node:fs";
import {
  createLocalStorage,
  isQvaultError,
  nodeCodec,
  Repository,
  type RepositoryOptions,
} from "@qvault/core";
import type { BankDatabase } from "@qvault/question-bank";
import type { Config } from "@qvault/vault/config";
import { CliError } from "../output/exit-codes.js";
import type { GlobalOptions } from "./globals.js";
import { localConfig } from "./locations.js";
import { questionBank } from "./question-bank.js";

export interface LocalTarget {
  readonly config: Config;
  /** Options to create or open the repository with. */
  repositoryOptions(): RepositoryOptions;
  /** The repository. @throws CliError REPOSITORY_MISSING; WRONG_PASSPHRASE */
  repository(): Promise<Repository>;
  /**
   * The bank's database. @throws CliError DATABASE_MISSING when the file does not exist, unless
   * `create` (a restore may rebuild a bank from nothing).
   */
  database(options?: { create?: boolean }): Promise<BankDatabase>;
  close(): Promise<void>;
}

export function createLocalTarget(globals: GlobalOptions): LocalTarget {
  const config = localConfig(globals);
  let repository: Promise<Repository> | null = null;
  let database: Promise<BankDatabase> | null = null;
  const target: LocalTarget = {
    config,
    repositoryOptions() {
      return {
        storage: createLocalStorage(config.repositoryDir),
        codec: nodeCodec,
        passphrase: config.passphrase ?? null,
        compressionQuality: config.compressionQuality,
        lock: { waitMs: globals.retryLock * 1000 },
      };
    },
    repository() {
      repository ??= Repository.open(target.repositoryOptions()).catch((error: unknown) => {
        if (isQvaultError(error) && error.code === "NOT_FOUND")
          throw new CliError(
            "REPOSITORY_MISSING",
            `No repository at ${config.repositoryDir}; create one with \`qvault init\`, or name it with --repo`,
            { cause: error },
          );
        throw error;
      });
      return repository;
    },
    database(options = {}) {
      if (!database) {
        if (!options.create && !existsSync(config.databaseFile))
          throw new CliError(
            "DATABASE_MISSING",
            `No bank database at ${config.databaseFile}; name it with --db or --data-dir`,
          );
        database = questionBank().then(({ openBankDatabase }) =>
          openBankDatabase({ file: config.databaseFile }),
        );
      }
      return database;
    },
    async close() {
      const db = database;
      database = null;
      repository = null;
      if (db) await (await db.catch(() => null))?.close();
    },
  };
  return target;
}
