/**
 * The media of a restore: which questions' audio the snapshot holds (through its sections' media
 * listings and the file records they name), what a restore would change of the bank's media (for
 * its preview), and the writing of the files, each checked whole before it is handed to the bank.
 */
import type { Codec } from "../codec/codec.js";
import { throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import type { BankSource, BankTransaction } from "../ports.js";
import type { SnapshotManifest } from "../repository/manifest.js";
import type { Repository } from "../repository/repository.js";
import type { RestorePlan } from "../restore/plan.js";
import { type MediaFileRecord, readMedia, readMediaFiles } from "./media.js";

/** A question's audio as a snapshot holds it. */
export interface HeldMedia {
  /** Digest of its file record. */
  file: string;
  /** The file record; null when it is missing or damaged. */
  record: MediaFileRecord | null;
}

/**
 * The audio `manifest` holds for the questions of `sectionIds` (every section when null), by
 * question id. @throws INTEGRITY_ERROR when a media listing cannot be read.
 */
export async function heldMedia(
  repository: Repository,
  manifest: SnapshotManifest,
  sectionIds: ReadonlySet<string> | null,
): Promise<Map<string, HeldMedia>> {
  const entries = new Map<string, string>();
  for (const section of manifest.sections) {
    if (!section.media || (sectionIds && !sectionIds.has(section.id))) continue;
    for (const [question, file] of (await repository.readListing(section.media)).entries)
      entries.set(question, file);
  }
  const { files } = entries.size
    ? await readMediaFiles(repository.records, entries.values())
    : { files: new Map<string, MediaFileRecord>() };
  const held = new Map<string, HeldMedia>();
  for (const [question, file] of entries) held.set(question, { file, record: files.get(file) ?? null });
  return held;
}

/** What a restore changes of one question's audio. */
export interface MediaChange {
  questionId: string;
  /**
   * ADDED: the question gets audio; CHANGED: other audio; REMOVED: it loses its audio;
   * REPAIRED: its audio stays, and its file, missing from the media folder or changed there, is
   * written back.
   */
  kind: "ADDED" | "CHANGED" | "REMOVED" | "REPAIRED";
  /** The audio after the restore (null when REMOVED); `bytes` null when the backup lacks the file. */
  sha256: string | null;
  bytes: number | null;
  /** The audio the bank has now (null when ADDED), and the path of its file. */
  liveSha256: string | null;
  liveBytes: number | null;
  livePath: string | null;
}

/**
 * The media changes of `plan` against the bank as `source` reads it (its media folder included),
 * in the plan's question order.
 */
export async function planMediaChanges(
  repository: Repository,
  source: BankSource,
  plan: RestorePlan,
): Promise<MediaChange[]> {
  const kept = plan.questions.filter((q) => q.kind !== "DELETED");
  const held = await heldMedia(repository, plan.manifest, new Set(kept.map((q) => q.sectionId)));
  const touched = plan.questions.filter((q) => q.kind !== "UNCHANGED" || held.get(q.id)?.record);
  if (!touched.length) return [];
  const missing = new Map((plan.manifest.missingMedia ?? []).map((m) => [m.questionId, m]));
  const live = new Map<string, { sha256: string; bytes: number | null; path: string }>();
  const ids = touched.filter((q) => q.liveDigest).map((q) => q.id);
  for (let i = 0; i < ids.length && source.media; i += 1000)
    for (const media of await source.media({ questionIds: ids.slice(i, i + 1000) }))
      live.set(media.questionId, { sha256: media.sha256, bytes: media.bytes ?? null, path: media.path });
  const changes: MediaChange[] = [];
  for (const question of touched) {
    const now = live.get(question.id) ?? null;
    if (question.kind === "UNCHANGED") {
      // The same audio before and after: its file is written back unless it is in place.
      const record = held.get(question.id)!.record!;
      if (!now || (await fileMatches(source, now.path, record, repository.codec))) continue;
      changes.push({
        questionId: question.id,
        kind: "REPAIRED",
        sha256: record.sha256,
        bytes: record.bytes,
        liveSha256: now.sha256,
        liveBytes: now.bytes,
        livePath: now.path,
      });
      continue;
    }
    const kept = held.get(question.id);
    const lacking = missing.get(question.id);
    const after =
      question.kind === "DELETED"
        ? null
        : kept?.record
          ? { sha256: kept.record.sha256, bytes: kept.record.bytes }
          : lacking
            ? { sha256: lacking.sha256, bytes: null }
            : null;
    if (!after && !now) continue;
    if (after && now && after.sha256 === now.sha256) continue;
    changes.push({
      questionId: question.id,
      kind: !now ? "ADDED" : !after ? "REMOVED" : "CHANGED",
      sha256: after?.sha256 ?? null,
      bytes: after?.bytes ?? null,
      liveSha256: now?.sha256 ?? null,
      liveBytes: now?.bytes ?? null,
      livePath: now?.path ?? null,
    });
  }
  return changes;
}

/** True when the bank's file at `path` is the one `record` describes (its size, then its bytes). */
async function fileMatches(source: BankSource, path: string, record: MediaFileRecord, codec: Codec) {
  if (source.mediaSize && (await source.mediaSize(path)) !== record.bytes) return false;
  const bytes = (await source.readMedia?.(path)) ?? null;
  return bytes !== null && codec.sha256Hex(bytes) === record.sha256;
}

/** A file a restore puts back: where, what, and the file record it is read from. */
export interface MediaWrite {
  path: string;
  sha256: string;
  file: string;
}

/**
 * Puts `writes` in the bank's media folder through `tx`, one file at a time: a file already equal
 * there is left alone; any other is read from the repository and checked whole (every chunk's
 * digest, the file's SHA-256) before the bank gets it. @throws INTEGRITY_ERROR when one is
 * damaged: the transaction then rolls back, files included. @returns the files written.
 */
export async function putMediaFiles(
  repository: Repository,
  tx: BankTransaction,
  writes: readonly MediaWrite[],
  codec: Codec,
  options: WorkOptions = {},
): Promise<number> {
  const put = tx.putMedia;
  if (!put) return 0;
  // One write per path (questions sharing a file name it alike), a few files at once: each is
  // read, checked and written while the others wait on the disk.
  const byPath = [...new Map(writes.map((write) => [write.path, write])).values()];
  let written = 0;
  let done = 0;
  let next = 0;
  const work = async () => {
    while (next < byPath.length) {
      const write = byPath[next++]!;
      throwIfCancelled(options.signal);
      if (!(await inPlace(tx, write, codec))) {
        const bytes = await readMedia(repository.records, codec, write.file);
        await put([{ path: write.path, sha256: write.sha256, bytes }]);
        written++;
      }
      options.progress?.({ phase: "media", done: ++done, total: byPath.length, bytes: 0 });
    }
  };
  await Promise.all(Array.from({ length: Math.min(FILES_AT_ONCE, byPath.length) }, work));
  return written;
}

/** Files a restore reads and writes at once. */
const FILES_AT_ONCE = 4;

/** True when the bank's file at `write.path` is already the one to write (its size, then its bytes). */
async function inPlace(tx: BankTransaction, write: MediaWrite, codec: Codec): Promise<boolean> {
  if (tx.mediaSize && (await tx.mediaSize(write.path)) === null) return false;
  const current = (await tx.readMedia?.(write.path)) ?? null;
  return current !== null && codec.sha256Hex(current) === write.sha256;
}

/**
 * The media file of SHA-256 `sha256` that `manifest` holds (for any of its questions), read back
 * whole and checked; null when it holds none. @throws INTEGRITY_ERROR when it is damaged.
 */
export async function snapshotMediaFile(
  repository: Repository,
  manifest: SnapshotManifest,
  sha256: string,
): Promise<Uint8Array | null> {
  for (const [, held] of await heldMedia(repository, manifest, null))
    if (held.record?.sha256 === sha256) return readMedia(repository.records, repository.codec, held.file);
  return null;
}
