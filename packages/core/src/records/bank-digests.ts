/**
 * The digests of the bank's questions, as cheaply as the bank allows: taken from the digests it
 * keeps where it keeps them (see {@link BankSource.questionDigests}), and otherwise read, encoded
 * and hashed here, then handed back for the bank to keep. Planning a restore and backing up an
 * unchanged bank then read a digest per question instead of every question whole.
 *
 * Invariant: every digest given is the SHA-256 of the question's record as the source reads it
 * within its one consistent state; `bytes` is that record when it was read.
 */

import type { Codec } from "../codec/codec.js";
import { isQvaultError } from "../errors/qvault-error.js";
import type { BankSource, QuestionFilter } from "../ports.js";
import type { SnapshotManifest } from "../repository/manifest.js";
import type { Repository } from "../repository/repository.js";
import { digestOf, encodeQuestion, type QuestionRecord } from "./record.js";

export interface QuestionDigest {
  id: string;
  sectionId: string;
  digest: string;
  /** The record's canonical bytes, when it was read: always for a digest the bank did not know. */
  bytes: Uint8Array | null;
}

export interface BankDigestsOptions {
  /** Asks for the record of a question whose digest is known all the same (one a repository lacks). */
  needsBytes?: (digest: string) => boolean;
  /**
   * Hands the digests hashed here to the bank to keep (a backup does; a preview, which must not
   * wait for the bank's writes, does not).
   */
  keep?: boolean;
}

/** The questions of `filter` as digests, in the order and chunks of {@link BankSource.questions}. */
export async function* bankDigests(
  source: BankSource,
  codec: Codec,
  filter: QuestionFilter,
  chunkSize: number,
  options: BankDigestsOptions = {},
): AsyncGenerator<QuestionDigest[]> {
  const needsBytes = options.needsBytes ?? (() => false);
  if (!source.questionDigests) {
    for await (const chunk of source.questions(filter, chunkSize))
      yield chunk.map((question) => encoded(codec, question));
    return;
  }
  for await (const kept of source.questionDigests(filter, chunkSize)) {
    const read = new Map<string, QuestionDigest>();
    for (const q of kept)
      if (q.bytes) read.set(q.id, hashed(codec, q.id, q.sectionId, q.bytes));
      else if (q.record) read.set(q.id, encoded(codec, q.record));
    const unread = kept
      .filter((q) => !q.record && !q.bytes && (q.digest === null || needsBytes(q.digest)))
      .map((q) => q.id);
    if (unread.length)
      for (const question of await readQuestionsWhole(source, codec, unread, chunkSize))
        read.set(question.id, question);
    const learned: { id: string; digest: string }[] = [];
    yield kept.map((q) => {
      const fresh = read.get(q.id);
      if (!fresh) {
        // A source reads one consistent state: a question it lists is there to read.
        if (q.digest === null) throw new Error(`question ${q.id} was listed but cannot be read`);
        return { id: q.id, sectionId: q.sectionId, digest: q.digest, bytes: null };
      }
      if (fresh.digest !== q.digest) learned.push({ id: q.id, digest: fresh.digest });
      return fresh;
    });
    if (options.keep && learned.length) await source.keepDigests?.(learned);
  }
}

/** A question's canonical bytes with their digest. */
function hashed(codec: Codec, id: string, sectionId: string, bytes: Uint8Array): QuestionDigest {
  return { id, sectionId, digest: digestOf(codec, bytes), bytes };
}

/** A question read as a record, encoded and hashed. */
function encoded(codec: Codec, question: QuestionRecord): QuestionDigest {
  return hashed(codec, question.id, question.sectionId, encodeQuestion(question));
}

/**
 * Questions `ids` read whole and hashed, as the bank holds them now (a question it does not hold
 * is absent): as the canonical bytes the bank builds where it can, else read as records and
 * encoded here.
 */
