/** `qvault ls <snapshot>`: what a snapshot holds: its sections, or its questions. */
import { browseSnapshot, notFound, type QuestionRecord } from "@qvault/core";
import { defineCommand } from "../command.js";
import type { Output } from "../output/output.js";
import { excerpt, plural, table } from "../output/text.js";
import { findServerSnapshot, findSnapshot } from "../target/snapshot-ref.js";

interface LsOptions {
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
  args: "<snapshot>",
  summary: "browse a snapshot: its sections, or its questions with --section / --search",
  description:
    "Without options, lists the snapshot's sections. With --section, lists that section's questions; with " +
    "--search, the questions whose prompt, explanation, tags or answers hold the text (case-insensitive). " +
    "<snapshot> is an id, a prefix only it has, or `latest`.",
  options(command) {
    command
      .option("--section <id>", "list this section's questions")
      .option("--search <text>", "list the questions holding this text");
  },
  examples: [
    "qvault ls latest",
    "qvault ls 019a3c5e27f1 --section sec_grammar",
    'qvault ls latest --search "past perfect" --json',
  ],
  async local({ local, output }, [ref], options) {
    const repository = await local.repository();
    const manifest = await findSnapshot(repository, ref!);
    if (!options.section && !options.search) {
      const sections = [...manifest.sections].sort((a, b) => a.position - b.position);
      printSections(
        output,
        manifest.id,
        sections.map((s) => ({ id: s.id, name: s.name, questionCount: s.count, complete: s.complete })),
      );
      return undefined;
    }
    if (options.section && !manifest.sections.some((s) => s.id === options.section))
      throw notFound("Section", `${options.section} in snapshot ${manifest.id}`);
    await printQuestions(output, manifest.id, async (after) => {
      const page = await browseSnapshot(repository, manifest, {
        sectionId: options.section ?? null,
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
  async server({ server, output }, [ref], options) {
    const id = await findServerSnapshot(server, ref!);
    if (!options.section && !options.search) {
      const { backup } = await server.request<{
        backup: { sections: { sectionId: string; name: string; questionCount: number; complete: boolean }[] };
      }>("query($id: ID!) { backup(id: $id) { sections { sectionId name questionCount complete } } }", {
        id,
      });
      printSections(
        output,
        id,
        backup.sections.map(({ sectionId, ...rest }) => ({ id: sectionId, ...rest })),
      );
      return undefined;
    }
    await printQuestions(output, id, async (after) => {
      const { backup } = await server.request<{
        backup: {
          sections: { sectionId: string }[];
          questions: {
            edges: { node: QuestionRow }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        };
      }>(
        `query($id: ID!, $first: Int, $after: String, $sectionId: ID, $search: String) { backup(id: $id) {
          sections { sectionId }
          questions(first: $first, after: $after, sectionId: $sectionId, search: $search) {
            edges { node { id sectionId type prompt explanation difficulty tags audioPath position
              answers { id text isCorrect position } digest } }
            pageInfo { hasNextPage endCursor } } } }`,
        { id, first: PAGE, after, sectionId: options.section ?? null, search: options.search ?? null },
      );
      if (options.section && !backup.sections.some((s) => s.sectionId === options.section))
        throw notFound("Section", `${options.section} in snapshot ${id}`);
      return {
        rows: backup.questions.edges.map((edge) => edge.node),
        endCursor: backup.questions.pageInfo.endCursor,
        hasNextPage: backup.questions.pageInfo.hasNextPage,
      };
    });
    return undefined;
  },
});
