/**
 * Where the bank and the repository live: the configuration the server reads too (the vault's
 * `readConfig`, the same QVAULT_* variables and defaults), with the command line's flags laid over
 * it. A flag's path is relative to the current folder; a variable's, as for the server, to the
 * data folder. A repository may also be `s3://bucket/prefix`, reached with the QVAULT_S3_*
 * variables and the AWS SDK's credentials.
 */
import { resolve } from "node:path";
import { isS3Location } from "@qvault/core";
import { type Config, ConfigError, isPostgresUrl, readConfig } from "@qvault/vault/config";
import { CliError } from "../output/exit-codes.js";
import type { GlobalOptions } from "./globals.js";

/** The flags that stand for a variable, for messages about a bad value. */
const FLAGS: Record<string, string> = {
  QVAULT_DATA_DIR: "--data-dir",
  QVAULT_DATABASE: "--db",
  QVAULT_DATABASE_URL: "--db",
  QVAULT_REPOSITORY: "--repo",
  QVAULT_PASSPHRASE: "--passphrase",
};

/**
 * The configuration the command runs with. `passphrase`, when given, stands for QVAULT_PASSPHRASE
 * (it comes from the flag it names: see secrets.ts), and is checked as the server checks that
 * variable. @throws CliError USAGE naming the flag or variable with a bad value.
 */
export function localConfig(
  globals: GlobalOptions,
  env: NodeJS.ProcessEnv = process.env,
  passphrase?: { value: string; flag: string },
): Config {
  const flags: Record<string, string> = {
    ...FLAGS,
    ...(passphrase ? { QVAULT_PASSPHRASE: passphrase.flag } : {}),
  };
  const merged: NodeJS.ProcessEnv = { ...env };
  if (globals.dataDir) merged.QVAULT_DATA_DIR = resolve(globals.dataDir);
  if (globals.db) {
    // A postgres:// URL, or a SQLite file: the flag wins over either variable.
    delete merged.QVAULT_DATABASE_URL;
    if (isPostgresUrl(globals.db)) merged.QVAULT_DATABASE_URL = globals.db;
    else merged.QVAULT_DATABASE = resolve(globals.db);
  }
  // A folder, or a place in object storage (s3://bucket/prefix).
  if (globals.repo)
    merged.QVAULT_REPOSITORY = isS3Location(globals.repo) ? globals.repo : resolve(globals.repo);
  if (passphrase !== undefined) merged.QVAULT_PASSPHRASE = passphrase.value;
  try {
    return readConfig(merged);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const message = error.message.replace(/QVAULT_[A-Z_]+/g, (name) =>
      flags[name] ? `${flags[name]} (${name})` : name,
    );
    throw new CliError("USAGE", message, { cause: error });
  }
}
