/**
 * `qvault prune`: removes the data no snapshot needs (packs whose records no snapshot names, and
 * leftovers of interrupted writes), and repacks packs that are mostly dead. Crash-safe; a dry run
 * says what would go.
 */
import { type PruneReport, prune as pruneRepository } from "@qvault/core";
import { reportOf } from "@qvault/vault/jobs";
import { defineCommand, type RunResult } from "../command.js";
import { CliError } from "../output/exit-codes.js";
import type { Output } from "../output/output.js";
import { printDecisions } from "../retention/decisions.js";
import { vault } from "../target/question-bank.js";
import { JOB_FIELDS, type JobView, type ServerClient, succeeded } from "../target/server.js";

interface PruneOptions {
  dryRun?: boolean;
}

async function print(output: Output, report: PruneReport): Promise<void> {
  const { describePrune } = await vault();
  const { dryRun, packsDeleted, packsRepacked, recordsRemoved, bytesFreed } = report;
  output.summary(
    {
      command: "prune",
      dryRun,
      forgotten: report.forget.length,
      packsDeleted,
      packsRepacked,
      recordsRemoved,
      bytesFreed,
    },
    describePrune(report),
  );
}

/** The server's cleanup (pruneBackups): its saved retention policy, then garbage collection. */
export async function runServerPrune(
  server: ServerClient,
  output: Output,
  signal: AbortSignal,
  dryRun: boolean,
): Promise<RunResult> {
  const { pruneBackups } = await server.request<{ pruneBackups: JobView }>(
    `mutation($dryRun: Boolean!) { pruneBackups(dryRun: $dryRun) { ${JOB_FIELDS} } }`,
    { dryRun },
  );
  const job = succeeded(await server.follow(pruneBackups, output.progress, signal));
  const report = reportOf(job, "PRUNE");
  if (!report) throw new CliError("FAILURE", "The server's cleanup job ended without a report");
  printDecisions(output, null, report.forget, dryRun);
  await print(output, report);
  return undefined;
}

export const prune = defineCommand<PruneOptions>({
  name: "prune",
  summary: "remove data no snapshot needs (after forget); --dry-run says what would go",
  description:
    "Removes packs whose records no snapshot names, and leftovers of interrupted writes, and rewrites packs " +
    "that are mostly dead, crash-safely: new packs and index first, old files last. It forgets no snapshot " +
    "(see `qvault forget`). With --server it runs the server's cleanup, which first applies the server's saved " +
    "retention policy (the admin's settings), as pruneBackups does.",
  options(command) {
    command.option("--dry-run", "say what would be removed; change nothing");
  },
  examples: [
    "qvault prune --dry-run",
    "qvault prune --json",
    "qvault prune --server http://127.0.0.1:4000 --key $KEY",
  ],
  async local({ local, output, signal }, _args, options) {
    const repository = await local.repository();
    // A policy with no rule keeps every snapshot: this is garbage collection only.
    const report = await pruneRepository(
      repository,
      {},
      { dryRun: options.dryRun ?? false, progress: output.progress, signal },
    );
    await print(output, report);
    return undefined;
  },
  server({ server, output, signal }, _args, options) {
    return runServerPrune(server, output, signal, options.dryRun ?? false);
  },
});
