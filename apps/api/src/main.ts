/** Starts qvault: `node dist/main.js`. Configuration comes from QVAULT_* variables (see README). */
import "./thread-pool.js";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, readConfig } from "@qvault/vault/config";
import { createLogger } from "./logger.js";
import { startServer } from "./server.js";
import { startTracing } from "./services/traces.js";

// Started by a package script (`pnpm start`, `pnpm dev`, from the checkout's root or this folder),
// relative paths such as the default ./data mean the folder the command was typed in.
if (process.env.npm_lifecycle_event && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

async function main(): Promise<void> {
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  // JSON lines for log collectors; readable lines on a terminal.
  const logger = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  // Traces only when an OTLP endpoint is set.
  const stopTracing = startTracing();
  if (stopTracing)
    logger.info(
      { endpoint: process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT },
      "traces are exported over OTLP",
    );
  const server = await startServer(config, { logger });
  logger.info(
    { url: server.url },
    `qvault is listening on ${server.url} (admin at ${server.url}/, API at ${server.url}/graphql)`,
  );
  logger.info({ database: server.database }, `database: ${server.database}`);
  if (server.createdAdminSecret) {
    // A secret never goes into the log: on a terminal it is shown there, else kept in a file
    // only this user may read.
    if (process.stdout.isTTY)
      process.stdout.write(
        `\nNo API key existed, so an admin key was created. It is shown this once; keep it safe:\n\n  ${server.createdAdminSecret}\n\n`,
      );
    else {
      const file = join(config.dataDir, "admin-key.txt");
      // A file left from before is replaced, not written through with its own permissions.
      rmSync(file, { force: true });
      writeFileSync(file, `${server.createdAdminSecret}\n`, { mode: 0o600, flag: "wx" });
      logger.warn(
        { file },
        `No API key existed, so an admin key was created and written to ${file} (readable by this user only): keep it safe, then delete the file`,
      );
    }
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${signal}: stopping`);
    await server.close();
    await stopTracing?.().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error) => {
  console.error(
    error instanceof Error
      ? error.cause
        ? `${error.message}: ${String(error.cause)}`
        : error.message
      : error,
  );
  process.exit(1);
});
