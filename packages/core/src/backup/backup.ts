/**
 * Backup: reads the bank through its {@link BankSource}, stores the records the repository
 * lacks, and writes a snapshot manifest naming every question in scope.
 *
 * Scopes: FULL (every section), SECTIONS (the chosen sections, whole), QUESTIONS (the chosen
 * questions only). Each section's listing is built on the newest snapshot that holds the whole
 * section, so an unchanged section adds nothing and a few edits add a few entries.
 * Not guaranteed: that the bank did not change while it was read (the source's reads decide).
 */
import { badInput, isQvaultError } from "../errors/qvault-error.js";
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { mediaBySection, storeNamedMedia } from "../media/backup-media.js";
import type { BankSource, QuestionFilter } from "../ports.js";
import { bankDigests } from "../records/bank-digests.js";
import { digestOf, encodeSection, RECORD_SCHEMA_VERSION } from "../records/record.js";
import { RECORD_KINDS } from "../repository/format.js";
import { type ListingRef, planListing, type ResolvedListing } from "../repository/listing.js";
import type { Scope, SnapshotManifest, SnapshotSection, Trigger } from "../repository/manifest.js";
import type { Repository } from "../repository/repository.js";

export interface BackupRequest {
  scope: Scope;
  sectionIds?: readonly string[] | null;
  questionIds?: readonly string[] | null;
  note?: string | null;
  trigger?: Trigger;
  /** The bank's change-journal position this backup covers, stored in the manifest. */
  cursor?: string | null;
}

const NOTE_LENGTH = 1000;
/** Questions read per step: small enough that no step holds the event loop for long. */
const CHUNK = 1000;

/** Checks the shape of a backup request; returns the question filter it means. @throws BAD_USER_INPUT */
export function checkBackupRequest(request: BackupRequest): QuestionFilter {
  if (request.note && request.note.length > NOTE_LENGTH)
    throw badInput("note", `note must be at most ${NOTE_LENGTH} characters`);
  switch (request.scope) {
    case "FULL":
      return {};
    case "SECTIONS":
      // A safety snapshot may be empty: what it undoes only added to the bank.
      if (!request.sectionIds?.length && request.trigger !== "PRE_RESTORE")
        throw badInput("sectionIds", "a SECTIONS backup needs at least one section id");
      return { sectionIds: [...new Set(request.sectionIds ?? [])] };
    case "QUESTIONS":
      if (!request.questionIds?.length && request.trigger !== "PRE_RESTORE")
        throw badInput("questionIds", "a QUESTIONS backup needs at least one question id");
      return { questionIds: [...new Set(request.questionIds ?? [])] };
    default:
      throw badInput("scope", `scope must be FULL, SECTIONS or QUESTIONS`);
  }
}

/**
 * The newest snapshot's listing of each section that holds the whole section and can be read
 * back: a listing whose blobs are lost or damaged is passed over (an older one, or a new base,
 * serves instead), so that a damaged repository never makes a new backup fail or depend on it.
 */
async function parentListings(
  repository: Repository,
  snapshots: SnapshotManifest[],
  sectionIds: Iterable<string>,
  readable: (digest: string) => boolean,
) {
  const wanted = new Set(sectionIds);
  const found = new Map<string, { listing: ResolvedListing; media: ResolvedListing | null }>();
  for (let i = snapshots.length - 1; i >= 0 && found.size < wanted.size; i--) {
    for (const section of snapshots[i]!.sections) {
      if (!section.complete || !wanted.has(section.id) || found.has(section.id)) continue;
      if (![section.listing.base, ...section.listing.deltas].every(readable)) continue;
      try {
        const listing = await repository.readListing(section.listing);
        found.set(section.id, { listing, media: await readableListing(repository, section.media, readable) });
      } catch (error) {
        if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
      }
    }
  }
  return found;
}

/** The listing `ref` names when it can be read back, else null (a new one is built instead). */
export async function readableListing(
  repository: Repository,
  ref: ListingRef | undefined,
  readable: (digest: string) => boolean,
): Promise<ResolvedListing | null> {
  if (!ref || ![ref.base, ...ref.deltas].every(readable)) return null;
  try {
    return await repository.readListing(ref);
  } catch (error) {
    if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
    return null;
  }
}

/**
 * Takes a snapshot of the bank into the repository.
 * @throws BAD_USER_INPUT for a malformed request or ids that name nothing; CANCELLED when
 * `signal` aborts before the manifest is written (then no snapshot exists).
 */
export interface BackupOptions extends WorkOptions {
  /**
   * Read and hash every media file the questions name, held ones too, to catch files changed
   * behind the bank's back (a scheduled backup's scan); else a held file is only found in place
   * at its size.
   */
  rehashMedia?: boolean;
}

