/**
 * Starts the built qvault server (`node apps/api/dist/main.js`) on a free port with a fresh data
 * folder and the demo bank, the way an operator runs it, for the command line's --server tests.
 */
import { type ServerProcess, startServerProcess, TEST_ADMIN_TOKEN } from "@qvault/test-server";

export const ADMIN_KEY = TEST_ADMIN_TOKEN;

export type RunningServer = ServerProcess;

/** A server whose demo bank holds `questions` questions, with no automatic backup or cleanup. */
export function startServer(questions = 40): Promise<RunningServer> {
  return startServerProcess({
    adminToken: ADMIN_KEY,
    env: {
      QVAULT_SEED_QUESTIONS: String(questions),
      QVAULT_AUTO_BACKUP: "false",
      QVAULT_AUTO_PRUNE: "false",
    },
  });
}
