/**
 * Snapshot manifests: one sealed file per snapshot under `snapshots/<yyyy>/<mm>/<dd>/<id>`,
 * written last, after every record and index file it names is durable. A manifest is complete
 * logically (every question id in its scope, with its digest, through its listings) and small
 * physically (listings are shared, content-addressed blobs).
 */
import type { ListingRef } from "./listing.js";

export const TRIGGERS = ["MANUAL", "AUTOMATIC", "SCHEDULED", "PRE_RESTORE", "IMPORT"] as const;
export type Trigger = (typeof TRIGGERS)[number];
export const SCOPES = ["FULL", "SECTIONS", "QUESTIONS"] as const;
export type Scope = (typeof SCOPES)[number];

export interface SnapshotSection {
  id: string;
  name: string;
  position: number;
  /** Digest of the section's own record. */
  record: string;
  /** True when the listing holds every question the section had (FULL and SECTIONS scopes). */
  complete: boolean;
  /** Questions in the listing. */
  count: number;
  listing: ListingRef;
  /**
   * The section's media listing: question id to the digest of the file record of the media its
   * record names. Absent when none of its questions has media in the snapshot.
   */
  media?: ListingRef;
}

/** A media file a question names that a backup could not store. */
export interface MissingMedia {
  questionId: string;
  path: string;
  sha256: string;
  /** MISSING: no file at `path`; CHANGED: the file there has another SHA-256. */
  reason: "MISSING" | "CHANGED";
}

export interface SnapshotStats {
  sectionCount: number;
  questionCount: number;
  /** Question records new or changed against the parent. */
  changedCount: number;
  /** Bytes this snapshot added to the repository (packs, index, manifest), as stored. */
  addedBytes: number;
  addedRecords: number;
  /** Size of the question records it references, uncompressed. */
  logicalBytes: number;
  durationMs: number;
}

export interface SnapshotManifest {
  version: number;
  id: string;
  /** ISO 8601. */
  time: string;
  trigger: Trigger;
  scope: Scope;
  note: string | null;
  parent: string | null;
  selection: { sectionIds: string[] | null; questionIds: string[] | null };
  sections: SnapshotSection[];
  stats: SnapshotStats;
  recordSchemaVersion: number;
  /** Opaque position in the bank's change journal that this snapshot covers, when known. */
  cursor: string | null;
  /** Media its questions name that the backup could not store; absent when none. */
  missingMedia?: MissingMedia[];
}
