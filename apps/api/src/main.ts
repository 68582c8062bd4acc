/** Starts qvault: `node dist/main.js`. Configuration comes from QVAULT_* variables (see README). */
import "./thread-pool.js";
import { ConfigError, readConfig } from "@qvault/vault/config";
import { startServer } from "./server.js";

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
  const server = await startServer(config);
  console.log(`qvault is listening on ${server.url} (admin at ${server.url}/, API at ${server.url}/graphql)`);
  console.log(`database: ${server.database}`);
  if (server.createdAdminSecret) {
    console.log("\nNo API key existed, so an admin key was created. It is shown this once; keep it safe:\n");
    console.log(`  ${server.createdAdminSecret}\n`);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    await server.close();
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
