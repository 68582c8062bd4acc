/**
 * qvault's configuration, read from environment variables (the README lists them): the one
 * module the server and the command line both read, so that both find the bank and the
 * repository in the same places. A bad value stops start-up with a message naming the variable.
 * Relative paths: the data folder from the current folder; the database and the repository
 * from the data folder. The bank lives in a SQLite file unless QVAULT_DATABASE_URL names a
 * PostgreSQL database.
 */
import { dirname, join, resolve } from "node:path";
import {
  createStorage,
  DEFAULT_COMPRESSION_QUALITY,
  isS3Location,
  parseS3Location,
  type S3Settings,
  type Storage,
  StorageError,
} from "@qvault/core";
import { z } from "zod";

const bool = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"], {
    message: "must be true or false (or 1/0, yes/no, on/off)",
  })
  .transform((value) => ["1", "true", "yes", "on"].includes(value));

const schema = z.object({
  QVAULT_PORT: z.coerce
    .number({ message: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be from 0 to 65535")
    .max(65535, "must be from 0 to 65535")
    .default(4000),
  QVAULT_HOST: z.string().min(1, "must not be empty").default("127.0.0.1"),
  QVAULT_DATA_DIR: z.string().min(1, "must not be empty").default("./data"),
  QVAULT_DATABASE: z.string().min(1, "must not be empty").optional(),
  QVAULT_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^/]+\/[^/?]+/, "must be a postgres://user:password@host:port/database URL")
    .optional(),
  QVAULT_ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").max(512).optional(),
  QVAULT_SEED: bool.default(true),
  QVAULT_SEED_QUESTIONS: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .max(1_000_000, "must be at most 1000000")
    .default(240),
  QVAULT_ADMIN_DIR: z.string().min(1).optional(),
  QVAULT_NOTIFY_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
    .optional(),
  QVAULT_NOTIFY_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  QVAULT_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  QVAULT_METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  QVAULT_MEDIA_DIR: z
    .string()
    .min(1, "must not be empty")
    .refine((value) => !isS3Location(value) || validS3(value), {
      message:
        "must be a folder or s3://bucket/prefix (a bucket name is 3 to 63 lowercase letters, digits, dots and hyphens)",
    })
    .optional(),
  QVAULT_REPOSITORY: z
    .string()
    .min(1, "must not be empty")
    .refine((value) => !isS3Location(value) || validS3(value), {
      message:
        "must be s3://bucket/prefix (a bucket name is 3 to 63 lowercase letters, digits, dots and hyphens)",
    })
    .optional(),
  QVAULT_S3_ENDPOINT: z.url({ message: "must be a URL, such as https://s3.example.com:9000" }).optional(),
  QVAULT_S3_REGION: z.string().min(1, "must not be empty").optional(),
  QVAULT_S3_FORCE_PATH_STYLE: bool.optional(),
  QVAULT_S3_PROFILE: z.string().min(1, "must not be empty").optional(),
  QVAULT_COPY_S3_ENDPOINT: z
    .url({ message: "must be a URL, such as https://s3.example.com:9000" })
    .optional(),
  QVAULT_COPY_S3_REGION: z.string().min(1, "must not be empty").optional(),
  QVAULT_COPY_S3_FORCE_PATH_STYLE: bool.optional(),
  QVAULT_COPY_S3_PROFILE: z.string().min(1, "must not be empty").optional(),
  QVAULT_PASSPHRASE: z.string().min(8, "must be at least 8 characters").max(1024).optional(),
  QVAULT_COPY_TO: z
    .string()
    .min(1, "must not be empty")
    .refine((value) => !isS3Location(value) || validS3(value), {
      message:
        "must be a folder or s3://bucket/prefix (a bucket name is 3 to 63 lowercase letters, digits, dots and hyphens)",
    })
    .optional(),
  QVAULT_COPY_PASSPHRASE: z.string().min(8, "must be at least 8 characters").max(1024).optional(),
  QVAULT_AUTO_BACKUP: bool.default(true),
  QVAULT_AUTO_PRUNE: bool.default(true),
  QVAULT_IMPORT_MAX_BYTES: z.coerce
    .number({ message: "must be a number of bytes" })
    .int("must be a whole number")
    .min(1024, "must be at least 1024")
    .max(Number.MAX_SAFE_INTEGER, "is too large")
    .default(1024 * 1024 * 1024),
  QVAULT_MEDIA_MAX_BYTES: z.coerce
    .number({ message: "must be a number of bytes" })
    .int("must be a whole number")
    .min(1024, "must be at least 1024")
    .max(Number.MAX_SAFE_INTEGER, "is too large")
    .default(50 * 1024 * 1024),
  QVAULT_COMPRESSION_QUALITY: z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(0, "must be from 0 to 11")
    .max(11, "must be from 0 to 11")
    .default(DEFAULT_COMPRESSION_QUALITY),
  QVAULT_INSTANCE_TIMEOUT_MS: z.coerce
    .number({ message: "must be a number of milliseconds" })
    .int("must be a whole number")
    .min(1000, "must be at least 1000")
    .max(3_600_000, "must be at most 3600000")
    .default(15_000),
});

