/**
 * Starts the built qvault server (`node apps/api/dist/main.js`) on a free port with a fresh data
 * folder and the demo bank, the way an operator runs it, for the command line's --server tests.
 */

import { isPostgresUrl } from "@qvault/question-bank";
import { type ServerProcess, startServerProcess, TEST_ADMIN_TOKEN } from "@qvault/test-server";
import { testDatabaseKind, testDatabaseLocation } from "@qvault/test-server/database";
import { bankOfDataDir } from "./run-cli.js";

export const ADMIN_KEY = TEST_ADMIN_TOKEN;

export type RunningServer = ServerProcess;

/** A server whose demo bank holds `questions` questions, with no automatic backup or cleanup. */
export async function startServer(questions = 40): Promise<RunningServer> {
  const server = await startServerProcess({
    adminToken: ADMIN_KEY,
    env: {
      ...(testDatabaseKind() === "postgres" ? { QVAULT_DATABASE_URL: testDatabaseLocation("") } : {}),
      QVAULT_SEED_QUESTIONS: String(questions),
      QVAULT_AUTO_BACKUP: "false",
      QVAULT_AUTO_PRUNE: "false",
    },
  });
  // Commands run on the server's data folder reach its bank as the server does.
  if (isPostgresUrl(server.database)) bankOfDataDir(server.dataDir, server.database);
  return server;
}
