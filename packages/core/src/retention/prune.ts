/**
 * Prune: forget the snapshots a retention policy does not keep, then collect garbage: remove
 * packs no kept snapshot needs, repack packs that are mostly dead, and merge a section's small
 * packs (automatic backups write one small pack per changed section) into full-size ones, so that
 * a day of automatic snapshots reads like a few large backups. Crash-safe by order: new
 * packs and their index are written first, then one index of the surviving packs, then the old
 * index files are removed, then the old packs. A crash leaves at most duplicate index entries or
 * unreferenced packs, which the next prune removes. A dry run says what would go and writes nothing.
 *
 * Prune also repairs the index: packs that no readable index file names (their index file was
 * lost or damaged, or a write was cut off before it) are located from their own trailers and
 * kept when they hold what a kept snapshot needs; packs the index names that are gone or cut
 * short are dropped from it (their records cannot be read; a backup stores them again).
 */
import { isQvaultError } from "../errors/qvault-error.js";
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { sectionMedia } from "../media/media.js";
import { LIMITS, RECORD_KINDS, sectionOfPackPath } from "../repository/format.js";
import type { SnapshotManifest, SnapshotSection } from "../repository/manifest.js";
import type { PackRecord } from "../repository/packs.js";
import type { IndexedPack } from "../repository/record-index.js";
import type { Repository } from "../repository/repository.js";
import { applyRetention, type RetentionPolicy } from "./policy.js";

export interface PruneOptions extends WorkOptions {
  dryRun?: boolean;
  /** A pack whose dead share of bytes is above this is repacked. @default 0.5 */
  repackThreshold?: number;
  /**
   * Packs smaller than this are merged with the other small packs of their section (when it has
   * two or more). @default a quarter of the pack size, 2 MiB
   */
  smallPackBytes?: number;
  now?: Date;
}

export interface PruneReport {
  dryRun: boolean;
  forget: { id: string; time: string; trigger: string }[];
  keep: { id: string; time: string; reasons: string[] }[];
  packsDeleted: number;
  /** Packs rewritten: the mostly dead ones and the small ones merged. */
  packsRepacked: number;
  /** Of those, the small packs merged into larger ones. */
  packsMerged: number;
  recordsRemoved: number;
  /** Bytes the packs that go (or are rewritten) free, as stored. */
  bytesFreed: number;
}

const summary = (m: SnapshotManifest) => ({ id: m.id, time: m.time, trigger: m.trigger });

