/**
 * What changed from one state of the bank to another: a snapshot to a later (or earlier) one, or a
 * snapshot to the live bank. Built on core's restore plan, which compares a snapshot (the state a
 * restore would bring) with a bank: the snapshot that is `to` plays the snapshot and `from` the
 * bank; when `to` is the live bank the roles swap and the plan is read backwards (ADDED and
 * DELETED trade places, and so do each field's before and after).
 *
 * Scope: a FULL snapshot compares everything; a SECTIONS or QUESTIONS snapshot only what it holds
 * (its sections whole, or its questions), since it says nothing about the rest. Items are records:
 * sections first, then questions; UNCHANGED ones are counted, not listed.
 */
import {
  type BankSource,
  type ChangeKind,
  type FieldChange,
  type PlanItem,
  planItems,
  planRestore,
  type Repository,
  type RestorePlan,
  type RestoreRequest,
  type Scope,
  type SnapshotManifest,
} from "@qvault/core";
import { sectionsFirst } from "./render.js";
import { snapshotSource } from "./snapshot-source.js";

export type Side = { snapshot: SnapshotManifest } | { live: BankSource };

export interface Comparison {
  counts: Record<ChangeKind, number>;
  /** ADDED, CHANGED and DELETED items, sections first; `fields` from `from` to `to`. */
  items: PlanItem[];
}

const PAGE = 100;
const LISTED: ChangeKind[] = ["ADDED", "CHANGED", "DELETED"];
const BACKWARDS: Record<ChangeKind, ChangeKind> = {
  ADDED: "DELETED",
  DELETED: "ADDED",
  CHANGED: "CHANGED",
  UNCHANGED: "UNCHANGED",
};

/**
 * The restore that covers what a snapshot holds, in REPLACE mode: everything for a FULL one, its
 * sections for a SECTIONS one, its questions for a QUESTIONS one; null when it holds nothing.
 */
export function wholeOf(snapshot: {
  id: string;
  scope: Scope;
  sectionIds: readonly string[];
  questionIds: readonly string[];
}): RestoreRequest | null {
  const base = { backupId: snapshot.id, mode: "REPLACE" as const };
  if (snapshot.scope === "FULL") return { ...base, scope: "FULL" };
  if (snapshot.scope === "SECTIONS")
    return snapshot.sectionIds.length
      ? { ...base, scope: "SECTIONS", sectionIds: snapshot.sectionIds }
      : null;
  return snapshot.questionIds.length
    ? { ...base, scope: "QUESTIONS", questionIds: snapshot.questionIds }
    : null;
}

/** An item of a plan read backwards: what the plan adds was deleted, and before and after swap. */
export function backwards(item: PlanItem): PlanItem {
  return {
    ...item,
    kind: BACKWARDS[item.kind],
    fields: item.fields.map((f: FieldChange) => ({ path: f.path, before: f.after, after: f.before })),
  };
}

/** A plan's counts read backwards. */
export function countsBackwards(counts: Record<ChangeKind, number>): Record<ChangeKind, number> {
  return {
    ADDED: counts.DELETED,
    CHANGED: counts.CHANGED,
    DELETED: counts.ADDED,
    UNCHANGED: counts.UNCHANGED,
  };
}

/** Every item of `plan` that is not UNCHANGED, with its field diffs (read a page at a time), sections first. */
export async function changedItems(
  repository: Repository,
  bank: BankSource,
  plan: RestorePlan,
): Promise<PlanItem[]> {
  const items: PlanItem[] = [];
  for (const kind of LISTED) {
    let after: string | null = null;
    for (;;) {
      const page = await planItems(repository, bank, plan, { kind, first: PAGE, after });
      items.push(...page.edges.map((edge) => edge.node));
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
  }
  return sectionsFirst(items);
}

/**
 * Compares `from` with `to` (`from` must be a snapshot).
 * @throws INTEGRITY_ERROR when a record read is damaged.
 */
export async function compare(repository: Repository, from: SnapshotManifest, to: Side): Promise<Comparison> {
  let snapshot: SnapshotManifest;
  let bank: BankSource;
  let reversed: boolean;
  if ("live" in to) [snapshot, bank, reversed] = [from, to.live, true];
  else if (from.scope !== "FULL" && to.snapshot.scope === "FULL")
    [snapshot, bank, reversed] = [from, snapshotSource(repository, to.snapshot), true];
  else [snapshot, bank, reversed] = [to.snapshot, snapshotSource(repository, from), false];

  const request = wholeOf({
    id: snapshot.id,
    scope: snapshot.scope,
    sectionIds: snapshot.sections.map((s) => s.id),
    questionIds: snapshot.selection.questionIds ?? [],
  });
  if (!request) return { counts: { ADDED: 0, CHANGED: 0, DELETED: 0, UNCHANGED: 0 }, items: [] };
  const plan = await planRestore(repository, bank, request);
  const items = await changedItems(repository, bank, plan);
  return reversed
    ? { counts: countsBackwards(plan.counts), items: sectionsFirst(items.map(backwards)) }
    : { counts: plan.counts, items };
}
