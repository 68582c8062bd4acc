/** `qvault check`: proves the repository intact (structure; with --read-data, every record re-hashed). */
import { type CheckReport, check as checkRepository } from "@qvault/core";
import { reportOf } from "@qvault/vault/jobs";
import { plural } from "@qvault/vault/report-text";
import { defineCommand, type RunResult } from "../command.js";
import type { Output } from "../output/output.js";
import { vault } from "../target/question-bank.js";
import { JOB_FIELDS, type JobView, succeeded } from "../target/server.js";

interface CheckOptions {
  readData?: boolean;
}

async function print(output: Output, report: CheckReport): Promise<RunResult> {
  const { describeCheck } = await vault();
  for (const problem of report.problems)
    output.item(
      "problem",
      problem,
      `${problem.kind}${problem.path ? ` ${problem.path}` : ""}: ${problem.message}${
        problem.snapshots.length
          ? ` (affects ${plural(problem.snapshots.length, "snapshot")}: ${problem.snapshots.slice(0, 5).join(", ")})`
          : ""
      }`,
    );
  if (report.unreferencedPacks.length)
    output.warn(
      `${plural(report.unreferencedPacks.length, "pack")} that no index names, left by an interrupted write; \`qvault prune\` removes them`,
    );
  output.summary(
    {
      command: "check",
      ok: report.ok,
      readData: report.readData,
      problems: report.problems.length,
      unreferencedPacks: report.unreferencedPacks.length,
      stats: report.stats,
    },
    describeCheck(report),
  );
  return report.ok ? undefined : "INTEGRITY";
}

export const check = defineCommand<CheckOptions>({
  name: "check",
  summary: "check the repository's structure, and with --read-data every record",
  description:
    "Checks that the config, every index file and every manifest open, that every pack an index names exists " +
    "with its size, and that every record a snapshot names is indexed. With --read-data it also reads every " +
    "pack whole, decrypts and decompresses every frame and re-hashes every record. Every problem is reported " +
    "with the snapshots and sections it affects; the exit code is 3 when there is any. It changes nothing.",
  options(command) {
    command.option("--read-data", "read, decrypt and re-hash every record");
  },
  examples: [
    "qvault check",
    "qvault check --read-data --json",
    "qvault check --server http://127.0.0.1:4000 --key $KEY",
  ],
  async local({ local, output, signal }, _args, options) {
    const repository = await local.repository();
    const readData = options.readData ?? false;
    return print(output, await checkRepository(repository, { readData, progress: output.progress, signal }));
  },
  async server({ server, output, signal }, _args, options) {
    const { verifyRepository } = await server.request<{ verifyRepository: JobView }>(
      `mutation($readData: Boolean!) { verifyRepository(readData: $readData) { ${JOB_FIELDS} } }`,
      { readData: options.readData ?? false },
    );
    const job = await server.follow(verifyRepository, output.progress, signal);
    const report = reportOf(job, "VERIFY");
    if (report && Array.isArray(report.problems)) return print(output, report);
    const done = succeeded(job);
    output.summary({ command: "check", ok: true, message: done.message }, done.message ?? "No problems");
    return undefined;
  },
});
