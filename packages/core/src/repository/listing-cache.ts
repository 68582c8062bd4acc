/**
 * The listing cache: sections' listings read back and resolved, kept in memory for later reads.
 *
 * Terms: a listing is named by its base's digest and its deltas' (a {@link ListingRef}); a
 * resolved listing is its base's entries plus its deltas' changes ({@link ResolvedListing}).
 *
 * Invariants: listings are content-addressed, so a kept one is never stale. The bound counts map
 * entries, each base once however many listings share it; the least recently used go first.
 * Automatic backups build each snapshot's listings on the previous one's, so keeping them spares
 * reading and parsing every changed section's listing again.
 *
 * Not guaranteed: the maps handed out are shared and must not be changed; a listing kept here is
 * not re-checked against its blobs unless read with `cached: false`.
 */
import { type ListingBase, type ListingDelta, type ListingRef, ResolvedListing } from "./listing.js";
import type { RecordReader } from "./record-reader.js";

/**
 * Map entries of resolved listings kept in memory (each base counted once): a 100k-question
 * bank's bases and the listings of its last few snapshots.
 */
const LISTING_CACHE_ENTRIES = 400_000;

export interface ListingCache {
  /**
   * A section's listing in a snapshot: the ids it holds and their digests. `cached: false` reads
   * and checks the blobs again. @throws INTEGRITY_ERROR when a blob is missing or damaged.
   */
  read(ref: ListingRef, options?: { cached?: boolean }): Promise<ResolvedListing>;
  /** Keeps a resolved listing (one just written, or just read) for later reads. */
  remember(listing: ResolvedListing): void;
}

export function createListingCache(records: RecordReader, maxEntries = LISTING_CACHE_ENTRIES): ListingCache {
  return new ListingLru(records, maxEntries);
}

const listingKey = (ref: ListingRef) => [ref.base, ...ref.deltas].join(",");
/** Entries a listing holds beyond its (shared) base. */
const ownEntries = (l: ResolvedListing) => l.set.size + l.del.size + (l.holdsEntries ? l.entries.size : 0);

class ListingLru implements ListingCache {
  private readonly listings = new Map<string, { listing: ResolvedListing; counted: number }>();
  private readonly bases = new Map<string, Map<string, string>>();
  private entries = 0;

  constructor(
    private readonly records: RecordReader,
    private readonly maxEntries: number,
  ) {}

  async read(ref: ListingRef, options: { cached?: boolean } = {}): Promise<ResolvedListing> {
    const key = listingKey(ref);
    if (options.cached !== false) {
      const hit = this.listings.get(key);
      if (hit) {
        this.listings.delete(key);
        this.listings.set(key, hit);
        return hit.listing;
      }
    }
    // A base kept for another listing is not read again (it is content-addressed): a listing that
    // adds a few deltas to it costs reading those deltas.
    const kept = options.cached !== false ? this.bases.get(ref.base) : undefined;
    const blobs = await this.records.read<ListingBase | ListingDelta>(
      kept ? ref.deltas : [ref.base, ...ref.deltas],
    );
    const base = kept ?? new Map((blobs.get(ref.base) as ListingBase).entries);
    const resolved = ResolvedListing.combine(
      ref,
      base,
      ref.deltas.map((digest) => blobs.get(digest) as ListingDelta),
    );
    this.remember(resolved);
    return resolved;
  }

  remember(listing: ResolvedListing): void {
    const key = listingKey(listing.ref);
    const old = this.listings.get(key);
    if (old) {
      this.listings.delete(key);
      this.entries -= old.counted;
    }
    const counted = ownEntries(listing);
    this.listings.set(key, { listing, counted });
    this.entries += counted;
    if (!this.bases.has(listing.ref.base)) {
      this.bases.set(listing.ref.base, listing.base);
      this.entries += listing.base.size;
    }
    for (const [oldest, entry] of this.listings) {
      if (this.entries <= this.maxEntries || oldest === key) break;
      this.listings.delete(oldest);
      this.entries -= entry.counted;
      const base = entry.listing.ref.base;
      if (![...this.listings.values()].some((l) => l.listing.ref.base === base)) {
        this.entries -= this.bases.get(base)?.size ?? 0;
        this.bases.delete(base);
      }
    }
  }
}