export async function backup(
  repository: Repository,
  source: BankSource,
  request: BackupRequest,
  options: BackupOptions = {},
): Promise<SnapshotManifest> {
  const filter = checkBackupRequest(request);
  const progress = options.progress ?? ignoreProgress;
  const started = performance.now();
  const time = new Date();
  return repository.write(`backup (${request.scope})`, async (session) => {
    const { writer } = session;
    const codec = repository.codec;
    progress({ phase: "planning", done: 0, total: null, bytes: 0 });
    let sections = await source.sections();
    if (filter.sectionIds) {
      const known = new Set(sections.map((s) => s.id));
      const unknown = filter.sectionIds.filter((id) => !known.has(id));
      if (unknown.length) throw badInput("sectionIds", `no section ${unknown.join(", ")}`, { ids: unknown });
      const chosen = new Set(filter.sectionIds);
      sections = sections.filter((s) => chosen.has(s.id));
    }
    const total = await source.countQuestions(filter);
    if (filter.questionIds && total !== filter.questionIds.length)
      throw badInput(
        "questionIds",
        `${filter.questionIds.length - total} of the question ids name no question`,
      );

    const snapshots = await repository.listSnapshots();
    const parent = snapshots.at(-1) ?? null;
    // FULL and SECTIONS list every section in scope, even an empty one; QUESTIONS only those read.
    const entries = new Map<string, Map<string, string>>(
      filter.questionIds ? [] : sections.map((s) => [s.id, new Map()]),
    );
    let done = 0;
    let bytes = 0;
    let logicalBytes = 0;
    // A record the repository holds already is neither read nor stored again: the bank's kept
    // digest names it (bankDigests reads and hashes only what the bank cannot name).
    const digests = bankDigests(source, codec, filter, CHUNK, {
      needsBytes: (digest) => !writer.has(digest),
      keep: true,
    });
    for await (const chunk of digests) {
      throwIfCancelled(options.signal);
      for (const question of chunk) {
        let listing = entries.get(question.sectionId);
        if (!listing) {
          // QUESTIONS scope: the section is known once one of its questions is read.
          listing = new Map();
          entries.set(question.sectionId, listing);
        }
        listing.set(question.id, question.digest);
        const length = question.bytes?.length ?? writer.lengthOf(question.digest) ?? 0;
        logicalBytes += length;
        bytes += length;
        if (question.bytes)
          await writer.add(question.sectionId, RECORD_KINDS.question, question.digest, question.bytes);
      }
      done += chunk.length;
      progress({ phase: "reading", done, total, bytes });
    }
    if (filter.questionIds) {
      const bySection = new Set(entries.keys());
      sections = (await source.sections()).filter((s) => bySection.has(s.id));
    }
    throwIfCancelled(options.signal);

    progress({ phase: "writing", done, total, bytes });
    const complete = request.scope !== "QUESTIONS";
    const parents = await parentListings(repository, snapshots, entries.keys(), (d) => writer.has(d));
    // The media the questions name: stored unless held, by question.
    const named = (await source.media?.(filter)) ?? [];
    const media = await storeNamedMedia(
      repository,
      writer,
      source,
      named,
      [...parents.values()].flatMap(({ media }) => (media ? [...media.entries.values()] : [])),
      { asFound: request.trigger === "PRE_RESTORE", rehash: options.rehashMedia },
    );
    const mediaOf = mediaBySection(named, media.files);
    throwIfCancelled(options.signal);
    let changedCount = 0;
    const manifestSections: SnapshotSection[] = [];
    for (const section of sections) {
      const encoded = encodeSection(section);
      const sectionDigest = digestOf(codec, encoded);
      await writer.add(section.id, RECORD_KINDS.section, sectionDigest, encoded);
      const listing = entries.get(section.id) ?? new Map<string, string>();
      const parent = parents.get(section.id);
      const previous = parent?.listing ?? null;
      const plan = planListing(codec, section.id, listing, complete ? previous : null);
      for (const blob of plan.blobs) await writer.add(section.id, blob.kind, blob.digest, blob.bytes);
      if (complete) repository.rememberListing(plan.listing);
      for (const [id, digest] of listing) if (previous?.get(id) !== digest) changedCount++;
      const files = mediaOf.get(section.id);
      const mediaPlan = files
        ? planListing(codec, section.id, files, complete ? (parent?.media ?? null) : null)
        : null;
      for (const blob of mediaPlan?.blobs ?? [])
        await writer.add(section.id, blob.kind, blob.digest, blob.bytes);
      manifestSections.push({
        id: section.id,
        name: section.name,
        position: section.position,
        record: sectionDigest,
        complete,
        count: listing.size,
        listing: plan.ref,
        ...(mediaPlan ? { media: mediaPlan.ref } : {}),
      });
    }
    throwIfCancelled(options.signal);
    const manifest = await session.commit({
      time: time.toISOString(),
      trigger: request.trigger ?? "MANUAL",
      scope: request.scope,
      note: request.note?.trim() || null,
      parent: parent?.id ?? null,
      selection: {
        sectionIds: filter.sectionIds ? [...filter.sectionIds] : null,
        questionIds: filter.questionIds ? [...filter.questionIds] : null,
      },
      sections: manifestSections,
      stats: {
        sectionCount: manifestSections.length,
        questionCount: done,
        changedCount,
        addedBytes: 0,
        addedRecords: writer.addedRecords,
        logicalBytes,
        durationMs: Math.round(performance.now() - started),
      },
      recordSchemaVersion: RECORD_SCHEMA_VERSION,
      cursor: request.cursor ?? null,
      ...(media.missing.length ? { missingMedia: media.missing } : {}),
    });
    progress({ phase: "done", done, total, bytes });
    return manifest;
  });
}
