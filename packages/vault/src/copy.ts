/**
 * Copies as the server and the command line run them: the copy's repository opened (created the
 * first time, encrypted when it has a passphrase), then core's `copySnapshots` from the source.
 */
import {
  copySnapshots,
  createStorage,
  nodeCodec,
  Repository,
  type S3Settings,
  type WorkOptions,
} from "@qvault/core";
import type { CopyRun } from "./jobs.js";
import { formatBytes, plural } from "./report-text.js";

export interface CopyTarget {
  /** The copy: a folder's path, or `s3://bucket/prefix`. */
  location: string;
  /** How to reach the object store of an `s3://` copy. */
  s3: S3Settings;
  /** The copy's passphrase: a new copy is encrypted with it; an existing one opened with it. */
  passphrase: string | null;
}

/**
 * Copies into `target` the snapshots of `source` it lacks (or those of `snapshotIds` it lacks).
 * @throws WRONG_PASSPHRASE when an existing copy does not open with the passphrase; what
 * core's `copySnapshots` throws.
 */
export async function copyRepository(
  source: Repository,
  target: CopyTarget,
  options: WorkOptions & { snapshotIds?: readonly string[] } = {},
): Promise<CopyRun> {
  const storage = createStorage(target.location, target.s3);
  const repositoryOptions = {
    storage,
    codec: nodeCodec,
    passphrase: target.passphrase,
    compressionQuality: source.quality,
  };
  const created = (await storage.size("config")) === null;
  const copy = created ? await Repository.init(repositoryOptions) : await Repository.open(repositoryOptions);
  const report = await copySnapshots(source, copy, options);
  return { ...report, to: target.location, created };
}

/** One line saying what a copy did. */
export function describeCopy(run: CopyRun): string {
  const where = `${run.created ? "a new repository at " : ""}${run.to}`;
  if (!run.copied.length) return `${run.to} holds every snapshot already (${run.present})`;
  return `Copied ${plural(run.copied.length, "snapshot")} (${plural(run.records, "record")}, ${formatBytes(run.bytes)} stored) to ${where}; ${run.present} there already`;
}
