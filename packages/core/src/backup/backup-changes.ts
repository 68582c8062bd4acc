/**
 * Incremental backup from a known set of changes: a new complete (FULL scope) snapshot built from
 * the newest FULL snapshot, reading only the questions that changed. Its cost grows with the
 * changes, not with the bank: unchanged sections keep their parent's listing, changed ones get a
 * delta of the changed entries.
 *
 * The caller must pass every question and section changed since the parent's `cursor` (e.g. from
 * the bank's change journal); with no FULL parent that has a cursor, a full backup is taken, and
 * so it is when the parent cannot be built on (a record or listing of it was lost or damaged).
 */
import { isQvaultError } from "../errors/qvault-error.js";
import { ignoreProgress, throwIfCancelled } from "../jobs/progress.js";
import { mediaBySection, storeNamedMedia } from "../media/backup-media.js";
import type { BankSource } from "../ports.js";
import { bankDigests } from "../records/bank-digests.js";
import { digestOf, encodeSection, RECORD_SCHEMA_VERSION } from "../records/record.js";
import { RECORD_KINDS } from "../repository/format.js";
import { planChanges, planListing, type ResolvedListing } from "../repository/listing.js";
import type { SnapshotManifest, SnapshotSection, Trigger } from "../repository/manifest.js";
import type { Repository } from "../repository/repository.js";
import { type BackupOptions, backup } from "./backup.js";

export interface ChangeSet {
  /** Questions inserted, updated, moved or deleted since the parent's cursor. */
  questionIds: readonly string[];
  /** Sections changed, or holding or having held a changed question, since the parent's cursor. */
  sectionIds: readonly string[];
  /** The position these changes reach; stored as the new snapshot's cursor. */
  cursor: string;
}

/** The newest FULL snapshot, which incremental backups build on, or null. */
export async function latestFullSnapshot(repository: Repository): Promise<SnapshotManifest | null> {
  const snapshots = await repository.listSnapshots();
  for (let i = snapshots.length - 1; i >= 0; i--) if (snapshots[i]!.scope === "FULL") return snapshots[i]!;
  return null;
}

export async function backupChanges(
  repository: Repository,
  source: BankSource,
  changes: ChangeSet,
  options: BackupOptions & {
    trigger?: Trigger;
    note?: string | null;
    /** The snapshot `changes` are since. @default the newest FULL snapshot */
    parent?: SnapshotManifest;
    /**
     * Examine every question's media, not only the changed ones': files gone from the media folder
     * (or, with `rehashMedia`, changed there) are reported, and ones put back are stored.
     */
    scanMedia?: boolean;
  } = {},
): Promise<SnapshotManifest> {
  const trigger = options.trigger ?? "AUTOMATIC";
  const parent = options.parent ?? (await latestFullSnapshot(repository));
  const full = () =>
    backup(
      repository,
      source,
      { scope: "FULL", trigger, cursor: changes.cursor, note: options.note ?? null },
      options,
    );
  if (!parent || parent.cursor === null) return full();
  try {
    return await fromParent(repository, source, changes, parent, trigger, options);
  } catch (error) {
    if (error instanceof ParentUnreadable) return full();
    throw error;
  }
}

/** The parent cannot be built on: some of what it names cannot be read back. */
class ParentUnreadable extends Error {}