export async function prune(
  repository: Repository,
  policy: RetentionPolicy,
  options: PruneOptions = {},
): Promise<PruneReport> {
  const progress = options.progress ?? ignoreProgress;
  const plan = async () => {
    progress({ phase: "planning", done: 0, total: null, bytes: 0 });
    const snapshots = await repository.listSnapshots();
    const { indexFiles } = repository;
    // Index files as written, to rewrite them (a damaged one is rebuilt from its packs below).
    const read = await indexFiles.readAll();
    for (const { error } of read.unreadable)
      if (!isQvaultError(error) || error.code !== "INTEGRITY_ERROR") throw error;
    const packs = new Map<string, IndexedPack>();
    for (const file of read.files.values())
      for (const pack of file) if (!packs.has(pack.path)) packs.set(pack.path, pack);
    const lost = await indexFiles.lostPacks();
    for (const path of lost) packs.delete(path);
    const named = new Set(packs.keys());
    const onDisk = await indexFiles.packsOnDisk();
    const index = await indexFiles.load();
    // Kept only when it is where a record is found now; else it repeats others (a leftover).
    for (const pack of await indexFiles.adopt(
      onDisk.filter((p) => !named.has(p) && !lost.has(p)),
      lost,
    ))
      if (pack.records.some((r) => index.get(r.digest)?.frame.pack === pack.path)) packs.set(pack.path, pack);
    const unreferenced = onDisk.filter((p) => !packs.has(p));

    const decision = applyRetention(
      snapshots,
      policy,
      await repository.pinnedIds(),
      options.now ?? new Date(),
    );

    // What the kept snapshots need.
    const live = new Set<string>();
    const listings = new Map<string, { base: string; deltas: string[] }>();
    const mediaSections = new Map<string, SnapshotSection>();
    for (const manifest of decision.keep)
      for (const section of manifest.sections) {
        live.add(section.record);
        live.add(section.listing.base);
        for (const d of section.listing.deltas) live.add(d);
        listings.set([section.listing.base, ...section.listing.deltas].join(","), section.listing);
        if (section.media)
          mediaSections.set([section.media.base, ...section.media.deltas].join(","), section);
      }
    // Media: listings, file records, and their chunks. A file record that cannot be read keeps
    // every chunk: which ones it needs is unknown.
    let keepEveryChunk = false;
    for (const section of mediaSections.values()) {
      throwIfCancelled(options.signal);
      const media = await sectionMedia(repository, section);
      for (const digest of [...media.listing, ...media.entries.values()]) live.add(digest);
      for (const file of media.files.values()) for (const [chunk] of file.chunks) live.add(chunk);
      if (media.damaged.length) keepEveryChunk = true;
    }
    if (keepEveryChunk)
      for (const [digest, location] of index.entries())
        if (location.kind === RECORD_KINDS.chunk) live.add(digest);
    let resolved = 0;
    for (const ref of listings.values()) {
      throwIfCancelled(options.signal);
      for (const digest of (await repository.readListing(ref)).entries.values()) live.add(digest);
      progress({ phase: "planning", done: ++resolved, total: listings.size, bytes: 0 });
    }

    // Packs by how much of them is dead.
    const threshold = options.repackThreshold ?? 0.5;
    const drop: string[] = [];
    const repack: IndexedPack[] = [];
    const referenced = new Set<string>();
    let recordsRemoved = 0;
    let bytesFreed = 0;
    for (const pack of packs.values()) {
      const total = bytesOf(pack.records);
      const dead = pack.records.filter((r) => !live.has(r.digest));
      const deadBytes = bytesOf(dead);
      if (dead.length === pack.records.length) {
        drop.push(pack.path);
        recordsRemoved += dead.length;
        bytesFreed += pack.size;
      } else if (total > 0 && deadBytes / total > threshold) {
        repack.push(pack);
        recordsRemoved += dead.length;
        bytesFreed += Math.round(pack.size * (deadBytes / total));
      } else referenced.add(pack.path);
    }
    // Small packs of one section are merged; their live records move, their dead ones go.
    const small = options.smallPackBytes ?? LIMITS.packBytes / 4;
    const bySection = new Map<string, IndexedPack[]>();
    for (const path of referenced) {
      const pack = packs.get(path)!;
      if (pack.size >= small) continue;
      const folder = path.split("/")[1] ?? "";
      bySection.set(folder, [...(bySection.get(folder) ?? []), pack]);
    }
    let packsMerged = 0;
    for (const group of bySection.values()) {
      if (group.length < 2) continue;
      for (const pack of group) {
        referenced.delete(pack.path);
        repack.push(pack);
        recordsRemoved += pack.records.filter((r) => !live.has(r.digest)).length;
        packsMerged++;
      }
    }
    for (const size of (await indexFiles.packSizes(unreferenced)).values()) bytesFreed += size ?? 0;

    const report: PruneReport = {
      dryRun: options.dryRun ?? false,
      forget: decision.forget.map(summary),
      keep: decision.keep.map((m) => ({ id: m.id, time: m.time, reasons: decision.reasons.get(m.id) ?? [] })),
      packsDeleted: drop.length + unreferenced.length,
      packsRepacked: repack.length,
      packsMerged,
      recordsRemoved,
      bytesFreed,
    };
    return { report, decision, live, packs, indexPaths: read.paths, repack, referenced };
  };

  if (options.dryRun) return (await plan()).report;

  return repository.write("prune", async (session) => {
    const { report, decision, live, packs, indexPaths, repack, referenced } = await plan();
    // 1. forget
    await session.snapshots.forget(decision.forget.map((m) => m.id));
    throwIfCancelled(options.signal);
    // 2. the live records of mostly-dead packs into new packs, with their own index file
    progress({ phase: "repacking", done: 0, total: repack.length, bytes: 0 });
    const mover = session.moveRecords();
    let done = 0;
    for (const pack of repack) {
      throwIfCancelled(options.signal);
      const wanted = pack.records.filter((r) => live.has(r.digest));
      const bytes = await repository.readRecordBytes(wanted.map((r) => r.digest));
      const section = sectionOfPackPath(pack.path);
      for (const { digest, kind } of wanted) await mover.add(section, kind, digest, bytes.get(digest)!);
      progress({ phase: "repacking", done: ++done, total: repack.length, bytes: 0 });
    }
    const moved = await mover.flush();
    for (const pack of moved?.packs ?? []) referenced.add(pack.path);
    // 3. one index of every surviving pack, then the old index files go
    await session.indexFiles.replace(
      [...packs.values()].filter((p) => referenced.has(p.path)),
      indexPaths,
    );
    // 4. then the packs nothing references
    await session.indexFiles.removePacks(referenced);
    progress({ phase: "done", done: repack.length, total: repack.length, bytes: 0 });
    return report;
  });
}

const bytesOf = (records: readonly PackRecord[]) => records.reduce((sum, r) => sum + r.length, 0);
