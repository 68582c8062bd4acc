/**
 * Importing an archive into a repository as a new snapshot of trigger IMPORT.
 *
 * The archive is checked completely before anything is stored: the whole file's hash, the
 * trailer, then every frame and record (see verify-archive.ts). Only then does the import take
 * the writer lock and store the records the repository lacks, a listing base per section, and the
 * manifest last. A refused archive stores nothing; a failure while writing (a full disk, a file
 * changed under the import, a cancel) leaves at most unreferenced packs, which cleanup removes.
 *
 * The new snapshot's time is the time of the import (so retention sees it as new); the archive's
 * snapshot id, time and repository are kept in its note. Records are stored byte for byte, so
 * their digests, and the record-schema version they follow, are the archive's.
 */
import type { Codec } from "../codec/codec.js";
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { RECORD_KINDS } from "../repository/format.js";
import { baseBlob } from "../repository/listing.js";
import type { SnapshotManifest, SnapshotSection } from "../repository/manifest.js";
import type { Repository } from "../repository/repository.js";
import { archiveDamaged } from "./archive-format.js";
import type { ArchiveReader, ArchiveSource } from "./archive-reader.js";
import { openArchive } from "./read-archive.js";
import { refuseArchive, verifyArchive } from "./verify-archive.js";

export interface ImportArchiveOptions extends WorkOptions {
  /** The codec to read the archive with. @default the repository's */
  codec?: Codec;
  /** Needed for an encrypted archive. */
  passphrase?: string | null;
  /** Where the archive came from (e.g. its file name), for the new snapshot's note. */
  origin?: string | null;
}

/** Longest note a snapshot takes (as for backups). */
const NOTE_LENGTH = 1000;

function importNote(archive: ArchiveReader, origin: string | null | undefined): string {
  const { snapshot } = archive;
  const from =
    `Imported from an archive of backup ${snapshot.id} (${snapshot.trigger}, ${snapshot.time})` +
    ` of repository ${snapshot.repository.slice(0, 12)}${origin ? `, ${origin}` : ""}`;
  const note = snapshot.note ? `${from}: ${snapshot.note}` : from;
  return note.length > NOTE_LENGTH ? `${note.slice(0, NOTE_LENGTH - 1)}…` : note;
}

/**
 * Imports the archive in `source` into `repository` and returns the new snapshot's manifest.
 * @throws INTEGRITY_ERROR for a foreign, truncated or damaged archive; UNSUPPORTED_VERSION for a
 * newer archive format; WRONG_PASSPHRASE; VALIDATION_FAILED when records break the record schema
 * or their references (details.items lists the problems); CANCELLED when `signal` aborts before
 * the manifest is written. In every case nothing is referenced by any snapshot.
 */
export async function importArchive(
  repository: Repository,
  source: ArchiveSource,
  options: ImportArchiveOptions = {},
): Promise<SnapshotManifest> {
  const started = performance.now();
  const progress = options.progress ?? ignoreProgress;
  const archive = await openArchive(source, {
    codec: options.codec ?? repository.codec,
    passphrase: options.passphrase ?? null,
    signal: options.signal,
    progress,
  });
  const report = await verifyArchive(archive, { signal: options.signal, progress });
  if (!report.ok) refuseArchive(report);
  throwIfCancelled(options.signal);

  return repository.write(`import of backup ${archive.snapshot.id}`, async (session) => {
    const { writer } = session;
    const sectionOf = new Map<string, string>();
    for (const section of archive.sections) {
      sectionOf.set(section.record, section.id);
      for (const [, digest] of archive.questions(section.id)) sectionOf.set(digest, section.id);
    }
    let done = 0;
    let bytes = 0;
    let logicalBytes = 0;
    let addedQuestions = 0;
    for (let i = 0; i < archive.frameCount; i++) {
      throwIfCancelled(options.signal);
      const entries = archive.frameEntries(i);
      for (const entry of entries) if (entry.kind === RECORD_KINDS.question) logicalBytes += entry.length;
      done += entries.length;
      // A frame whose records the repository holds already need not be read again.
      if (entries.every((entry) => writer.has(entry.digest))) continue;
      for (const record of await archive.readFrame(i)) {
        if (!record.bytes) throw archiveDamaged(`record ${record.digest} changed since it was checked`);
        if (writer.has(record.digest)) continue;
        if (record.kind === RECORD_KINDS.question) addedQuestions++;
        bytes += record.bytes.length;
        await writer.add(sectionOf.get(record.digest) ?? "", record.kind, record.digest, record.bytes);
      }
      progress({ phase: "writing", done, total: archive.recordCount, bytes });
    }

    const sections: SnapshotSection[] = [];
    for (const section of archive.sections) {
      const base = baseBlob(repository.codec, section.id, new Map(archive.questions(section.id)));
      await writer.add(section.id, base.kind, base.digest, base.bytes);
      const media = archive.media(section.id);
      const mediaBase = media.length ? baseBlob(repository.codec, section.id, new Map(media)) : null;
      if (mediaBase) await writer.add(section.id, mediaBase.kind, mediaBase.digest, mediaBase.bytes);
      sections.push({
        id: section.id,
        name: section.name,
        position: section.position,
        record: section.record,
        complete: section.complete,
        count: section.count,
        listing: { base: base.digest, deltas: [] },
        ...(mediaBase ? { media: { base: mediaBase.digest, deltas: [] } } : {}),
      });
    }
    throwIfCancelled(options.signal);
    const { snapshot } = archive;
    const manifest = await session.commit({
      time: new Date().toISOString(),
      trigger: "IMPORT",
      scope: snapshot.scope,
      note: importNote(archive, options.origin),
      parent: null,
      selection: snapshot.selection,
      sections,
      stats: {
        sectionCount: sections.length,
        questionCount: sections.reduce((sum, s) => sum + s.count, 0),
        changedCount: addedQuestions,
        addedBytes: 0,
        addedRecords: writer.addedRecords,
        logicalBytes,
        durationMs: Math.round(performance.now() - started),
      },
      recordSchemaVersion: snapshot.recordSchemaVersion,
      cursor: null,
      ...(report.missingMedia.length ? { missingMedia: report.missingMedia } : {}),
    });
    progress({ phase: "done", done, total: archive.recordCount, bytes });
    return manifest;
  });
}
