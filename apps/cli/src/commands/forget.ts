/**
 * `qvault forget`: removes the snapshots a retention policy does not keep, like restic's forget;
 * with --prune, also the data no kept snapshot needs.
 */
import { applyRetention, prune, type RetentionPolicy } from "@qvault/core";
import { plural } from "@qvault/vault/report-text";
import { defineCommand } from "../command.js";
import { wholeNumber } from "../options.js";
import { CliError } from "../output/exit-codes.js";
import type { Output } from "../output/output.js";
import { type Decided, printDecisions } from "../retention/decisions.js";
import { vault } from "../target/question-bank.js";
import { runServerPrune } from "./prune.js";

interface ForgetOptions {
  keepLast?: number;
  keepHourly?: number;
  keepDaily?: number;
  keepWeekly?: number;
  keepMonthly?: number;
  keepYearly?: number;
  keepWithinDays?: number;
  keepDeliberateDays?: number;
  groupByTrigger?: boolean;
  dryRun?: boolean;
  prune?: boolean;
}

const RULES = [
  ["keepLast", "--keep-last <n>", "keep the n newest snapshots"],
  ["keepHourly", "--keep-hourly <n>", "keep the newest snapshot of each of the n newest hours that have one"],
  ["keepDaily", "--keep-daily <n>", "the same for days (local time; --utc for UTC days)"],
  ["keepWeekly", "--keep-weekly <n>", "the same for ISO weeks"],
  ["keepMonthly", "--keep-monthly <n>", "the same for months"],
  ["keepYearly", "--keep-yearly <n>", "the same for years"],
  ["keepWithinDays", "--keep-within-days <d>", "keep every snapshot less than d days older than the newest"],
] as const;

/**
 * The policy the flags give, every rule present (null or false when not given, so that a server's
 * saved values never fill in), or null when no count rule is given: --keep-deliberate-days only
 * protects, and alone it would keep everything anyway.
 */
function policyOf(options: ForgetOptions): Required<RetentionPolicy> | null {
  const counts = Object.fromEntries(RULES.map(([key]) => [key, options[key] ?? null]));
  if (!Object.values(counts).some((n) => n !== null)) return null;
  return {
    ...counts,
    keepDeliberateDays: options.keepDeliberateDays ?? null,
    groupByTrigger: options.groupByTrigger ?? false,
  } as Required<RetentionPolicy>;
}

function nothingToDo(output: Output): undefined {
  output.summary(
    { command: "forget", dryRun: false, kept: null, forgotten: 0 },
    "no policy given (--keep-…), so every snapshot is kept",
  );
  return undefined;
}

function summarize(
  output: Output,
  dryRun: boolean,
  kept: number | null,
  forgotten: Decided[],
  extra = {},
  text = "",
) {
  output.summary(
    { command: "forget", dryRun, kept, forgotten: forgotten.length, ...extra },
    text ||
      `${dryRun ? "would forget" : "forgot"} ${plural(forgotten.length, "snapshot")}${kept === null ? "" : `, keeping ${kept}`}`,
  );
}

