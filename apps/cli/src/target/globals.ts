/** The flags every command takes: where the data is (or which server), secrets, and how to print. */

export interface GlobalOptions {
  /** The repository's folder (QVAULT_REPOSITORY; relative to the data folder when set there). */
  repo?: string;
  /** The bank's SQLite file (QVAULT_DATABASE; relative to the data folder when set there). */
  db?: string;
  /** The data folder (QVAULT_DATA_DIR). */
  dataDir?: string;
  passphrase?: string;
  passphraseFile?: string;
  /** A command whose output's first line is the passphrase (like restic's --password-command). */
  passphraseCommand?: string;
  /** A running qvault server's URL (QVAULT_SERVER); commands then go through its GraphQL API. */
  server?: string;
  /** The API key for the server (QVAULT_API_KEY). */
  key?: string;
  /** A file holding the API key. */
  keyFile?: string;
  json?: boolean;
  quiet?: boolean;
  /** Print and read times in UTC instead of the local time zone. */
  utc?: boolean;
  /** Seconds to wait for another writer's lock. @default 0 */
  retryLock: number;
}
