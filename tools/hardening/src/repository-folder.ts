/**
 * A repository (a folder, or a place in object storage) examined the way an operator would with
 * the server down: opened directly with @qvault/core, checked with read-data, and every snapshot
 * read whole. An s3:// location is reached with QVAULT_S3_* and the SDK's credentials from the
 * environment, as the server reaches it.
 */
import {
  type CheckReport,
  check,
  createStorage,
  type DamagedFile,
  nodeCodec,
  Repository,
  readSnapshot,
  type SnapshotManifest,
} from "@qvault/core";

export async function openRepositoryAt(
  location: string,
  passphrase: string | null = null,
): Promise<Repository> {
  const storage = createStorage(location, {
    endpoint: process.env.QVAULT_S3_ENDPOINT,
    forcePathStyle: process.env.QVAULT_S3_FORCE_PATH_STYLE === "true",
  });
  return Repository.open({ storage, codec: nodeCodec, passphrase });
}

export interface FolderVerdict {
  report: CheckReport;
  snapshots: SnapshotManifest[];
  damaged: DamagedFile[];
  /** Snapshot id -> question id -> digest, for the snapshots read. */
  contents: Map<string, Map<string, string>>;
  /** Snapshots whose records could not all be read, with the error's code. */
  unreadable: { id: string; code: string; message: string }[];
}

/**
 * Checks the repository with read-data and reads snapshots whole (`read`: which ones; all by
 * default). Never throws for damage: it is reported in the verdict.
 */
export async function verifyFolder(
  dir: string,
  options: { passphrase?: string | null; read?: (manifest: SnapshotManifest) => boolean } = {},
): Promise<FolderVerdict> {
  const repository = await openRepositoryAt(dir, options.passphrase ?? null);
  const report = await check(repository, { readData: true });
  const snapshots = await repository.listSnapshots();
  const contents = new Map<string, Map<string, string>>();
  const unreadable: FolderVerdict["unreadable"] = [];
  for (const manifest of snapshots) {
    if (options.read && !options.read(manifest)) continue;
    try {
      contents.set(manifest.id, (await readSnapshot(repository, manifest)).digests);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      unreadable.push({ id: manifest.id, code: e.code ?? "?", message: e.message ?? String(error) });
    }
  }
  return { report, snapshots, damaged: repository.damagedSnapshots(), contents, unreadable };
}

/** The problems of a verdict, as lines for an assertion message (empty when clean). */
export function verdictProblems(verdict: FolderVerdict): string[] {
  return [
    ...verdict.report.problems.map((p) => `check: ${p.kind}: ${p.message}`),
    ...verdict.damaged.map((d) => `damaged manifest ${d.path}: ${d.error.message}`),
    ...verdict.unreadable.map((u) => `snapshot ${u.id} cannot be read: ${u.code} ${u.message}`),
  ];
}

/** True when two maps of question id -> digest are equal. */
export function sameDigests(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, digest] of a) if (b.get(id) !== digest) return false;
  return true;
}