function validS3(location: string): boolean {
  try {
    parseS3Location(location);
    return true;
  } catch (error) {
    if (error instanceof StorageError) return false;
    throw error;
  }
}

/** True when `database` is a PostgreSQL URL rather than a SQLite file's path. */
export function isPostgresUrl(database: string): boolean {
  return /^postgres(ql)?:\/\//.test(database);
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** The bank's database: the SQLite file's path, or a `postgres://` URL. */
  database: string;
  /**
   * The media folder questions' audio paths are relative to, a folder or `s3://bucket/prefix`
   * (reached with `s3`): QVAULT_MEDIA_DIR (a folder relative to the data folder), else
   * {@link defaultMediaDir}.
   */
  mediaDir: string;
  adminToken: string | undefined;
  /** Where alerts are POSTed, signed with `notifyWebhookSecret`, until the settings say otherwise. */
  notifyWebhookUrl: string | undefined;
  notifyWebhookSecret: string | undefined;
  /** A bearer token that may read `GET /metrics` (besides any API key), for Prometheus. */
  metricsToken: string | undefined;
  /** The least level logged: fatal, error, warn, info, debug, trace or silent. */
  logLevel: string;
  seed: boolean;
  seedQuestions: number;
  /** Folder of the built admin SPA, when set; the server has its own default. */
  adminDir: string | null;
  /** The backup repository: a folder's path, or `s3://bucket/prefix` in object storage. */
  repository: string;
  /** How to reach the object store of an `s3://` repository. */
  s3: S3Settings;
  /** Makes a new repository encrypted; required to open an encrypted one. */
  passphrase: string | undefined;
  /** Where copies go until the settings say otherwise: a folder's path or `s3://bucket/prefix`. */
  copyTo: string | undefined;
  /** The passphrase of the copies' repository (else the repository's own). */
  copyPassphrase: string | undefined;
  /**
   * How to reach the object store of an `s3://` copy: QVAULT_COPY_S3_*, each falling back to its
   * QVAULT_S3_* (a copy in another bucket of the same store needs none of them).
   */
  copyS3: S3Settings;
  compressionQuality: number;
  /** Largest archive `POST /backups/import` accepts, in bytes. */
  importMaxBytes: number;
  /** Largest audio file `PUT /questions/:id/audio` accepts, in bytes. */
  mediaMaxBytes: number;
  /** Automatic backups on, until the settings say otherwise. */
  autoBackup: boolean;
  /** Retention and cleanup after backups, until the settings say otherwise. */
  autoPrune: boolean;
  /**
   * How long an instance may go without a heartbeat before the others count it gone and mark its
   * jobs INTERRUPTED; it beats every third of this.
   */
  instanceTimeoutMs: number;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Reads the configuration from `env`. @throws ConfigError naming each bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith("QVAULT_") && value !== ""),
  );
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  const values = result.data;
  if (values.QVAULT_NOTIFY_WEBHOOK_URL && !values.QVAULT_NOTIFY_WEBHOOK_SECRET)
    throw new ConfigError(
      "Invalid configuration:\n  QVAULT_NOTIFY_WEBHOOK_SECRET: is needed with QVAULT_NOTIFY_WEBHOOK_URL: notifications are signed with it",
    );
  const dataDir = resolve(values.QVAULT_DATA_DIR);
  const database = values.QVAULT_DATABASE_URL ?? resolve(dataDir, values.QVAULT_DATABASE ?? "qvault.sqlite");
  const repository =
    values.QVAULT_REPOSITORY && isS3Location(values.QVAULT_REPOSITORY)
      ? values.QVAULT_REPOSITORY
      : resolve(dataDir, values.QVAULT_REPOSITORY ?? "repository");
  return {
    port: values.QVAULT_PORT,
    host: values.QVAULT_HOST,
    dataDir,
    database,
    mediaDir: values.QVAULT_MEDIA_DIR
      ? isS3Location(values.QVAULT_MEDIA_DIR)
        ? values.QVAULT_MEDIA_DIR
        : resolve(dataDir, values.QVAULT_MEDIA_DIR)
      : defaultMediaDir(database, repository, dataDir),
    adminToken: values.QVAULT_ADMIN_TOKEN,
    metricsToken: values.QVAULT_METRICS_TOKEN,
    logLevel: values.QVAULT_LOG_LEVEL,
    notifyWebhookUrl: values.QVAULT_NOTIFY_WEBHOOK_URL,
    notifyWebhookSecret: values.QVAULT_NOTIFY_WEBHOOK_SECRET,
    seed: values.QVAULT_SEED,
    seedQuestions: values.QVAULT_SEED_QUESTIONS,
    adminDir: values.QVAULT_ADMIN_DIR ? resolve(values.QVAULT_ADMIN_DIR) : null,
    repository,
    s3: {
      endpoint: values.QVAULT_S3_ENDPOINT,
      region: values.QVAULT_S3_REGION,
      forcePathStyle: values.QVAULT_S3_FORCE_PATH_STYLE,
      profile: values.QVAULT_S3_PROFILE,
    },
    copyS3: {
      endpoint: values.QVAULT_COPY_S3_ENDPOINT ?? values.QVAULT_S3_ENDPOINT,
      region: values.QVAULT_COPY_S3_REGION ?? values.QVAULT_S3_REGION,
      forcePathStyle: values.QVAULT_COPY_S3_FORCE_PATH_STYLE ?? values.QVAULT_S3_FORCE_PATH_STYLE,
      profile: values.QVAULT_COPY_S3_PROFILE ?? values.QVAULT_S3_PROFILE,
    },
    passphrase: values.QVAULT_PASSPHRASE,
    copyTo:
      values.QVAULT_COPY_TO && !isS3Location(values.QVAULT_COPY_TO)
        ? resolve(values.QVAULT_COPY_TO)
        : values.QVAULT_COPY_TO,
    copyPassphrase: values.QVAULT_COPY_PASSPHRASE,
    compressionQuality: values.QVAULT_COMPRESSION_QUALITY,
    importMaxBytes: values.QVAULT_IMPORT_MAX_BYTES,
    mediaMaxBytes: values.QVAULT_MEDIA_MAX_BYTES,
    autoBackup: values.QVAULT_AUTO_BACKUP,
    autoPrune: values.QVAULT_AUTO_PRUNE,
    instanceTimeoutMs: values.QVAULT_INSTANCE_TIMEOUT_MS,
  };
}

/**
 * The media folder when QVAULT_MEDIA_DIR does not name one. For a bank in PostgreSQL (which
 * several instances may serve) with its repository in object storage: beside the repository
 * (`s3://bucket/prefix` gives `s3://bucket/prefix-media`, `s3://bucket` gives `s3://bucket/media`),
 * where every instance reaches it. Else on this machine: `media` beside a SQLite bank's file (as
 * seeding puts it; one process serves such a bank, so backups going off-site do not move it),
 * else the data folder's `media`.
 */
export function defaultMediaDir(database: string, repository: string, dataDir: string): string {
  if (!isPostgresUrl(database)) return join(dirname(database), "media");
  if (!isS3Location(repository)) return resolve(dataDir, "media");
  const { bucket, prefix } = parseS3Location(repository);
  return `s3://${bucket}/${prefix ? `${prefix}-media` : "media"}`;
}

/** The storage of the configured repository: its folder, or its place in object storage. */
export function repositoryStorage(config: Pick<Config, "repository" | "s3">): Storage {
  return createStorage(config.repository, config.s3);
}