export async function readQuestionsWhole(
  source: BankSource,
  codec: Codec,
  ids: string[],
  chunkSize: number,
): Promise<QuestionDigest[]> {
  const read: QuestionDigest[] = [];
  let unbuilt = ids;
  if (source.questionBytes) {
    unbuilt = [];
    for await (const chunk of source.questionBytes({ questionIds: ids }, chunkSize))
      for (const { id, sectionId, bytes } of chunk)
        if (bytes) read.push(hashed(codec, id, sectionId, bytes));
        else unbuilt.push(id);
  }
  if (unbuilt.length)
    for await (const chunk of source.questions({ questionIds: unbuilt }, chunkSize))
      for (const question of chunk) read.push(encoded(codec, question));
  return read;
}

/** How many of the newest FULL snapshots are tried as the base of what is built from changes. */
const BASES_TRIED = 4;

/**
 * The newest FULL snapshot that the bank can name every change since (`BankSource.changesSince`:
 * its cursor is the bank's own, and nothing is missing since), with those changes; null when none
 * of the newest few can serve, or the source cannot name changes. A FULL snapshot of another bank
 * (an import, or a repository shared with a bank restored elsewhere) is passed over.
 */
export async function changesSinceSnapshot(
  repository: Repository,
  source: BankSource,
): Promise<{
  parent: SnapshotManifest;
  changes: { questionIds: string[]; sectionIds: string[]; cursor: string };
} | null> {
  if (!source.changesSince) return null;
  const snapshots = await repository.listSnapshots();
  let tried = 0;
  for (let i = snapshots.length - 1; i >= 0 && tried < BASES_TRIED; i--) {
    const snapshot = snapshots[i]!;
    if (snapshot.scope !== "FULL" || !snapshot.cursor || !snapshot.sections.every((s) => s.complete))
      continue;
    tried++;
    const changes = await source.changesSince(snapshot.cursor);
    if (changes) return { parent: snapshot, changes };
  }
  return null;
}

/** A question's digest and the section it is in. */
export interface LiveDigest {
  digest: string;
  sectionId: string;
}

/**
 * The digests of the bank's questions in `filter`, taken from the newest FULL snapshot the bank
 * can name every change since ({@link changesSinceSnapshot}) for every question it names no change
 * of: only the changed ones are read from the bank (through {@link bankDigests}). Null when that
 * cannot be done (no such snapshot, or a listing of it cannot be read); the caller then reads the
 * bank.
 */
export async function digestsSince(
  repository: Repository,
  source: BankSource,
  codec: Codec,
  filter: QuestionFilter,
): Promise<Map<string, LiveDigest> | null> {
  const base = await changesSinceSnapshot(repository, source);
  if (!base) return null;
  const { parent, changes } = base;
  const changed = new Set(changes.questionIds);
  const inSections = filter.sectionIds ? new Set(filter.sectionIds) : null;
  const ids = filter.questionIds ? [...new Set(filter.questionIds)] : null;
  const live = new Map<string, LiveDigest>();
  // Unchanged questions are where the parent has them, with its digest.
  for (const section of parent.sections) {
    if (inSections && !inSections.has(section.id)) continue;
    let listing: Awaited<ReturnType<Repository["readListing"]>>;
    try {
      listing = await repository.readListing(section.listing);
    } catch (error) {
      if (isQvaultError(error) && error.code === "INTEGRITY_ERROR") return null;
      throw error;
    }
    if (ids) {
      for (const id of ids) {
        const digest = changed.has(id) ? undefined : listing.get(id);
        if (digest) live.set(id, { digest, sectionId: section.id });
      }
    } else
      for (const [id, digest] of listing.entries)
        if (!changed.has(id)) live.set(id, { digest, sectionId: section.id });
  }
  // Changed questions as the bank has them now (gone ones are not found).
  const wanted = ids ? ids.filter((id) => changed.has(id)) : [...changed];
  for await (const chunk of bankDigests(source, codec, { questionIds: wanted }, 1000))
    for (const q of chunk)
      if (!inSections || inSections.has(q.sectionId))
        live.set(q.id, { digest: q.digest, sectionId: q.sectionId });
  return live;
}
