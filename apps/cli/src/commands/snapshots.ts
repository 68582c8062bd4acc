/** `qvault snapshots`: the snapshots in the repository, oldest first, filtered. */
import { type SnapshotManifest, TRIGGERS, type Trigger } from "@qvault/core";
import { formatBytes, plural } from "@qvault/vault/report-text";
import { defineCommand } from "../command.js";
import { choiceOption, timeOf, timeText, wholeNumber } from "../options.js";
import type { Output } from "../output/output.js";
import { excerpt, table } from "../output/text.js";
import { formatTime, timeZoneName } from "../output/time.js";
import { vault } from "../target/question-bank.js";
import { type NamedSection, resolveSection } from "../target/section-ref.js";

interface SnapshotsOptions {
  trigger?: Trigger;
  section?: string;
  from?: string;
  to?: string;
  latest?: number;
}

/** A snapshot as this command shows it. */
interface SnapshotRow {
  id: string;
  time: string;
  trigger: string;
  scope: string;
  note: string | null;
  pinned: boolean;
  parent: string | null;
  sectionCount: number;
  questionCount: number;
  changedCount: number;
  addedBytes: number;
  logicalBytes: number;
  durationMs: number;
}

function rowOf(manifest: SnapshotManifest, pinned: boolean): SnapshotRow {
  const { stats } = manifest;
  return {
    id: manifest.id,
    time: manifest.time,
    trigger: manifest.trigger,
    scope: manifest.scope,
    note: manifest.note,
    pinned,
    parent: manifest.parent,
    sectionCount: stats.sectionCount,
    questionCount: stats.questionCount,
    changedCount: stats.changedCount,
    addedBytes: stats.addedBytes,
    logicalBytes: stats.logicalBytes,
    durationMs: stats.durationMs,
  };
}

function print(output: Output, rows: SnapshotRow[]): void {
  if (output.mode === "json") for (const row of rows) output.item("snapshot", row, "");
  else if (rows.length)
    output.print(
      table(
        ["ID", `TIME (${timeZoneName()})`, "TRIGGER", "SCOPE", "QUESTIONS", "CHANGED", "ADDED", "NOTE"],
        rows.map((r) => [
          r.id,
          formatTime(r.time),
          r.trigger,
          r.scope,
          String(r.questionCount),
          String(r.changedCount),
          formatBytes(r.addedBytes),
          `${r.pinned ? "[pinned] " : ""}${excerpt(r.note, 40)}`,
        ]),
      ),
    );
  output.summary({ command: "snapshots", count: rows.length }, plural(rows.length, "snapshot"));
}

export const snapshots = defineCommand<SnapshotsOptions>({
  name: "snapshots",
  summary: "list snapshots (oldest first), with filters",
  options(command) {
    command
      .addOption(choiceOption("--trigger <trigger>", "only snapshots made this way", TRIGGERS))
      .option(
        "--section <section>",
        "only snapshots holding this section (its id, name, or a prefix of its id)",
      )
      .option(
        "--from <time>",
        "only snapshots made at or after this time (local unless a zone is given)",
        timeText,
      )
      .option("--to <time>", "only snapshots made at or before this time", timeText)
      .option("--latest <n>", "only the n newest (after the other filters)", wholeNumber(1));
  },
  examples: [
    "qvault snapshots",
    "qvault snapshots --trigger manual --latest 5",
    'qvault snapshots --section Grammar --from 2026-03-01 --to "2026-03-31 18:00"',
    "qvault snapshots --json | jq -r 'select(.message_type==\"snapshot\") | .id'",
  ],
  async local({ local, output }, _args, options) {
    const repository = await local.repository();
    const pinned = await repository.pinnedIds();
    let list = await repository.listSnapshots();
    for (const damaged of repository.damagedSnapshots())
      output.warn(`cannot read ${damaged.path}: ${damaged.error.message} (run \`qvault check\`)`);
    const { matchesBackup } = await vault();
    const sections = new Map<string, NamedSection>();
    for (const m of list) for (const s of m.sections) sections.set(s.id, s);
    list = list.filter(
      matchesBackup({
        trigger: options.trigger,
        from: timeOf(options.from),
        to: timeOf(options.to),
        sectionId: options.section && resolveSection(options.section, [...sections.values()]),
      }),
    );
    if (options.latest) list = list.slice(-options.latest);
    print(
      output,
      list.map((m) => rowOf(m, pinned.has(m.id))),
    );
    return undefined;
  },
  async server({ server, output }, _args, options) {
    type Page = {
      backups: {
        edges: {
          node: Omit<SnapshotRow, "time" | "parent"> & { createdAt: string; parent: { id: string } | null };
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const rows: SnapshotRow[] = [];
    let after: string | null = null;
    let sectionId: string | null = null;
    if (options.section) {
      const { sections } = await server.request<{ sections: NamedSection[] }>("{ sections { id name } }");
      sectionId = resolveSection(options.section, sections);
    }
    for (;;) {
      const wanted = options.latest ? Math.min(100, options.latest - rows.length) : 100;
      const page: Page = await server.request<Page>(
        `query($first: Int, $after: String, $trigger: BackupTrigger, $sectionId: ID, $from: DateTime, $to: DateTime) {
          backups(first: $first, after: $after, trigger: $trigger, sectionId: $sectionId, from: $from, to: $to) {
            edges { node { id createdAt trigger scope note pinned sectionCount questionCount changedCount addedBytes
              logicalBytes durationMs parent { id } } }
            pageInfo { hasNextPage endCursor } } }`,
        {
          first: wanted,
          after,
          trigger: options.trigger ?? null,
          sectionId,
          from: timeOf(options.from)?.toISOString() ?? null,
          to: timeOf(options.to)?.toISOString() ?? null,
        },
      );
      for (const { node } of page.backups.edges) {
        const { createdAt, parent, ...rest } = node;
        rows.push({ ...rest, time: createdAt, parent: parent?.id ?? null });
      }
      if (!page.backups.pageInfo.hasNextPage || (options.latest && rows.length >= options.latest)) break;
      after = page.backups.pageInfo.endCursor;
    }
    print(output, rows.reverse());
    return undefined;
  },
});
