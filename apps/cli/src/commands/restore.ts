/**
 * `qvault restore <snapshot>`: plan, validate, take a safety snapshot, apply in one transaction of
 * the bank, verify. With --dry-run it prints the plan and writes nothing.
 */
import {
  type ChangeKind,
  type PlanItem,
  RESTORE_MODES,
  type RestoreMode,
  type RestoreRequest,
  type ValidationIssue,
} from "@qvault/core";
import { reportOf } from "@qvault/vault/jobs";
import { plural } from "@qvault/vault/report-text";
import { defineCommand, type RunResult } from "../command.js";
import { changedItems } from "../compare/compare.js";
import { countsData, countsText, printChanges } from "../compare/render.js";
import { serverPlan } from "../compare/server-plan.js";
import { choiceOption, collect } from "../options.js";
import { confirm } from "../output/confirm.js";
import { CliError } from "../output/exit-codes.js";
import type { Output } from "../output/output.js";
import { vault } from "../target/question-bank.js";
import { type NamedSection, resolveSections } from "../target/section-ref.js";
import { JOB_FIELDS, type JobView, succeeded } from "../target/server.js";
import {
  addSnapshotOptions,
  findServerSnapshot,
  findSnapshot,
  SNAPSHOT_HELP,
  type SnapshotOptions,
  snapshotArgs,
} from "../target/snapshot-ref.js";

interface RestoreOptions extends SnapshotOptions {
  section?: string[];
  question?: string[];
  mode: RestoreMode;
  dryRun?: boolean;
  yes?: boolean;
  fields?: boolean;
}

type Counts = Record<ChangeKind, number>;

/** The request; `sections` are the snapshot's, which --section names by id, name or id prefix. */
function requestOf(
  backupId: string,
  options: RestoreOptions,
  sections: readonly NamedSection[],
): RestoreRequest {
  const { mode } = options;
  if (options.question) return { backupId, scope: "QUESTIONS", questionIds: options.question, mode };
  if (options.section)
    return { backupId, scope: "SECTIONS", sectionIds: resolveSections(options.section, sections), mode };
  return { backupId, scope: "FULL", mode };
}

function checkOptions(options: RestoreOptions): void {
  if (options.section && options.question)
    throw new CliError(
      "USAGE",
      "--section and --question cannot be combined: restore sections, or questions",
    );
}

/** The command that undoes a restore, given its safety snapshot and undo request. */
function undoCommand(undo: Omit<RestoreRequest, "backupId">, safetyId: string): string {
  const scope =
    undo.scope === "SECTIONS"
      ? (undo.sectionIds ?? []).map((id) => ` --section ${id}`).join("")
      : undo.scope === "QUESTIONS"
        ? (undo.questionIds ?? []).map((id) => ` --question ${id}`).join("")
        : " --yes";
  return `qvault restore ${safetyId} --mode replace${scope}`;
}

/** Prints a dry run's plan and validation; returns the exit the problems call for. */
function printPlan(
  output: Output,
  request: RestoreRequest,
  plan: { counts: Counts; items: PlanItem[]; errors: ValidationIssue[]; warnings: ValidationIssue[] },
  fields: boolean,
): RunResult {
  printChanges(output, plan.items, { fields });
  for (const [severity, issues] of [
    ["error", plan.errors],
    ["warning", plan.warnings],
  ] as const)
    for (const issue of issues)
      output.item(
        "issue",
        { severity, ...issue },
        `${severity}: ${issue.code} ${issue.entity ?? ""} ${issue.id ?? ""}: ${issue.message}`.replace(
          /\s+/g,
          " ",
        ),
      );
  const ok = plan.errors.length === 0;
  output.summary(
    {
      command: "restore",
      dryRun: true,
      snapshotId: request.backupId,
      scope: request.scope,
      mode: request.mode,
      ...countsData(plan.counts),
      valid: ok,
      errors: plan.errors.length,
      warnings: plan.warnings.length,
    },
    `dry run of restoring ${request.backupId} (${request.scope}, ${request.mode}): ${countsText(plan.counts)}; ${
      ok ? "valid, nothing written" : `${plural(plan.errors.length, "problem")}, it would be refused`
    }`,
  );
  if (ok) return undefined;
  return plan.errors.some((e) => e.code === "INTEGRITY_ERROR") ? "INTEGRITY" : "VALIDATION_FAILED";
}

function printResult(
  output: Output,
  request: RestoreRequest,
  result: {
    counts: Counts;
    safetyId: string;
    undo: Omit<RestoreRequest, "backupId">;
    warnings: ValidationIssue[];
  },
): void {
  for (const warning of result.warnings)
    output.warn(`${warning.code} ${warning.id ?? ""}: ${warning.message}`);
  const undo = undoCommand(result.undo, result.safetyId);
  output.summary(
    {
      command: "restore",
      dryRun: false,
      snapshotId: request.backupId,
      scope: request.scope,
      mode: request.mode,
      ...countsData(result.counts),
      safetySnapshotId: result.safetyId,
      undo,
    },
    `Restored from ${request.backupId}: ${countsText(result.counts)}\nsafety snapshot ${result.safetyId}; to undo: ${undo}`,
  );
}

