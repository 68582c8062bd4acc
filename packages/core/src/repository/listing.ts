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

/**
 * A listing read back: its base's entries and the changes its deltas make to them, combined.
 * `entries` (the whole listing) is built on first use; `get` and `size` never need it, so an
 * automatic backup that changes a few questions costs in proportion to the changes.
 * The maps are shared between readers and must not be changed.
 */
export class ResolvedListing {
  private whole: Map<string, string> | null;

  constructor(
    readonly ref: ListingRef,
    readonly base: Map<string, string>,
    /** Entries set over the base (ids new to it or with another digest). */
    readonly set: ReadonlyMap<string, string> = new Map(),
    /** Ids of the base that are gone. */
    readonly del: ReadonlySet<string> = new Set(),
  ) {
    this.whole = set.size === 0 && del.size === 0 ? base : null;
    let size = base.size;
    for (const id of del) if (base.has(id)) size--;
    for (const id of set.keys()) if (!base.has(id)) size++;
    this.size = size;
  }

  readonly size: number;

  /** Every entry, id to digest. */
  get entries(): Map<string, string> {
    if (!this.whole) {
      const whole = new Map(this.base);
      for (const id of this.del) whole.delete(id);
      for (const [id, digest] of this.set) whole.set(id, digest);
      this.whole = whole;
    }
    return this.whole;
  }

  /** Whether `entries` is built and held beyond the base. */
  get holdsEntries(): boolean {
    return this.whole !== null && this.whole !== this.base;
  }

  get(id: string): string | undefined {
    return this.set.get(id) ?? (this.del.has(id) ? undefined : this.base.get(id));
  }

  /** The combined set and del of `base` followed by `deltas`, in order. */
  static combine(
    ref: ListingRef,
    base: Map<string, string>,
    deltas: readonly ListingDelta[],
  ): ResolvedListing {
    const set = new Map<string, string>();
    const del = new Set<string>();
    for (const delta of deltas) {
      for (const id of delta.del) {
        set.delete(id);
        if (base.has(id)) del.add(id);
      }
      for (const [id, digest] of delta.set) {
        del.delete(id);
        if (base.get(id) === digest) set.delete(id);
        else set.set(id, digest);
      }
    }
    return new ResolvedListing(ref, base, set, del);
  }
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
): { ref: ListingRef; blobs: NewBlob[]; listing: ResolvedListing } {
  if (!parent) return rebase(codec, section, entries);
  return planChanges(codec, section, parent, diffEntries(section, parent.entries, entries));
}

/**
 * Like {@link planListing}, from the changes alone (`delta`: what changed against `parent`), for
 * backups that read only the changed questions. Costs in proportion to the changes unless the
 * chain of deltas grows past a quarter of the base, when a new base is written.
 */
export function planChanges(
  codec: Codec,
  section: string,
  parent: ResolvedListing,
  delta: ListingDelta,
): { ref: ListingRef; blobs: NewBlob[]; listing: ResolvedListing } {
  if (delta.set.length === 0 && delta.del.length === 0)
    return { ref: parent.ref, blobs: [], listing: parent };
  const combined = ResolvedListing.combine(parent.ref, parent.base, [
    { section, set: [...parent.set], del: [...parent.del] },
    delta,
  ]);
  if (parent.ref.deltas.length < LIMITS.deltaChain) {
    const next = blob(codec, RECORD_KINDS.delta, delta);
    const ref = { base: parent.ref.base, deltas: [...parent.ref.deltas, next.digest] };
    return { ref, blobs: [next], listing: new ResolvedListing(ref, parent.base, combined.set, combined.del) };
  }
  if (
    combined.set.size + combined.del.size >
    LIMITS.deltaShare * Math.max(parent.base.size, combined.size, 64)
  ) {
    const whole = new Map(parent.base);
    for (const id of combined.del) whole.delete(id);
    for (const [id, digest] of combined.set) whole.set(id, digest);
    return rebase(codec, section, whole);
  }
  const merged: ListingDelta = {
    section,
    set: [...combined.set].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    del: [...combined.del].sort(),
  };
  const next = blob(codec, RECORD_KINDS.delta, merged);
  const ref = { base: parent.ref.base, deltas: [next.digest] };
  return { ref, blobs: [next], listing: new ResolvedListing(ref, parent.base, combined.set, combined.del) };
}

function rebase(codec: Codec, section: string, entries: Map<string, string>) {
  const base = baseBlob(codec, section, entries);
  const ref = { base: base.digest, deltas: [] };
  return { ref, blobs: [base], listing: new ResolvedListing(ref, entries) };
}
