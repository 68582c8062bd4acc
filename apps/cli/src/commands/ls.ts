/** `qvault ls <snapshot>`: what a snapshot holds: its sections, or its questions. */
import { browseSnapshot, notFound, type QuestionRecord } from "@qvault/core";
import { plural } from "@qvault/vault/report-text";
import { defineCommand } from "../command.js";
import type { Output } from "../output/output.js";
import { excerpt, table } from "../output/text.js";
import { resolveSection } from "../target/section-ref.js";
import {
  addSnapshotOptions,
  findServerSnapshot,
  findSnapshot,
  SNAPSHOT_HELP,
  type SnapshotOptions,
  snapshotArgs,
} from "../target/snapshot-ref.js";

interface LsOptions extends SnapshotOptions {
  section?: string;
  search?: string;
}

interface SectionRow {
  id: string;
  name: string;
  questionCount: number;
  complete: boolean;
}

type QuestionRow = QuestionRecord & { digest: string };

const PAGE = 100;

function printSections(output: Output, snapshotId: string, sections: SectionRow[]): void {
  if (output.mode === "json") for (const section of sections) output.item("section", section, "");
  else
    output.print(
      table(
        ["SECTION", "NAME", "QUESTIONS", "HOLDS"],
        sections.map((s) => [
          s.id,
          excerpt(s.name, 40),
          String(s.questionCount),
          s.complete ? "all" : "some",
        ]),
      ),
    );
  const questions = sections.reduce((sum, s) => sum + s.questionCount, 0);
  output.summary(
    { command: "ls", snapshotId, sectionCount: sections.length, questionCount: questions },
    `${plural(sections.length, "section")}, ${plural(questions, "question")} in snapshot ${snapshotId}`,
  );
}

/** Prints questions a page at a time, as `next` gives them, then the summary. */
async function printQuestions(
  output: Output,
  snapshotId: string,
  next: (
    after: string | null,
  ) => Promise<{ rows: QuestionRow[]; endCursor: string | null; hasNextPage: boolean }>,
): Promise<void> {
  let after: string | null = null;
  let count = 0;
  const lines: string[][] = [];
  for (;;) {
    const page = await next(after);
    count += page.rows.length;
    for (const q of page.rows)
      if (output.mode === "json") output.item("question", q, "");
      else lines.push([q.id, q.sectionId, q.type, String(q.position), excerpt(q.prompt, 60)]);
    if (!page.hasNextPage) break;
    after = page.endCursor;
  }
  if (lines.length) output.print(table(["QUESTION", "SECTION", "TYPE", "POS", "PROMPT"], lines));
  output.summary(
    { command: "ls", snapshotId, questionCount: count },
    `${plural(count, "question")} in snapshot ${snapshotId}`,
  );
}

export const ls = defineCommand<LsOptions>({
  name: "ls",
  args: "[snapshot]",
  summary: "browse a snapshot: its sections, or its questions with --section / --search",
  description:
    "Without options, lists the snapshot's sections. With --section, lists that section's questions; with " +
    "--search, the questions whose prompt, explanation, tags or answers hold the text (case-insensitive). " +
    `--section takes the section's id, its name, or a prefix of its id. ${SNAPSHOT_HELP}`,
  options(command) {
    command
      .option("--section <section>", "list this section's questions (its id, name, or a prefix of its id)")
      .option("--search <text>", "list the questions holding this text");
    addSnapshotOptions(command);
  },
  examples: [
    "qvault ls latest",
    'qvault ls 019a3c5e27f1 --section "Listening - Part 1"',
    'qvault ls --as-of "2026-03-01 09:00" --section 3f2a',
    'qvault ls latest --search "past perfect" --json',
  ],
  async local({ local, output }, args, options) {
    const { choice } = snapshotArgs(args, options, 0);
    const repository = await local.repository();
    const manifest = await findSnapshot(repository, choice);
    if (!options.section && !options.search) {
      const sections = [...manifest.sections].sort((a, b) => a.position - b.position);
      printSections(
        output,
        manifest.id,
        sections.map((s) => ({ id: s.id, name: s.name, questionCount: s.count, complete: s.complete })),
      );
      return undefined;
    }
    const sectionId = options.section && resolveSection(options.section, manifest.sections);
    if (sectionId && !manifest.sections.some((s) => s.id === sectionId))
      throw notFound("Section", `${options.section} in snapshot ${manifest.id}`);
    await printQuestions(output, manifest.id, async (after) => {
      const page = await browseSnapshot(repository, manifest, {
        sectionId: sectionId || null,
        search: options.search ?? null,
        first: PAGE,
        after,
      });
      return {
        rows: page.edges.map(({ node }) => ({ ...node.question, digest: node.digest })),
        endCursor: page.endCursor,
        hasNextPage: page.hasNextPage,
      };
    });
    return undefined;
  },
  async server({ server, output }, args, options) {
    const { choice } = snapshotArgs(args, options, 0);
    const id = await findServerSnapshot(server, choice);
    const { backup } = await server.request<{
      backup: { sections: { sectionId: string; name: string; questionCount: number; complete: boolean }[] };
    }>("query($id: ID!) { backup(id: $id) { sections { sectionId name questionCount complete } } }", {
      id,
    });
    if (!options.section && !options.search) {
      printSections(
        output,
        id,
        backup.sections.map(({ sectionId, ...rest }) => ({ id: sectionId, ...rest })),
      );
      return undefined;
    }
    const sectionId =
      options.section &&
      resolveSection(
        options.section,
        backup.sections.map((s) => ({ id: s.sectionId, name: s.name })),
      );
    if (sectionId && !backup.sections.some((s) => s.sectionId === sectionId))
      throw notFound("Section", `${options.section} in snapshot ${id}`);
    await printQuestions(output, id, async (after) => {
      const { backup: page } = await server.request<{
        backup: {
          questions: {
            edges: { node: QuestionRow }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        };
      }>(
        `query($id: ID!, $first: Int, $after: String, $sectionId: ID, $search: String) { backup(id: $id) {
          questions(first: $first, after: $after, sectionId: $sectionId, search: $search) {
            edges { node { id sectionId type prompt explanation difficulty tags audioPath position
              answers { id text isCorrect position } digest } }
            pageInfo { hasNextPage endCursor } } } }`,
        { id, first: PAGE, after, sectionId: sectionId || null, search: options.search ?? null },
      );
      return {
        rows: page.questions.edges.map((edge) => edge.node),
        endCursor: page.questions.pageInfo.endCursor,
        hasNextPage: page.questions.pageInfo.hasNextPage,
      };
    });
    return undefined;
  },
});
