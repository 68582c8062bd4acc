/**
 * A repository's size figures, like restic's `stats`: what is stored, and how much compression
 * and deduplication save. Read from the snapshot list and the index only (no pack is opened),
 * so they cost what listing snapshots costs.
 *
 * Terms: *bytes on disk* are the packs' sizes as the index records them (the config, manifests
 * and index files are not counted); *unique bytes* are the uncompressed records stored, each
 * once; *logical bytes* are what a snapshot's records add up to, uncompressed, counted again for
 * every snapshot that names them. Not guaranteed: packs no index names (leftovers of an
 * interrupted write, removed by cleanup) are not counted; `qvault check` lists them.
 */
import type { Repository } from "./repository.js";

export interface RepositoryStats {
  snapshots: number;
  /** Records the index locates, each once. */
  records: number;
  /** Packs the index names. */
  packs: number;
  bytesOnDisk: number;
  /** The stored records' bytes, uncompressed, each once (media included). */
  uniqueBytes: number;
  /** The part of `uniqueBytes` that is media: the audio files' chunks and file records. */
  mediaBytes: number;
  /** The newest snapshot's records, uncompressed (0 without snapshots). */
  logicalBytes: number;
  /** Every snapshot's logical bytes, added up. */
  totalLogicalBytes: number;
  /** Unique bytes per byte on disk (1 when nothing is stored). */
  compressionRatio: number;
  /**
   * Logical bytes of all snapshots per unique byte of the bank's records, media apart (1 when
   * nothing is stored): how much storing each record once saves.
   */
  dedupRatio: number;
}

/** The figures of `repository` now. */
export async function repositoryStats(repository: Repository): Promise<RepositoryStats> {
  const snapshots = await repository.listSnapshots();
  const index = await repository.loadIndex();
  const bytesOnDisk = [...index.packs.values()].reduce((sum, size) => sum + size, 0);
  const uniqueBytes = index.storedBytes;
  const mediaBytes = index.storedMediaBytes;
  const newest = snapshots.reduce<(typeof snapshots)[number] | null>(
    (best, s) => (!best || s.time > best.time || (s.time === best.time && s.id > best.id) ? s : best),
    null,
  );
  const totalLogicalBytes = snapshots.reduce((sum, s) => sum + s.stats.logicalBytes, 0);
  return {
    snapshots: snapshots.length,
    records: index.size,
    packs: index.packs.size,
    bytesOnDisk,
    uniqueBytes,
    mediaBytes,
    logicalBytes: newest?.stats.logicalBytes ?? 0,
    totalLogicalBytes,
    compressionRatio: bytesOnDisk ? uniqueBytes / bytesOnDisk : 1,
    dedupRatio: uniqueBytes - mediaBytes > 0 ? totalLogicalBytes / (uniqueBytes - mediaBytes) : 1,
  };
}
