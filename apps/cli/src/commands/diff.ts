/** `qvault diff <a> [<b>]`: what changed from snapshot a to snapshot b, or to the live bank. */

import type { Scope } from "@qvault/core";
import { defineCommand } from "../command.js";
import { backwards, type Comparison, compare, countsBackwards, wholeOf } from "../compare/compare.js";
import { countsData, countsText, printChanges, sectionsFirst } from "../compare/render.js";
import { serverPlan } from "../compare/server-plan.js";
import { CliError } from "../output/exit-codes.js";
import type { Output } from "../output/output.js";
import { questionBank } from "../target/question-bank.js";
import type { ServerClient } from "../target/server.js";
import {
  addSnapshotOptions,
  findServerSnapshot,
  findSnapshot,
  refChoice,
  SNAPSHOT_HELP,
  type SnapshotOptions,
  snapshotArgs,
} from "../target/snapshot-ref.js";

interface DiffOptions extends SnapshotOptions {
  live?: boolean;
  fields?: boolean;
}

export const diff = defineCommand<DiffOptions>({
  name: "diff",
  args: "[snapshotA] [snapshotB]",
  summary: "compare two snapshots, or a snapshot with the live bank",
  description:
    "Lists what changed from <snapshotA> to <snapshotB>, or to the live bank when <snapshotB> is omitted or " +
    "--live is given: one line per record, `+` added, `M` changed, `-` deleted (sections, then questions); with " +
    "--fields, each changed field with its value before and after. A snapshot of some sections or questions " +
    "is compared only over what it holds. Through a server (--server), a snapshot is compared with the live bank. " +
    `${SNAPSHOT_HELP} With --as-of, <snapshotA> is left out: \`diff --as-of <time> latest\` compares then with now.`,
  options(command) {
    command
      .option("--live", "compare with the live bank (the default without <snapshotB>)")
      .option("--fields", "show each changed field, before -> after");
    addSnapshotOptions(command);
  },
  examples: [
    "qvault diff latest",
    "qvault diff 019a3c5e27f1 latest --fields",
    "qvault diff 019a3c5e27f1 --live --json",
    'qvault diff --as-of "2026-03-01 09:00" latest',
  ],
  async local({ local, output }, args, options) {
    const { choice, rest } = snapshotArgs(args, options, 1);
    const refB = rest[0];
    if (refB && options.live) throw new CliError("USAGE", "give <snapshotB> or --live, not both");
    const repository = await local.repository();
    const from = await findSnapshot(repository, choice);
    let to: string;
    let comparison: Comparison;
    if (refB) {
      const other = await findSnapshot(repository, refChoice(refB, options));
      to = other.id;
      comparison = await compare(repository, from, { snapshot: other });
    } else {
      to = "live";
      const db = await local.database();
      const { withBankSource } = await questionBank();
      comparison = await withBankSource(db, (live) => compare(repository, from, { live }));
    }
    print(output, from.id, to, comparison, options);
    return undefined;
  },
  async server({ server, output }, args, options) {
    const { choice, rest } = snapshotArgs(args, options, 1);
    if (rest.length)
      throw new CliError(
        "USAGE",
        "through a server, a snapshot is compared with the live bank only; use --repo for two",
      );
    const id = await findServerSnapshot(server, choice);
    const request = wholeOf({ id, ...(await holding(server, id)) });
    if (!request) {
      print(
        output,
        id,
        "live",
        { counts: { ADDED: 0, CHANGED: 0, DELETED: 0, UNCHANGED: 0 }, items: [] },
        options,
      );
      return undefined;
    }
    // The server's restore plan says what restoring the snapshot would change; read backwards, what changed since.
    const plan = await serverPlan(server, request);
    print(
      output,
      id,
      "live",
      { counts: countsBackwards(plan.counts), items: sectionsFirst(plan.items.map(backwards)) },
      options,
    );
    return undefined;
  },
});

function print(output: Output, from: string, to: string, comparison: Comparison, options: DiffOptions): void {
  printChanges(output, comparison.items, { fields: options.fields ?? false });
  output.summary(
    { command: "diff", from, to, ...countsData(comparison.counts) },
    `${from} -> ${to}: ${countsText(comparison.counts)}`,
  );
}

/** What a snapshot on a server holds: its scope, sections, and (for a QUESTIONS one) question ids. */
async function holding(server: ServerClient, id: string) {
  type Backup = {
    scope: Scope;
    sections: { sectionId: string }[];
    questions: {
      edges: { node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const questionIds: string[] = [];
  let after: string | null = null;
  for (;;) {
    const { backup }: { backup: Backup } = await server.request(
      `query($id: ID!, $after: String, $first: Int) { backup(id: $id) { scope sections { sectionId }
        questions(first: $first, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
      { id, after, first: 100 },
    );
    const sectionIds = backup.sections.map((s) => s.sectionId);
    if (backup.scope !== "QUESTIONS") return { scope: backup.scope, sectionIds, questionIds };
    questionIds.push(...backup.questions.edges.map((edge) => edge.node.id));
    if (!backup.questions.pageInfo.hasNextPage) return { scope: backup.scope, sectionIds, questionIds };
    after = backup.questions.pageInfo.endCursor;
  }
}
