/**
 * What a retention policy would do to the repository now: each snapshot it keeps with the rules
 * that keep it, those it would forget, and the bytes cleanup would free. It is a dry run of
 * cleanup itself (core's `prune`), so its figures are the ones a run would give; it writes
 * nothing and takes no lock.
 *
 * Not guaranteed: a backup or cleanup that ends meanwhile may make the answer stale at once.
 */
import { prune, type Repository, type RetentionPolicy, type SnapshotManifest } from "@qvault/core";

export interface RetentionPreview {
  /** Snapshots the policy keeps, newest first, each with the rules that keep it ("last", "daily", "pinned", …). */
  keep: { manifest: SnapshotManifest; reasons: string[] }[];
  /** Snapshots the policy would forget, newest first. */
  forget: SnapshotManifest[];
  /** Bytes on disk cleanup would free: packs removed, or rewritten without their dead records. */
  bytesFreed: number;
  /** The ids of pinned snapshots (always kept). */
  pinned: ReadonlySet<string>;
}

/** Applies `policy` to the repository's snapshots without changing anything. */
export async function previewRetention(
  repository: Repository,
  policy: RetentionPolicy,
  now: Date = new Date(),
): Promise<RetentionPreview> {
  const report = await prune(repository, policy, { dryRun: true, now });
  const manifests = new Map((await repository.listSnapshots()).map((m) => [m.id, m]));
  const pinned = await repository.pinnedIds();
  return {
    keep: report.keep.flatMap(({ id, reasons }) => {
      const manifest = manifests.get(id);
      return manifest ? [{ manifest, reasons }] : [];
    }),
    forget: report.forget.flatMap(({ id }) => manifests.get(id) ?? []),
    bytesFreed: report.bytesFreed,
    pinned,
  };
}
