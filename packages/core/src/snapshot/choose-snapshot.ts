/**
 * Naming a snapshot: the one rule behind `latest`, a point in time and an id prefix, for every
 * caller (the command line on a repository and through a server alike).
 *
 * Terms: a *safety* snapshot is one qvault took on its own before a restore (trigger
 * PRE_RESTORE), to undo it; every other trigger is a backup the bank *produced* (MANUAL,
 * AUTOMATIC, SCHEDULED, IMPORT). `latest` is the newest produced backup, never a safety snapshot,
 * so that restoring `latest` twice restores the same backup twice, and `diff latest` after a
 * restore compares with what was restored. An *as-of* time names the newest produced backup made
 * at or before it. `includeSafety` lets both pick safety snapshots too. An id, or a prefix only
 * one id has, reaches any snapshot.
 *
 * Ids begin with their time, so "newest" is by time, then by id.
 */
import { badInput } from "../errors/qvault-error.js";
import type { Trigger } from "../repository/manifest.js";

/** Triggers of snapshots qvault takes on its own, which `latest` and as-of pass over. */
export const SAFETY_TRIGGERS: readonly Trigger[] = ["PRE_RESTORE"];

/** What names a snapshot: `latest`, an id or id prefix, or a point in time. */
export type SnapshotChoice =
  | { ref: string; includeSafety?: boolean }
  | { asOf: Date; includeSafety?: boolean };

/** The fields a choice looks at; manifests and the API's backups both have them. */
export interface SnapshotCandidate {
  id: string;
  /** ISO 8601. */
  time: string;
  trigger: Trigger | string;
}

/** True when `choice` names a snapshot by its time (`latest` or as-of), not by its id. */
export function choosesByTime(choice: SnapshotChoice): boolean {
  return "asOf" in choice || choice.ref === "latest";
}

/**
 * The snapshot `choice` names among `candidates` (in any order), or null when none matches.
 * @throws BAD_USER_INPUT when an id prefix matches more than one snapshot.
 */
export function chooseSnapshot<T extends SnapshotCandidate>(
  candidates: readonly T[],
  choice: SnapshotChoice,
): T | null {
  if (choosesByTime(choice)) {
    const limit = "asOf" in choice ? choice.asOf.getTime() : Number.POSITIVE_INFINITY;
    let best: T | null = null;
    for (const candidate of candidates) {
      if (!choice.includeSafety && SAFETY_TRIGGERS.includes(candidate.trigger as Trigger)) continue;
      const time = Date.parse(candidate.time);
      if (time > limit) continue;
      if (!best || time > Date.parse(best.time) || (time === Date.parse(best.time) && candidate.id > best.id))
        best = candidate;
    }
    return best;
  }
  const ref = (choice as { ref: string }).ref;
  const exact = candidates.find((c) => c.id === ref);
  if (exact) return exact;
  const matches = candidates.filter((c) => c.id.startsWith(ref));
  if (matches.length > 1)
    throw badInput("snapshot", `${ref} is the start of ${matches.length} snapshot ids; give more of it`, {
      ids: matches.map((m) => m.id).slice(0, 10),
    });
  return matches[0] ?? null;
}

/** How a choice reads in a message: "latest", "the newest backup at or before …", or the ref. */
export function describeChoice(choice: SnapshotChoice): string {
  if ("asOf" in choice) return `the newest backup at or before ${choice.asOf.toISOString()}`;
  return choice.ref;
}
