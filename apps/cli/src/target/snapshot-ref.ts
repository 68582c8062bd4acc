/**
 * Naming a snapshot on the command line: an id, a prefix only one id has, `latest`, or
 * `--as-of <time>` in place of the snapshot argument. What each means is core's
 * `chooseSnapshot`, the one rule for the repository read directly and for a server: `latest` and
 * `--as-of` pick the newest backup the bank produced (MANUAL, AUTOMATIC, SCHEDULED, IMPORT),
 * never a PRE_RESTORE safety snapshot unless `--include-safety` is given; an id or prefix reaches
 * any snapshot.
 */
import {
  chooseSnapshot,
  choosesByTime,
  describeChoice,
  notFound,
  QvaultError,
  type Repository,
  type SnapshotCandidate,
  type SnapshotChoice,
  type SnapshotManifest,
} from "@qvault/core";
import type { Command } from "commander";
import { timeOf, timeText } from "../options.js";
import { CliError } from "../output/exit-codes.js";
import { formatTime, timeZoneName } from "../output/time.js";
import type { ServerClient } from "./server.js";

/** The options of every command that names a snapshot. */
export interface SnapshotOptions {
  asOf?: string;
  includeSafety?: boolean;
}

/** For the help of commands that name a snapshot. */
export const SNAPSHOT_HELP =
  "A snapshot is named by its id, a prefix only it has, or `latest`: the newest backup the bank produced " +
  "(manual, automatic, scheduled or imported), never the PRE_RESTORE safety snapshot a restore takes " +
  "(--include-safety lets `latest` and --as-of pick one). --as-of <time> takes the place of the snapshot " +
  'argument: the newest backup made at or before that time (2026-03-01, "2026-03-01 14:30" in local time, ' +
  "or ISO 8601 with a zone).";

/** Adds --as-of and --include-safety. */
export function addSnapshotOptions(command: Command): void {
  command
    .option(
      "--as-of <time>",
      "instead of the snapshot: the newest backup at or before this time (local unless a zone is given)",
      timeText,
    )
    .option("--include-safety", "let `latest` and --as-of pick PRE_RESTORE safety snapshots too");
}

/**
 * The snapshot the arguments name, and the arguments after it: `--as-of` takes the place of the
 * first argument, which then belongs to what follows. `rest` holds at most `restMax`.
 * @throws CliError USAGE when no snapshot is named, or there are more arguments than that.
 */
export function snapshotArgs(
  args: readonly (string | undefined)[],
  options: SnapshotOptions,
  restMax: number,
): { choice: SnapshotChoice; rest: string[] } {
  const given = args.filter((arg): arg is string => arg !== undefined);
  const includeSafety = options.includeSafety ?? false;
  let choice: SnapshotChoice;
  let rest: string[];
  if (options.asOf !== undefined) {
    choice = { asOf: timeOf(options.asOf), includeSafety };
    rest = given;
    if (rest.length > restMax)
      throw new CliError("USAGE", "--as-of takes the place of the snapshot argument: give one or the other");
  } else {
    const [ref, ...after] = given;
    if (!ref)
      throw new CliError("USAGE", "name a snapshot: an id, a prefix of one, `latest`, or --as-of <time>");
    choice = { ref, includeSafety };
    rest = after;
  }
  return { choice, rest };
}

/** The choice of another snapshot in the same command (diff's second), with the same --include-safety. */
export function refChoice(ref: string, options: SnapshotOptions): SnapshotChoice {
  return { ref, includeSafety: options.includeSafety ?? false };
}

function noneChosen(choice: SnapshotChoice, any: boolean): never {
  const details = { entity: "Snapshot", id: describeChoice(choice) };
  if ("asOf" in choice)
    throw new QvaultError(
      "NOT_FOUND",
      `No ${choice.includeSafety ? "snapshot" : "backup"} was made at or before ${formatTime(choice.asOf)} (${timeZoneName()})`,
      { details },
    );
  if (choice.ref === "latest")
    throw new QvaultError(
      "NOT_FOUND",
      any
        ? "There is no backup to call latest: the repository holds only safety snapshots (--include-safety picks them)"
        : "There is no snapshot to call latest: the repository has none",
      { details },
    );
  throw notFound("Snapshot", choice.ref);
}

/**
 * The snapshot `choice` names in `repository`.
 * @throws NOT_FOUND; INTEGRITY_ERROR when its manifest is damaged; BAD_USER_INPUT when ambiguous.
 */
export async function findSnapshot(
  repository: Repository,
  choice: SnapshotChoice,
): Promise<SnapshotManifest> {
  const snapshots = await repository.listSnapshots();
  const chosen = chooseSnapshot(snapshots, choice);
  if (chosen) return chosen;
  if (!choosesByTime(choice)) {
    // A damaged manifest is not listed; asking for it by id says what is wrong with it.
    const { ref } = choice as { ref: string };
    await repository.getSnapshot(ref).catch((error: { code?: string }) => {
      if (error.code === "NOT_FOUND") throw notFound("Snapshot", ref);
      throw error;
    });
  }
  return noneChosen(choice, snapshots.length > 0);
}

type BackupsPage = {
  backups: {
    edges: { node: { id: string; createdAt: string; trigger: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

/**
 * The id of the snapshot `choice` names on a server: its backups are read newest first, a page at
 * a time, until the choice is settled (all of them for an id prefix).
 * @throws NOT_FOUND; BAD_USER_INPUT when ambiguous.
 */
export async function findServerSnapshot(server: ServerClient, choice: SnapshotChoice): Promise<string> {
  const byTime = choosesByTime(choice);
  if (!byTime) {
    const { backup } = await server.request<{ backup: { id: string } | null }>(
      "query($id: ID!) { backup(id: $id) { id } }",
      { id: (choice as { ref: string }).ref },
    );
    if (backup) return backup.id;
  }
  const candidates: SnapshotCandidate[] = [];
  let after: string | null = null;
  for (;;) {
    const page: BackupsPage = await server.request<BackupsPage>(
      `query($first: Int, $after: String, $to: DateTime) {
        backups(first: $first, after: $after, to: $to) {
          edges { node { id createdAt trigger } } pageInfo { hasNextPage endCursor } } }`,
      { first: 100, after, to: "asOf" in choice ? choice.asOf.toISOString() : null },
    );
    candidates.push(...page.backups.edges.map(({ node }) => ({ ...node, time: node.createdAt })));
    // Newest first: by time, the first page holding a match settles it.
    if (byTime && chooseSnapshot(candidates, choice)) break;
    if (!page.backups.pageInfo.hasNextPage) break;
    after = page.backups.pageInfo.endCursor;
  }
  return chooseSnapshot(candidates, choice)?.id ?? noneChosen(choice, candidates.length > 0);
}