const FULL_REPLACE = (id: string) =>
  `Restoring ${id} in REPLACE mode makes the whole bank exactly the snapshot's.`;

export const restoreCommand = defineCommand<RestoreOptions>({
  name: "restore",
  args: "[snapshot]",
  summary: "restore a snapshot (all, sections or questions; replace or merge), or --dry-run to preview",
  description:
    "REPLACE makes the scope exactly the snapshot's (what the scope holds that the snapshot lacks is deleted); " +
    "MERGE adds and changes, deleting nothing. Before any write the plan is validated, and a PRE_RESTORE " +
    "safety snapshot of the scope is taken: the summary prints the command that undoes the restore. The " +
    "restore is one transaction of the bank: all or nothing. A full REPLACE asks first (or needs --yes). " +
    `--section takes a section's id, its name in the snapshot, or a prefix of its id. ${SNAPSHOT_HELP}`,
  options(command) {
    command
      .option("--section <section>", "restore this section: id, name or id prefix (repeatable)", collect)
      .option("--question <id>", "restore this question (repeatable)", collect)
      .addOption(
        choiceOption("--mode <mode>", "replace or merge", RESTORE_MODES).default("REPLACE", "replace"),
      )
      .option("--dry-run", "print the plan (counts, changes, validation) and write nothing")
      .option("--fields", "with --dry-run, show each changed field, before -> after")
      .option("-y, --yes", "do not ask before a full REPLACE");
    addSnapshotOptions(command);
  },
  examples: [
    "qvault restore latest --dry-run --fields",
    'qvault restore 019a3c5e27f1 --section "Listening - Part 1"',
    'qvault restore --as-of "2026-03-01 09:00" --section 3f2a --dry-run',
    "qvault restore 019a3c5e27f1 --question q_12 --mode merge",
    "qvault restore latest --yes --json",
  ],
  async local({ local, output, signal }, args, options) {
    checkOptions(options);
    const { choice } = snapshotArgs(args, options, 0);
    const repository = await local.repository();
    const manifest = await findSnapshot(repository, choice);
    const request = requestOf(manifest.id, options, manifest.sections);
    const db = await local.database({ create: !options.dryRun });
    const { previewRestore, restoreBank } = await vault();
    const preview = () =>
      previewRestore(db, repository, request, {
        progress: output.progress,
        signal,
        inspect: async ({ plan }, source) =>
          options.dryRun ? await changedItems(repository, source, plan) : [],
      });
    const planOf = ({ plan, validation, inspected }: Awaited<ReturnType<typeof preview>>) => ({
      counts: plan.counts,
      items: inspected ?? [],
      errors: validation.errors,
      warnings: validation.warnings,
    });
    if (options.dryRun) return printPlan(output, request, planOf(await preview()), options.fields ?? false);
    let validated: Awaited<ReturnType<typeof preview>> | undefined;
    if (request.scope === "FULL" && request.mode === "REPLACE")
      await confirm(output, {
        yes: options.yes ?? false,
        risk: FULL_REPLACE(manifest.id),
        what: async () => {
          validated = await preview();
          return `It would do: ${countsText(validated.plan.counts)}.`;
        },
      });
    const result = await restoreBank(db, repository, request, {
      progress: output.progress,
      signal,
      validated,
    });
    printResult(output, request, {
      counts: result.plan.counts,
      safetyId: result.safetyBackupId,
      undo: result.undo,
      warnings: result.validation.warnings,
    });
    return undefined;
  },
  async server({ server, output, signal }, args, options) {
    checkOptions(options);
    const { choice } = snapshotArgs(args, options, 0);
    const id = await findServerSnapshot(server, choice);
    let sections: NamedSection[] = [];
    if (options.section) {
      const { backup } = await server.request<{
        backup: { sections: { sectionId: string; name: string }[] };
      }>("query($id: ID!) { backup(id: $id) { sections { sectionId name } } }", { id });
      sections = backup.sections.map((s) => ({ id: s.sectionId, name: s.name }));
    }
    const request = requestOf(id, options, sections);
    const input = { ...request };
    if (options.dryRun)
      return printPlan(output, request, await serverPlan(server, input), options.fields ?? false);
    if (request.scope === "FULL" && request.mode === "REPLACE")
      await confirm(output, {
        yes: options.yes ?? false,
        risk: FULL_REPLACE(request.backupId),
        what: async () => `It would do: ${countsText((await serverPlan(server, input, false)).counts)}.`,
      });
    const { startRestore } = await server.request<{ startRestore: JobView }>(
      `mutation($input: RestoreInput!) { startRestore(input: $input) { ${JOB_FIELDS} } }`,
      { input },
    );
    const job = succeeded(await server.follow(startRestore, output.progress, signal));
    const report = reportOf(job, "RESTORE");
    if (!report) throw new CliError("FAILURE", "The server's restore job ended without a report");
    printResult(output, request, {
      counts: report.counts,
      safetyId: job.safetyBackup!.id,
      undo: report.undo,
      warnings: report.warnings,
    });
    return undefined;
  },
});
