/**
 * The media of a backup: the files its questions name, stored when the repository lacks them,
 * and each section's media listing (question id to file record digest).
 *
 * A file the repository holds already (named by a file record the parent's media listings name,
 * with the same SHA-256) is not read again, only found in its place at its size. Any other is read from the bank's media folder,
 * hashed and stored; one that is missing there, or no longer has the SHA-256 the bank records
 * for it (changed behind the bank's back), is left out of the snapshot and reported as missing:
 * the backup goes on, and the question's record still names the file it should have. (A
 * snapshot taken before a restore keeps a changed file as it found it, and still reports it.)
 */
import type { BankSource, NamedMedia } from "../ports.js";
import type { ListingRef } from "../repository/listing.js";
import type { MissingMedia } from "../repository/manifest.js";
import type { RecordWriter } from "../repository/record-writer.js";
import type { Repository } from "../repository/repository.js";
import { readMediaFiles } from "./media.js";
import { storeMedia } from "./store-media.js";

/** Files read ahead of the one being stored. */
const READ_AHEAD = 2;

/** Media entries of a section: question id to the digest of its file's record. */
export type MediaEntries = Map<string, string>;

/** The entries of a section's media listing, or an empty map when it has none. */
export async function readMediaListing(
  repository: Repository,
  ref: ListingRef | undefined,
): Promise<MediaEntries> {
  return ref ? (await repository.readListing(ref)).entries : new Map();
}

/**
 * Stores the files `named` and says which file record each question's media is. `known` are
 * file record digests the repository may hold these files under (the parent's entries).
 * @returns each question's file record, by question id, and the media left out as missing.
 */
export async function storeNamedMedia(
  repository: Repository,
  writer: RecordWriter,
  source: BankSource,
  named: readonly NamedMedia[],
  known: Iterable<string>,
  options: {
    /**
     * Store a file that changed behind the bank's back as it is found (it is still reported): a
     * snapshot taken before a restore keeps the files as they were, so that its undo puts them back.
     */
    asFound?: boolean;
    /** Read and hash held files too (a scan), instead of finding them in place at their size. */
    rehash?: boolean;
  } = {},
): Promise<{ files: MediaEntries; missing: MissingMedia[] }> {
  const { asFound = false, rehash = false } = options;
  const codec = repository.codec;
  const bySha = new Map<string, string>();
  const candidates = [...new Set(known)].filter((digest) => writer.has(digest));
  if (candidates.length && named.length) {
    // A damaged file record is left out: the file is stored again from the bank's folder.
    const { files } = await readMediaFiles(repository.records, candidates);
    for (const [digest, record] of files) bySha.set(record.sha256, digest);
  }
  const files: MediaEntries = new Map();
  const missing: MissingMedia[] = [];
  // Files to read are read a few ahead, so that the disk works while the last one is hashed,
  // cut and stored.
  const reads = new Map<number, Promise<Uint8Array | null>>();
  const mustRead = (i: number) => asFound || rehash || !bySha.has(named[i]!.sha256);
  const read = (i: number) => {
    for (let j = i; j < named.length && j <= i + READ_AHEAD; j++)
      if (!reads.has(j) && mustRead(j)) {
        const reading = source.readMedia?.(named[j]!.path) ?? Promise.resolve(null);
        reading.catch(() => {});
        reads.set(j, reading);
      }
    const reading = reads.get(i) ?? source.readMedia?.(named[i]!.path) ?? Promise.resolve(null);
    reads.delete(i);
    return reading;
  };
  for (const [index, media] of named.entries()) {
    const lack = (reason: MissingMedia["reason"]) =>
      missing.push({ questionId: media.questionId, path: media.path, sha256: media.sha256, reason });
    let file = bySha.get(media.sha256);
    // A held file is not read again, but it must still be there, at the size the bank records.
    if (file && !asFound && !rehash && source.mediaSize) {
      const size = await source.mediaSize(media.path);
      if (size === null) {
        lack("MISSING");
        continue;
      }
      if (media.bytes !== undefined && size !== media.bytes) file = undefined;
    }
    if (!file || asFound || rehash) {
      const bytes = (await read(index)) ?? null;
      const found = bytes && codec.sha256Hex(bytes);
      if (!bytes || found !== media.sha256) {
        lack(bytes ? "CHANGED" : "MISSING");
        if (!bytes || !asFound) continue;
      }
      if (!file || found !== media.sha256) {
        const stored = await storeMedia(writer, codec, bytes, undefined, found ?? undefined);
        bySha.set(stored.sha256, stored.file);
        file = stored.file;
      }
    }
    files.set(media.questionId, file);
  }
  return { files, missing };
}

/** `files` (question id to file record) grouped by the section each question of `named` is in. */
export function mediaBySection(named: readonly NamedMedia[], files: MediaEntries): Map<string, MediaEntries> {
  const bySection = new Map<string, MediaEntries>();
  for (const { questionId, sectionId } of named) {
    const file = files.get(questionId);
    if (!file) continue;
    const section = bySection.get(sectionId) ?? new Map<string, string>();
    bySection.set(sectionId, section.set(questionId, file));
  }
  return bySection;
}
