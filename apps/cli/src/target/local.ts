/**
 * A repository and a bank database reached directly, no server: each opened when a command first
 * needs it, closed when the command ends. Opening is where a missing repository or database, a
 * wrong passphrase and a lock held by another writer become the command line's exit codes, and
 * where the passphrase is asked for on a terminal when none was given (secrets.ts).
 */
import { existsSync } from "node:fs";
import {
  describeLock,
  isQvaultError,
  nodeCodec,
  Repository,
  type RepositoryOptions,
  type Storage,
} from "@qvault/core";
import type { BankDatabase } from "@qvault/question-bank";
import { type Config, repositoryStorage } from "@qvault/vault/config";
import { CliError } from "../output/exit-codes.js";
import type { Output } from "../output/output.js";
import type { GlobalOptions } from "./globals.js";
import { localConfig } from "./locations.js";
import { questionBank } from "./question-bank.js";
import { canPrompt, passphraseFromFlags, promptSecret } from "./secrets.js";

export interface LocalTarget {
  readonly config: Config;
  /**
   * Options to create or open the repository with, the passphrase from the flags or
   * QVAULT_PASSPHRASE (null when none is given). @throws CliError USAGE for a bad flag.
   */
  repositoryOptions(): RepositoryOptions;
  /**
   * The repository, asking for the passphrase on a terminal when it is encrypted and none was
   * given. @throws CliError REPOSITORY_MISSING; QvaultError WRONG_PASSPHRASE
   */
  repository(): Promise<Repository>;
  /** The repository's files, for what reads them without opening it (the lock). @throws CliError REPOSITORY_MISSING */
  storage(): Promise<Storage>;
  /**
   * The bank's database. @throws CliError DATABASE_MISSING when the file does not exist, unless
   * `create` (a restore may rebuild a bank from nothing).
   */
  database(options?: { create?: boolean }): Promise<BankDatabase>;
  close(): Promise<void>;
}

export function createLocalTarget(globals: GlobalOptions, output: Output): LocalTarget {
  const config = localConfig(globals);
  let passphrase: string | null | undefined;
  let repository: Promise<Repository> | null = null;
  let database: Promise<BankDatabase> | null = null;
  const missing = (cause?: unknown) =>
    new CliError(
      "REPOSITORY_MISSING",
      `No repository at ${config.repository}; create one with \`qvault init\`, or name it with --repo`,
      { cause },
    );
  const open = (secret: string | null) =>
    Repository.open({ ...target.repositoryOptions(), passphrase: secret }).catch((error: unknown) => {
      if (isQvaultError(error) && error.code === "NOT_FOUND") throw missing(error);
      throw error;
    });
  const target: LocalTarget = {
    config,
    repositoryOptions() {
      if (passphrase === undefined) {
        // Resolved once, when first needed: a --passphrase-command runs only for commands that open the repository.
        const flag = passphraseFromFlags(globals);
        passphrase =
          (flag === undefined ? config.passphrase : localConfig(globals, process.env, flag).passphrase) ??
          null;
      }
      return {
        storage: repositoryStorage(config),
        codec: nodeCodec,
        passphrase,
        compressionQuality: config.compressionQuality,
        lock: {
          waitMs: globals.retryLock * 1000,
          onStaleLock: (lock, reason) =>
            output.warn(`removed the stale lock of ${describeLock(lock)}: ${reason}`),
        },
      };
    },
    repository() {
      repository ??= (async () => {
        const given = target.repositoryOptions().passphrase ?? null;
        try {
          return await open(given);
        } catch (error) {
          if (!(isQvaultError(error) && error.code === "WRONG_PASSPHRASE" && given === null && canPrompt()))
            throw error;
          output.endProgress();
          passphrase = await promptSecret(`Passphrase of the repository at ${config.repository}: `);
          return open(passphrase);
        }
      })();
      return repository;
    },
    async storage() {
      const storage = repositoryStorage(config);
      if ((await storage.size("config")) === null) throw missing();
      return storage;
    },
    database(options = {}) {
      if (!database) {
        database = questionBank().then(({ openBankDatabase, bankLocation }) => {
          const location = bankLocation(config.database);
          if ("file" in location && !options.create && !existsSync(location.file))
            throw new CliError(
              "DATABASE_MISSING",
              `No bank database at ${location.file}; name it with --db or --data-dir`,
            );
          return openBankDatabase({ ...location, mediaDir: config.mediaDir, mediaS3: config.s3 });
        });
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
