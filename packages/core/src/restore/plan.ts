/**
 * Restore plans: what restoring a scope of a snapshot would change in the bank, found by
 * comparing digests (an unchanged question costs a hash, no record read).
 *
 * Scope: FULL (every section), SECTIONS (the chosen ones), QUESTIONS (the chosen ones).
 * Mode: REPLACE makes the scope exactly the snapshot's (what the scope holds that the snapshot
 * lacks is DELETED); MERGE adds and changes, and deletes nothing.
 * A plan is a preview: computing it writes nothing.
 */

import { badInput } from "../errors/qvault-error.js";
import type { BankSource } from "../ports.js";
import { bankDigests, digestsSince } from "../records/bank-digests.js";
import { digestOf, encodeSection, type SectionRecord } from "../records/record.js";
import type { Scope, SnapshotManifest, SnapshotSection } from "../repository/manifest.js";
import type { Repository } from "../repository/repository.js";

export const RESTORE_MODES = ["REPLACE", "MERGE"] as const;
export type RestoreMode = (typeof RESTORE_MODES)[number];
export const CHANGE_KINDS = ["ADDED", "CHANGED", "DELETED", "UNCHANGED"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface RestoreRequest {
  backupId: string;
  scope: Scope;
  sectionIds?: readonly string[] | null;
  questionIds?: readonly string[] | null;
  mode: RestoreMode;
}

export interface PlannedQuestion {
  id: string;
  kind: ChangeKind;
  /** The section it is in after the restore (or was in, when DELETED). */
  sectionId: string;
  /** Its digest in the snapshot (absent when DELETED). */
  digest: string | null;
  /** Its digest in the bank now (absent when ADDED). */
  liveDigest: string | null;
  /** The section it is in now (absent when ADDED). */
  liveSectionId: string | null;
}

export interface PlannedSection {
  id: string;
  kind: ChangeKind;
  name: string;
  snapshot: SnapshotSection | null;
  live: SectionRecord | null;
}

export interface RestorePlan {
  request: RestoreRequest;
  /**
   * The restore that undoes this one, given the backup taken just before it: the same scope,
   * widened to the sections that questions are moved out of (SECTIONS), in REPLACE mode.
   */
  undo: Omit<RestoreRequest, "backupId">;
  manifest: SnapshotManifest;
  sections: PlannedSection[];
  /** In the snapshot's section order. */
  questions: PlannedQuestion[];
  counts: Record<ChangeKind, number>;
}

const ID_LIMIT = 100_000;

function checkRequest(request: RestoreRequest): void {
  if (!["REPLACE", "MERGE"].includes(request.mode)) throw badInput("mode", "mode must be REPLACE or MERGE");
  const ids =
    request.scope === "SECTIONS"
      ? request.sectionIds
      : request.scope === "QUESTIONS"
        ? request.questionIds
        : null;
  const field = request.scope === "SECTIONS" ? "sectionIds" : "questionIds";
  if (request.scope === "FULL") return;
  if (request.scope !== "SECTIONS" && request.scope !== "QUESTIONS")
    throw badInput("scope", "scope must be FULL, SECTIONS or QUESTIONS");
  if (!ids?.length) throw badInput(field, `a ${request.scope} restore needs at least one id in ${field}`);
  if (ids.length > ID_LIMIT) throw badInput(field, `at most ${ID_LIMIT} ids`);
}

/**
 * Plans a restore against the bank as `source` reads it.
 * @throws NOT_FOUND for an unknown backup; BAD_USER_INPUT for a malformed request, ids that are
 * neither in the backup nor in the bank, or a REPLACE of more than the backup holds.
 */
export async function planRestore(
  repository: Repository,
  source: BankSource,
  request: RestoreRequest,
): Promise<RestorePlan> {
  checkRequest(request);
  const manifest = await repository.getSnapshot(request.backupId);
  const codec = repository.codec;
  const liveSections = await source.sections();
  const liveSectionById = new Map(liveSections.map((s) => [s.id, s]));
  const replace = request.mode === "REPLACE";

  // The snapshot's side of the scope: sections whose fields are restored, and question entries.
  let scopeSections: SnapshotSection[] = [];
  const entries = new Map<string, { digest: string; sectionId: string }>();
  /** Live sections the scope covers whole (their questions not in the snapshot are deleted on REPLACE). */
  let wholeLiveSections: string[] = [];

  let entriesRead: Promise<void> = Promise.resolve();
  const readEntries = async (sections: SnapshotSection[], only?: Set<string>) => {
    for (const section of sections) {
      const listing = await repository.readListing(section.listing);
      for (const [id, digest] of listing.entries)
        if (!only || only.has(id)) entries.set(id, { digest, sectionId: section.id });
    }
  };

  if (request.scope === "FULL") {
    if (replace && manifest.scope !== "FULL")
      throw badInput(
        "scope",
        `backup ${manifest.id} holds only some of the bank (${manifest.scope}); restore its sections or questions instead`,
      );
    scopeSections = manifest.sections;
    entriesRead = readEntries(scopeSections);
    wholeLiveSections = liveSections.map((s) => s.id);
  } else if (request.scope === "SECTIONS") {
    const wanted = [...new Set(request.sectionIds!)];
    const unknown = wanted.filter(
      (id) => !manifest.sections.some((s) => s.id === id) && !liveSectionById.has(id),
    );
    if (unknown.length)
      throw badInput("sectionIds", `neither the backup nor the bank has section ${unknown.join(", ")}`, {
        ids: unknown,
      });
    scopeSections = manifest.sections.filter((s) => wanted.includes(s.id));
    const partial = scopeSections.filter((s) => !s.complete);
    if (replace && partial.length)
      throw badInput(
        "sectionIds",
        `backup ${manifest.id} holds only some questions of section ${partial.map((s) => s.name).join(", ")}`,
      );
    entriesRead = readEntries(scopeSections);
    wholeLiveSections = wanted.filter((id) => liveSectionById.has(id));
  } else {
    const wanted = new Set(request.questionIds!);
    entriesRead = readEntries(manifest.sections, wanted).then(() => {
      const inSnapshotSections = new Set([...entries.values()].map((e) => e.sectionId));
      scopeSections = manifest.sections.filter((s) => inSnapshotSections.has(s.id));
    });
  }

  // The bank's side: digests of what the scope covers now.
  const live = new Map<string, { digest: string; sectionId: string }>();
  const readLive = async (filter: { sectionIds?: string[]; questionIds?: string[] }) => {
    for await (const chunk of bankDigests(source, codec, filter, 2000))
      for (const question of chunk)
        live.set(question.id, { digest: question.digest, sectionId: question.sectionId });
  };
  /**
   * The scope's side in the bank: from the newest FULL snapshot and the changes the bank names
   * since it when it can name them all (only the changed questions are read), else read whole.
   */
  const readScope = async (filter: { sectionIds?: string[]; questionIds?: string[] }) => {
    const known = await digestsSince(repository, source, codec, filter);
    if (!known) return readLive(filter);
    for (const [id, digest] of known) live.set(id, digest);
  };
  // The listings (decompressed on libuv's pool) and the bank (read by the database) are read at once.
  const liveRead =
    request.scope === "QUESTIONS"
      ? readScope({ questionIds: [...new Set(request.questionIds!)] })
      : wholeLiveSections.length
        ? readScope(request.scope === "FULL" ? {} : { sectionIds: wholeLiveSections })
        : Promise.resolve();
  // Both finish before a failure of either is thrown: no read goes on after the plan has ended.
  for (const read of await Promise.allSettled([entriesRead, liveRead]))
    if (read.status === "rejected") throw read.reason;
  if (request.scope !== "QUESTIONS") {
    const elsewhere = [...entries.keys()].filter((id) => !live.has(id));
    for (let i = 0; i < elsewhere.length; i += 1000)
      await readLive({ questionIds: elsewhere.slice(i, i + 1000) });
  }
  if (request.scope === "QUESTIONS") {
    const unknown = request.questionIds!.filter((id) => !entries.has(id) && !live.has(id));
    if (unknown.length)
      throw badInput(
        "questionIds",
        `neither the backup nor the bank has question ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? "…" : ""}`,
        {
          ids: unknown.slice(0, 100),
        },
      );
  }

  const questions: PlannedQuestion[] = [];
  for (const [id, entry] of entries) {
    const now = live.get(id);
    questions.push({
      id,
      kind: !now ? "ADDED" : now.digest === entry.digest ? "UNCHANGED" : "CHANGED",
      sectionId: entry.sectionId,
      digest: entry.digest,
      liveDigest: now?.digest ?? null,
      liveSectionId: now?.sectionId ?? null,
    });
  }
  if (replace)
    for (const [id, now] of live)
      if (!entries.has(id))
        questions.push({
          id,
          kind: "DELETED",
          sectionId: now.sectionId,
          digest: null,
          liveDigest: now.digest,
          liveSectionId: now.sectionId,
        });

  const sections: PlannedSection[] = [];
  const restoredFields = request.scope !== "QUESTIONS";
  for (const snapshotSection of scopeSections) {
    const liveSection = liveSectionById.get(snapshotSection.id) ?? null;
    let kind: ChangeKind;
    if (!liveSection) kind = "ADDED";
    else if (!restoredFields) kind = "UNCHANGED";
    else
      kind = digestOf(codec, encodeSection(liveSection)) === snapshotSection.record ? "UNCHANGED" : "CHANGED";
    sections.push({
      id: snapshotSection.id,
      kind,
      name: snapshotSection.name,
      snapshot: snapshotSection,
      live: liveSection,
    });
  }
  if (replace && request.scope !== "QUESTIONS") {
    const inSnapshot = new Set(scopeSections.map((s) => s.id));
    for (const id of wholeLiveSections) {
      if (inSnapshot.has(id)) continue;
      const liveSection = liveSectionById.get(id)!;
      sections.push({ id, kind: "DELETED", name: liveSection.name, snapshot: null, live: liveSection });
    }
  }

  const counts: Record<ChangeKind, number> = { ADDED: 0, CHANGED: 0, DELETED: 0, UNCHANGED: 0 };
  for (const item of [...sections, ...questions]) counts[item.kind]++;
  let undo: RestorePlan["undo"];
  if (request.scope === "FULL") undo = { scope: "FULL", mode: "REPLACE" };
  else if (request.scope === "QUESTIONS")
    undo = { scope: "QUESTIONS", questionIds: [...new Set(request.questionIds!)], mode: "REPLACE" };
  else {
    const touched = new Set(request.sectionIds!);
    for (const q of questions) if (q.liveSectionId && q.kind !== "UNCHANGED") touched.add(q.liveSectionId);
    undo = { scope: "SECTIONS", sectionIds: [...touched], mode: "REPLACE" };
  }
  return { request, undo, manifest, sections, questions, counts };
}
