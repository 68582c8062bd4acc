/** `qvault backup`: a snapshot of the whole bank, of some sections, or of some questions. */
import type { BackupRequest } from "@qvault/core";
import { formatBytes, plural } from "@qvault/vault/report-text";
import { defineCommand } from "../command.js";
import { collect } from "../options.js";
import { CliError } from "../output/exit-codes.js";
import { questionBank, vault } from "../target/question-bank.js";
import { type NamedSection, resolveSections } from "../target/section-ref.js";
import { JOB_FIELDS, type JobView, succeeded } from "../target/server.js";

interface BackupOptions {
  section?: string[];
  question?: string[];
  note?: string;
}

function checkOptions(options: BackupOptions): void {
  if (options.section && options.question)
    throw new CliError(
      "USAGE",
      "--section and --question cannot be combined: back up sections, or questions",
    );
}

/**
 * The request; `sections` lists the live bank's sections, which --section names by id, name or id
 * prefix (asked for only when --section is given).
 */
async function requestOf(
  options: BackupOptions,
  sections: () => Promise<readonly NamedSection[]>,
): Promise<BackupRequest> {
  const note = options.note ?? null;
  if (options.question) return { scope: "QUESTIONS", questionIds: options.question, note };
  if (options.section)
    return { scope: "SECTIONS", sectionIds: resolveSections(options.section, await sections()), note };
  return { scope: "FULL", note };
}

export const backup = defineCommand<BackupOptions>({
  name: "backup",
  summary: "back up the bank: everything, or chosen sections or questions",
  description:
    "Takes a snapshot of the bank, reading one consistent state of it while edits go on. Only records the " +
    "repository lacks are written. A full backup also records how far the bank's change journal goes, so " +
    "automatic backups continue from it.",
  options(command) {
    command
      .option(
        "--section <section>",
        "back up this section, whole: its id, name or a prefix of its id (repeatable)",
        collect,
      )
      .option("--question <id>", "back up this question (repeatable)", collect)
      .option("--note <text>", "a note stored with the snapshot (up to 1000 characters)");
  },
  examples: [
    "qvault backup",
    'qvault backup --note "before the spring import"',
    'qvault backup --section "Listening - Part 1" --section 3f2a',
    "qvault backup --question q_12 --question q_13 --json",
    "qvault backup --server http://127.0.0.1:4000 --key $QVAULT_API_KEY",
  ],
  async local({ local, output, signal }, _args, options) {
    checkOptions(options);
    const repository = await local.repository();
    const db = await local.database();
    const request = await requestOf(options, async () =>
      (await questionBank()).createQuestionBank(db).listSections(),
    );
    const { backUpBank, describeBackup } = await vault();
    const manifest = await backUpBank(db, repository, request, { progress: output.progress, signal });
    const { stats } = manifest;
    output.summary(
      {
        command: "backup",
        snapshotId: manifest.id,
        time: manifest.time,
        scope: manifest.scope,
        trigger: manifest.trigger,
        questionCount: stats.questionCount,
        sectionCount: stats.sectionCount,
        changedCount: stats.changedCount,
        addedRecords: stats.addedRecords,
        addedBytes: stats.addedBytes,
        durationMs: stats.durationMs,
      },
      `${describeBackup(manifest)}\nsnapshot ${manifest.id} saved`,
    );
    return undefined;
  },
  async server({ server, output, signal }, _args, options) {
    checkOptions(options);
    const { scope, sectionIds, questionIds, note } = await requestOf(
      options,
      async () => (await server.request<{ sections: NamedSection[] }>("{ sections { id name } }")).sections,
    );
    const { startBackup } = await server.request<{ startBackup: JobView }>(
      `mutation($input: BackupInput!) { startBackup(input: $input) { ${JOB_FIELDS} } }`,
      { input: { scope, sectionIds, questionIds, note } },
    );
    const job = succeeded(await server.follow(startBackup, output.progress, signal));
    const made = job.backup!;
    output.summary(
      {
        command: "backup",
        snapshotId: made.id,
        time: made.createdAt,
        scope: made.scope,
        trigger: made.trigger,
        questionCount: made.questionCount,
        sectionCount: made.sectionCount,
        changedCount: made.changedCount,
        addedBytes: made.addedBytes,
        jobId: job.id,
      },
      `${job.message ?? `Backed up ${plural(made.questionCount, "question")}; ${formatBytes(made.addedBytes)} added`}\nsnapshot ${made.id} saved`,
    );
    return undefined;
  },
});
