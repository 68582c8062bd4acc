/**
 * Copies: a second repository kept in step with a first, like `restic copy`.
 *
 * Terms: the *source* is the repository copied from, the *copy* the one copied to; each has its
 * own key (or none), so an encrypted repository copies to one with the same passphrase, another
 * one, or none. A snapshot is *missing* from the copy when no manifest of its id is there.
 *
 * Invariants: only missing snapshots are copied, oldest first, and of each only the records the
 * copy lacks (section records, listings, questions): a copy that is up to date reads nothing but
 * the two snapshot lists (media included: listings, chunks, file records). Every record is checked on arrival: its bytes are read through the
 * source's reader, which checks each frame's hash and each record's digest, and are stored in the
 * copy's own packs, sealed with the copy's key. Each snapshot is one write session of the copy,
 * so its manifest (with the source's id, time, trigger, note and parent) is written only once
 * everything it names is stored: a copy cut off keeps the snapshots copied before, and the next
 * copy goes on from there.
 *
 * Not guaranteed: what the source forgets is not forgotten in the copy (its own retention does
 * that); pins are not copied. A snapshot whose records the source cannot read fails the copy
 * with INTEGRITY_ERROR, and the snapshots after it are not copied.
 */
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { sectionMedia } from "../media/media.js";
import { RECORD_KINDS, type RecordKind } from "../repository/format.js";
import type { SnapshotManifest } from "../repository/manifest.js";
import type { Repository } from "../repository/repository.js";

/** Records read from the source at once. */
const CHUNK = 2000;

export interface CopyOptions extends WorkOptions {
  /** Only these snapshots (those of them the copy lacks); all the copy lacks by default. */
  snapshotIds?: readonly string[];
}

/** What a copy did. */
export interface CopyReport {
  /** Ids of the snapshots copied, oldest first. */
  copied: string[];
  /** Snapshots of the source the copy held already. */
  present: number;
  /** Records stored in the copy. */
  records: number;
  /** Bytes stored in the copy (packs, index files, manifests). */
  bytes: number;
}

interface Needed {
  digest: string;
  section: string;
  kind: RecordKind;
}

/** Every record `manifest` names, once each, with the section and kind it is stored under. */
async function recordsOf(source: Repository, manifest: SnapshotManifest): Promise<Needed[]> {
  const seen = new Set<string>();
  const needed: Needed[] = [];
  const add = (digest: string, section: string, kind: RecordKind) => {
    if (seen.has(digest)) return;
    seen.add(digest);
    needed.push({ digest, section, kind });
  };
  for (const section of manifest.sections) {
    add(section.record, section.id, RECORD_KINDS.section);
    add(section.listing.base, section.id, RECORD_KINDS.listing);
    for (const delta of section.listing.deltas) add(delta, section.id, RECORD_KINDS.delta);
    const listing = await source.readListing(section.listing);
    for (const digest of listing.entries.values()) add(digest, section.id, RECORD_KINDS.question);
    if (!section.media) continue;
    // Media: the listing's blobs, each file's chunks, then its file record.
    add(section.media.base, section.id, RECORD_KINDS.listing);
    for (const delta of section.media.deltas) add(delta, section.id, RECORD_KINDS.delta);
    const media = await sectionMedia(source, section, { whole: true });
    for (const [digest, file] of media.files) {
      for (const [chunk] of file.chunks) add(chunk, section.id, RECORD_KINDS.chunk);
      add(digest, section.id, RECORD_KINDS.file);
    }
  }
  return needed;
}

/**
 * Copies the snapshots `copy` lacks from `source`; see the module's header.
 * @throws INTEGRITY_ERROR when a record of the source is damaged or missing; CANCELLED when
 * `signal` aborts (snapshots copied before stay); what the copy's storage and lock throw.
 */
export async function copySnapshots(
  source: Repository,
  copy: Repository,
  options: CopyOptions = {},
): Promise<CopyReport> {
  const progress = options.progress ?? ignoreProgress;
  const wanted = options.snapshotIds ? new Set(options.snapshotIds) : null;
  const present = new Set((await copy.listSnapshots()).map((m) => m.id));
  const all = (await source.listSnapshots()).filter((m) => !wanted || wanted.has(m.id));
  const missing = all.filter((m) => !present.has(m.id));
  const report: CopyReport = { copied: [], present: all.length - missing.length, records: 0, bytes: 0 };
  let done = 0;
  let bytes = 0;
  progress({ phase: "copying", done, total: missing.length, bytes });
  for (const manifest of missing) {
    throwIfCancelled(options.signal);
    await copy.write(`copy of snapshot ${manifest.id}`, async (session) => {
      const { writer } = session;
      const lacking = (await recordsOf(source, manifest)).filter((record) => !writer.has(record.digest));
      const ordered = await source.inStorageOrder(lacking, (record) => record.digest);
      for (let i = 0; i < ordered.length; i += CHUNK) {
        throwIfCancelled(options.signal);
        const chunk = ordered.slice(i, i + CHUNK);
        const found = await source.readRecordBytes(chunk.map((record) => record.digest));
        for (const record of chunk) {
          const recordBytes = found.get(record.digest)!;
          await writer.add(record.section, record.kind, record.digest, recordBytes);
          bytes += recordBytes.length;
        }
        progress({ phase: "copying", done, total: missing.length, bytes });
      }
      throwIfCancelled(options.signal);
      const { id, version: _version, ...fields } = manifest;
      const stored = await session.commit(fields, id);
      report.records += writer.addedRecords;
      report.bytes += stored.stats.addedBytes;
    });
    report.copied.push(manifest.id);
    done++;
    progress({ phase: "copying", done, total: missing.length, bytes });
  }
  progress({ phase: "done", done, total: missing.length, bytes });
  return report;
}