async function fromParent(
  repository: Repository,
  source: BankSource,
  changes: ChangeSet,
  parent: SnapshotManifest,
  trigger: Trigger,
  options: BackupOptions & { note?: string | null; scanMedia?: boolean },
): Promise<SnapshotManifest> {
  const progress = options.progress ?? ignoreProgress;
  const started = performance.now();
  const time = new Date();
  const codec = repository.codec;

  return repository.write("automatic backup", async (session) => {
    const { writer, index } = session;
    for (const section of parent.sections) {
      const { listing, media } = section;
      const named = [
        section.record,
        listing.base,
        ...listing.deltas,
        ...(media ? [media.base, ...media.deltas] : []),
      ];
      if (!named.every((d) => writer.has(d))) throw new ParentUnreadable();
    }
    progress({ phase: "reading", done: 0, total: changes.questionIds.length, bytes: 0 });
    const liveSections = await source.sections();
    const live = new Map<string, { sectionId: string; digest: string; bytes: number }>();
    let done = 0;
    const digests = bankDigests(source, codec, { questionIds: changes.questionIds }, 250, {
      needsBytes: (digest) => !writer.has(digest),
      keep: true,
    });
    for await (const chunk of digests) {
      throwIfCancelled(options.signal);
      for (const question of chunk) {
        const { sectionId, digest } = question;
        live.set(question.id, {
          sectionId,
          digest,
          bytes: question.bytes?.length ?? writer.lengthOf(digest) ?? 0,
        });
        if (question.bytes) await writer.add(sectionId, RECORD_KINDS.question, digest, question.bytes);
      }
      done += chunk.length;
      progress({ phase: "reading", done, total: changes.questionIds.length, bytes: 0 });
    }

    const parentSections = new Map(parent.sections.map((s) => [s.id, s]));
    const affected = new Set(changes.sectionIds);
    for (const entry of live.values()) affected.add(entry.sectionId);

    // The media of the changed questions (of every question, scanning): stored unless the
    // parent's media listings name them.
    const scan = options.scanMedia === true;
    const named = (await source.media?.(scan ? {} : { questionIds: changes.questionIds })) ?? [];
    if (scan) {
      for (const media of named) affected.add(media.sectionId);
      for (const section of parent.sections) if (section.media) affected.add(section.id);
    }
    const parentMedia = new Map<string, ResolvedListing | null>();
    for (const id of affected) {
      const previous = parentSections.get(id);
      if (previous?.complete)
        parentMedia.set(id, previous.media ? await readParentListing(repository, previous.media) : null);
    }
    const media = await storeNamedMedia(
      repository,
      writer,
      source,
      named,
      [...parentMedia.values()].flatMap((listing) =>
        !listing
          ? []
          : scan
            ? [...listing.entries.values()]
            : changes.questionIds.flatMap((id) => listing.get(id) ?? []),
      ),
      { rehash: options.rehashMedia },
    );
    const mediaOf = mediaBySection(named, media.files);
    const changed = new Set(changes.questionIds);
    const missingMedia = [
      ...(scan ? [] : (parent.missingMedia ?? []).filter((m) => !changed.has(m.questionId))),
      ...media.missing,
    ];
    const sizeOf = (digest: string | undefined) => (digest ? (index.get(digest)?.length ?? 0) : 0);

    const sections: SnapshotSection[] = [];
    let changedCount = 0;
    let logicalDelta = 0;
    for (const section of liveSections) {
      const previous = parentSections.get(section.id);
      if (previous?.complete && !affected.has(section.id)) {
        sections.push({ ...previous, name: section.name, position: section.position });
        continue;
      }
      throwIfCancelled(options.signal);
      const encoded = encodeSection(section);
      const record = digestOf(codec, encoded);
      await writer.add(section.id, RECORD_KINDS.section, record, encoded);
      const parentListing = previous?.complete ? await readParentListing(repository, previous.listing) : null;
      const set: [string, string][] = [];
      const del: string[] = [];
      for (const id of changes.questionIds) {
        const now = live.get(id);
        const before = parentListing?.get(id);
        if (now?.sectionId === section.id) {
          if (before !== now.digest) {
            changedCount++;
            logicalDelta += now.bytes - sizeOf(before);
            set.push([id, now.digest]);
          }
        } else if (before !== undefined) {
          del.push(id);
          logicalDelta -= sizeOf(before);
        }
      }
      let plan: ReturnType<typeof planChanges>;
      if (parentListing) {
        const byId = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
        plan = planChanges(codec, section.id, parentListing, {
          section: section.id,
          set: [...new Map(set)].sort(byId),
          del: [...new Set(del)].sort(),
        });
      } else {
        // No complete listing to build on: the section's questions are all among the changes.
        const entries = new Map(set);
        for (const [id, now] of live)
          if (now.sectionId === section.id && !entries.has(id)) {
            entries.set(id, now.digest);
            changedCount++;
            logicalDelta += now.bytes;
          }
        plan = planListing(codec, section.id, entries, null);
      }
      for (const blob of plan.blobs) await writer.add(section.id, blob.kind, blob.digest, blob.bytes);
      repository.rememberListing(plan.listing);
      const parentFiles = parentMedia.get(section.id) ?? null;
      const files = mediaOf.get(section.id);
      const mediaPlan = scan
        ? files
          ? planListing(codec, section.id, files, parentFiles)
          : null
        : planMediaChanges(codec, section.id, parentFiles, changes.questionIds, (id) =>
            live.get(id)?.sectionId === section.id ? media.files.get(id) : undefined,
          );
      for (const blob of mediaPlan?.blobs ?? [])
        await writer.add(section.id, blob.kind, blob.digest, blob.bytes);
      sections.push({
        id: section.id,
        name: section.name,
        position: section.position,
        record,
        complete: true,
        count: plan.listing.size,
        listing: plan.ref,
        ...(mediaPlan?.listing.size ? { media: mediaPlan.ref } : {}),
      });
    }
    const liveIds = new Set(liveSections.map((s) => s.id));
    for (const gone of parent.sections) {
      if (liveIds.has(gone.id)) continue;
      for (const digest of (await repository.readListing(gone.listing)).entries.values())
        logicalDelta -= sizeOf(digest);
    }

    throwIfCancelled(options.signal);
    progress({ phase: "writing", done, total: changes.questionIds.length, bytes: 0 });
    return session.commit({
      time: time.toISOString(),
      trigger,
      scope: "FULL",
      note: options.note ?? null,
      parent: parent.id,
      selection: { sectionIds: null, questionIds: null },
      sections,
      stats: {
        sectionCount: sections.length,
        questionCount: sections.reduce((sum, s) => sum + s.count, 0),
        changedCount,
        addedBytes: 0,
        addedRecords: writer.addedRecords,
        logicalBytes: Math.max(0, parent.stats.logicalBytes + logicalDelta),
        durationMs: Math.round(performance.now() - started),
      },
      recordSchemaVersion: RECORD_SCHEMA_VERSION,
      cursor: changes.cursor,
      ...(missingMedia.length ? { missingMedia } : {}),
    });
  });
}

/**
 * A section's media listing after `changed` questions: each now has the file `fileOf` says (or
 * none), others keep the parent's. Null when the section has no media before or after.
 */
function planMediaChanges(
  codec: Repository["codec"],
  section: string,
  parent: ResolvedListing | null,
  changed: readonly string[],
  fileOf: (id: string) => string | undefined,
): ReturnType<typeof planChanges> | null {
  const set = new Map<string, string>();
  const del = new Set<string>();
  for (const id of changed) {
    const file = fileOf(id);
    if (file !== undefined) {
      if (parent?.get(id) !== file) set.set(id, file);
    } else if (parent?.get(id) !== undefined) del.add(id);
  }
  if (!parent) return set.size ? planListing(codec, section, set, null) : null;
  const byId = (a: [string, string], b: [string, string]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
  return planChanges(codec, section, parent, { section, set: [...set].sort(byId), del: [...del].sort() });
}

async function readParentListing(repository: Repository, ref: SnapshotSection["listing"]) {
  try {
    return await repository.readListing(ref);
  } catch (error) {
    if (isQvaultError(error) && error.code === "INTEGRITY_ERROR") throw new ParentUnreadable();
    throw error;
  }
}
