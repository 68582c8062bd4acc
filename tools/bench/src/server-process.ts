/**
 * A real qvault server for the benchmarks: @qvault/test-server's server on a copy of a bank,
 * with no automatic cleanup unless `env` turns it on.
 */
import { type ServerProcess, startServerProcess } from "@qvault/test-server";

/**
 * Starts the built server on a copy of the SQLite `bank`, or (null) on the bank `env` names;
 * BENCH_SERVER_NODE_ARGS gives its node flags.
 */
export function startQvault(bank: string | null, env: Record<string, string> = {}): Promise<ServerProcess> {
  return startServerProcess({
    ...(bank ? { bank } : {}),
    env: { QVAULT_AUTO_PRUNE: "false", ...env },
    // e.g. "--cpu-prof --cpu-prof-dir=/tmp/p"
    nodeArgs: process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [],
  });
}

/** Waits as long as job `id` takes. @throws unless it SUCCEEDED */
export async function jobSucceeded(server: ServerProcess, id: string): Promise<void> {
  const job = await server.waitForJob(id, { timeoutMs: Number.POSITIVE_INFINITY, intervalMs: 100 });
  if (job.status !== "SUCCEEDED") throw new Error(`job ${id} ended ${JSON.stringify(job)}`);
}
