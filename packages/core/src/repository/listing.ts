/**
 * Listings: which question ids a snapshot holds in a section, and each one's record digest.
 *
 * A section's listing is a *base* (every entry, sorted by id) plus a short chain of *deltas*
 * (entries set and ids deleted), all stored as content-addressed records in the section's packs.
 * A snapshot names its listing by digests, so an unchanged section costs nothing and a few edits
 * cost a delta of a few entries. The chain is bounded: past {@link LIMITS.deltaChain} deltas they
 * are merged into one, and a merged delta larger than {@link LIMITS.deltaShare} of the base
 * becomes a new base. Reading a listing therefore reads one base and at most a few deltas.
 * Blobs are shared, never owned: deleting a snapshot cannot break another's listing.
 */
import { type Codec, utf8 } from "../codec/codec.js";
import { digestOf } from "../records/record.js";
import { LIMITS, RECORD_KINDS, type RecordKind } from "./format.js";

export type Entry = [id: string, digest: string];

export interface ListingBase {
  section: string;
  entries: Entry[];
}

export interface ListingDelta {
  section: string;
  set: Entry[];
  del: string[];
}

/** How a manifest names a section's listing. */
export interface ListingRef {
  base: string;
  deltas: string[];
}

export interface NewBlob {
  kind: RecordKind;
  digest: string;
  bytes: Uint8Array;
}

/** A listing read back: the entries of its base alone and of the whole chain. */
export interface ResolvedListing {
  ref: ListingRef;
  base: Map<string, string>;
  entries: Map<string, string>;
}

export function applyDelta(entries: Map<string, string>, delta: ListingDelta): void {
  for (const id of delta.del) entries.delete(id);
  for (const [id, digest] of delta.set) entries.set(id, digest);
}

/** The delta that turns `from` into `to`, sorted by id. */
export function diffEntries(
  section: string,
  from: Map<string, string>,
  to: Map<string, string>,
): ListingDelta {
  const set: Entry[] = [];
  const del: string[] = [];
  for (const [id, digest] of to) if (from.get(id) !== digest) set.push([id, digest]);
  for (const id of from.keys()) if (!to.has(id)) del.push(id);
  set.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  del.sort();
  return { section, set, del };
}

function blob(codec: Codec, kind: RecordKind, value: unknown): NewBlob {
  const bytes = utf8.encode(JSON.stringify(value));
  return { kind, digest: digestOf(codec, bytes), bytes };
}

export function baseBlob(codec: Codec, section: string, entries: Map<string, string>): NewBlob {
  const sorted = [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return blob(codec, RECORD_KINDS.listing, { section, entries: sorted } satisfies ListingBase);
}

/**
 * The listing a new snapshot names for a section whose entries are now `entries`, given the
 * parent's listing of that section (null when there is none to build on), and the blobs to store.
 */
export function planListing(
  codec: Codec,
  section: string,
  entries: Map<string, string>,
  parent: ResolvedListing | null,
): { ref: ListingRef; blobs: NewBlob[]; changed: number } {
  if (!parent) {
    const base = baseBlob(codec, section, entries);
    return { ref: { base: base.digest, deltas: [] }, blobs: [base], changed: entries.size };
  }
  const delta = diffEntries(section, parent.entries, entries);
  const changed = delta.set.length;
  if (delta.set.length === 0 && delta.del.length === 0) return { ref: parent.ref, blobs: [], changed: 0 };
  if (parent.ref.deltas.length < LIMITS.deltaChain) {
    const next = blob(codec, RECORD_KINDS.delta, delta);
    return {
      ref: { base: parent.ref.base, deltas: [...parent.ref.deltas, next.digest] },
      blobs: [next],
      changed,
    };
  }
  const merged = diffEntries(section, parent.base, entries);
  if (
    merged.set.length + merged.del.length >
    LIMITS.deltaShare * Math.max(parent.base.size, entries.size, 64)
  ) {
    const base = baseBlob(codec, section, entries);
    return { ref: { base: base.digest, deltas: [] }, blobs: [base], changed };
  }
  const next = blob(codec, RECORD_KINDS.delta, merged);
  return { ref: { base: parent.ref.base, deltas: [next.digest] }, blobs: [next], changed };
}