export const forget = defineCommand<ForgetOptions>({
  name: "forget",
  summary: "forget the snapshots a retention policy does not keep (--prune: and their data)",
  description:
    "Applies the --keep-… rules like restic's forget: a snapshot is kept when any rule keeps it. Pinned " +
    "snapshots, and PRE_RESTORE snapshots of the last 7 days (they undo recent restores), are always kept. " +
    "--keep-deliberate-days also keeps MANUAL and IMPORT snapshots younger than that, and --group-by-trigger " +
    "applies the rules to each trigger's snapshots on their own (so automatic ones never crowd out manual or " +
    "scheduled ones), as the server's default policy does. Without any --keep-… count rule nothing is forgotten. Forgetting removes snapshot manifests only; --prune (or a later " +
    "`qvault prune`) removes the data no kept snapshot needs. With --server, snapshots are deleted through the " +
    "API, and --prune runs the server's cleanup, which first applies the server's saved retention policy: it is " +
    "refused when that policy would forget more than the rules given here.",
  options(command) {
    for (const [, flag, help] of RULES) command.option(flag, help, wholeNumber(0));
    command
      .option(
        "--keep-deliberate-days <d>",
        "also keep every MANUAL and IMPORT snapshot less than d days old (counted from now)",
        wholeNumber(0),
      )
      .option(
        "--group-by-trigger",
        "apply the rules to each trigger's snapshots separately, like restic's --group-by",
      )
      .option("--dry-run", "say what would be forgotten (and pruned); change nothing")
      .option("--prune", "then remove the data no kept snapshot needs");
  },
  examples: [
    "qvault forget --keep-last 10 --keep-daily 7 --keep-weekly 4 --dry-run",
    "qvault forget --keep-within-days 30 --keep-monthly 12 --prune",
    "qvault forget --keep-last 3 --json",
    "qvault forget --keep-last 10 --keep-daily 7 --group-by-trigger --keep-deliberate-days 30 --dry-run",
  ],
  async local({ local, output, signal }, _args, options) {
    const policy = policyOf(options);
    if (!policy) return nothingToDo(output);
    const repository = await local.repository();
    const dryRun = options.dryRun ?? false;
    if (options.prune) {
      const report = await prune(repository, policy, { dryRun, progress: output.progress, signal });
      printDecisions(output, report.keep, report.forget, dryRun);
      const { packsDeleted, packsRepacked, recordsRemoved, bytesFreed } = report;
      summarize(
        output,
        dryRun,
        report.keep.length,
        report.forget,
        { pruned: { packsDeleted, packsRepacked, recordsRemoved, bytesFreed } },
        (await vault()).describePrune(report),
      );
      return undefined;
    }
    const decision = applyRetention(await repository.listSnapshots(), policy, await repository.pinnedIds());
    const keep = decision.keep.map((m) => ({
      id: m.id,
      time: m.time,
      trigger: m.trigger,
      reasons: decision.reasons.get(m.id) ?? [],
    }));
    const gone = decision.forget.map((m) => ({ id: m.id, time: m.time, trigger: m.trigger }));
    printDecisions(output, keep, gone, dryRun);
    if (!dryRun) for (const snapshot of gone) await repository.deleteSnapshot(snapshot.id);
    summarize(output, dryRun, keep.length, gone);
    return undefined;
  },
  async server({ server, output, signal }, _args, options) {
    const policy = policyOf(options);
    if (!policy) return nothingToDo(output);
    const dryRun = options.dryRun ?? false;
    type Preview = {
      retentionPreview: { forget: { id: string; createdAt: string; trigger: string }[]; keepCount: number };
    };
    const preview = (retention: RetentionPolicy | null) =>
      server.request<Preview>(
        `query($retention: RetentionPolicyInput) { retentionPreview(retention: $retention) {
          forget { id createdAt trigger } keepCount } }`,
        { retention },
      );
    const { retentionPreview } = await preview(policy);
    const gone = retentionPreview.forget
      .map((b) => ({ id: b.id, time: b.createdAt, trigger: b.trigger }))
      .reverse();
    printDecisions(output, null, gone, dryRun);
    if (!dryRun)
      for (const snapshot of gone)
        await server.request("mutation($id: ID!) { deleteBackup(id: $id) }", { id: snapshot.id });
    if (!options.prune || dryRun) {
      summarize(output, dryRun, retentionPreview.keepCount, gone);
      return undefined;
    }
    const more = (await preview(null)).retentionPreview.forget.length;
    if (more)
      throw new CliError(
        "CONFLICT",
        `Forgot ${plural(gone.length, "snapshot")}, but did not prune: the server's cleanup applies its saved retention policy, which would also forget ${plural(more, "snapshot")}. Run \`qvault prune --server …\` to accept that, or prune the repository directly.`,
      );
    return runServerPrune(server, output, signal, false);
  },
});
