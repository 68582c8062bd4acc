/**
 * Check: proves the repository intact, like `restic check`.
 *
 * Structure (always): the config, every index file and manifest opens; every pack an index names
 * exists with the size it recorded; every listing a manifest names can be read; every digest a
 * listing or manifest names is in the index, media included (file records and their chunks). With `readData`: every pack is read whole, its
 * header, trailer and footer checked, every frame's checksum verified, every frame decrypted and
 * decompressed, and every record re-hashed.
 *
 * Every problem found is reported, with the snapshots and sections it affects; the check never
 * stops at the first. It changes nothing.
 */
import { isQvaultError, toQvaultError } from "../errors/qvault-error.js";
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { sectionMedia } from "../media/media.js";
import { PATHS } from "../repository/format.js";
import { RecordIndex } from "../repository/record-index.js";
import type { Repository } from "../repository/repository.js";
import { storageFailed } from "../storage/storage.js";
import { plural } from "../text/plural.js";

export interface CheckProblem {
  /** What is wrong: config, index, pack, manifest, listing, record. */
  kind: "config" | "index" | "pack" | "manifest" | "listing" | "record";
  message: string;
  path?: string;
  digest?: string;
  /** Snapshots whose content this problem damages. */
  snapshots: string[];
  /** Sections (ids) whose content this problem damages. */
  sections: string[];
  /** For damaged media: the questions (ids) whose media it is. */
  questions?: string[];
}

export interface CheckReport {
  ok: boolean;
  readData: boolean;
  problems: CheckProblem[];
  /** Packs on disk that no index names: leftovers of an interrupted write, removed by cleanup. */
  unreferencedPacks: string[];
  stats: { snapshots: number; indexFiles: number; packs: number; records: number; bytesRead: number };
}

export interface CheckOptions extends WorkOptions {
  readData?: boolean;
}

const message = (error: unknown) =>
  isQvaultError(error) ? error.message : String((error as Error)?.message ?? error);

/** What repairs each kind of problem, said in the problem's message. */
const REPAIR = {
  index: "a cleanup (prune) rebuilds the index from the packs",
  pack: "a new backup stores again what the bank still has; delete the backups this damages, then run a cleanup (prune)",
  manifest: "put the file back from a copy of the repository, or delete the backup",
  damage: "delete the backups this damages, then run a cleanup (prune)",
  record:
    "a cleanup (prune) rebuilds the index from the packs that hold it; if none does, delete the backups this damages",
} as const;

export async function check(repository: Repository, options: CheckOptions = {}): Promise<CheckReport> {
  const progress = options.progress ?? ignoreProgress;
  const { keys, indexFiles, records: reader } = repository;
  const problems: CheckProblem[] = [];
  const problem = (p: Omit<CheckProblem, "snapshots" | "sections"> & Partial<CheckProblem>) =>
    problems.push({ snapshots: [], sections: [], ...p });
  let bytesRead = 0;

  // config
  try {
    await keys.verifyConfig();
  } catch (error) {
    // The storage failing is not damage: a check that cannot read fails, and finds nothing.
    if (storageFailed(error)) throw error;
    problem({ kind: "config", path: PATHS.config, message: message(error) });
  }

  // index files: our own index from the files that open
  progress({ phase: "index", done: 0, total: null, bytes: 0 });
  const index = new RecordIndex();
  const read = await indexFiles.readAll();
  for (const [path, packs] of read.files) index.add(path, packs);
  for (const { path, error } of read.unreadable)
    problem({ kind: "index", path, message: `${message(error)}; ${REPAIR.index}` });

  // packs named by the index exist with their size; packs on disk that no index names
  const onDisk = new Set(await indexFiles.packsOnDisk());
  /** Records that cannot be read, with why: mapped to the snapshots they damage at the end. */
  const damaged = new Map<string, string>();
  const lost = new Set<string>();
  const sizes = await indexFiles.packSizes(index.packs.keys());
  for (const [path, size] of index.packs) {
    const actual = sizes.get(path) ?? null;
    if (actual === size) continue;
    lost.add(path);
    problem({
      kind: "pack",
      path,
      message: `${actual === null ? `pack ${path} is missing` : `pack ${path} is ${actual} bytes, the index says ${size}`}; ${REPAIR.pack}`,
    });
  }
  for (const [digest, location] of index.entries())
    if (lost.has(location.frame.pack))
      damaged.set(digest, `record ${digest} is in lost pack ${location.frame.pack}`);
  const unreferencedPacks = [...onDisk].filter((path) => !index.packs.has(path));

  // manifests and listings
  progress({ phase: "snapshots", done: 0, total: null, bytes: 0 });
  const { manifests: snapshots, unreadable } = await repository.snapshots.readAll();
  for (const { path, error } of unreadable)
    problem({
      kind: "manifest",
      path,
      message: `${message(error)}; ${REPAIR.manifest}`,
      snapshots: [path.split("/").at(-1)!],
    });
  const missing = new Map<string, { snapshots: Set<string>; sections: Set<string> }>();
  const note = (digest: string, snapshot: string, section: string) => {
    if (index.has(digest)) return;
    let entry = missing.get(digest);
    if (!entry) {
      entry = { snapshots: new Set(), sections: new Set() };
      missing.set(digest, entry);
    }
    entry.snapshots.add(snapshot);
    entry.sections.add(section);
  };
  /** Media records (file records and chunks) by the questions whose media they are. */
  const mediaQuestions = new Map<string, Set<string>>();
  /** Every (snapshot, section) with the digests it needs, for mapping damage back to them. */
  const uses: { snapshot: string; section: string; digests: string[] }[] = [];
  let listingsDone = 0;
  for (const snapshot of snapshots) {
    throwIfCancelled(options.signal);
    for (const section of snapshot.sections) {
      const blobs = [section.record, section.listing.base, ...section.listing.deltas];
      for (const digest of blobs) note(digest, snapshot.id, section.id);
      let digests = blobs;
      if (blobs.every((d) => index.has(d))) {
        try {
          const listing = await repository.readListing(section.listing, { cached: false });
          for (const digest of listing.entries.values()) note(digest, snapshot.id, section.id);
          digests = [...blobs, ...listing.entries.values()];
          if (listing.entries.size !== section.count)
            problem({
              kind: "listing",
              message: `section ${section.id} of snapshot ${snapshot.id} lists ${plural(listing.entries.size, "question")}, its manifest says ${section.count}`,
              snapshots: [snapshot.id],
              sections: [section.id],
            });
        } catch (error) {
          if (storageFailed(error)) throw error;
          problem({
            kind: "listing",
            message: `the listing of section ${section.id} in snapshot ${snapshot.id} cannot be read: ${message(error)}`,
            snapshots: [snapshot.id],
            sections: [section.id],
          });
        }
      }
      if (section.media) {
        const blobs = [section.media.base, ...section.media.deltas];
        for (const digest of blobs) note(digest, snapshot.id, section.id);
        digests = [...digests, ...blobs];
        if (blobs.every((d) => index.has(d))) {
          try {
            const media = await sectionMedia(repository, section);
            for (const [question, file] of media.entries) {
              const record = media.files.get(file);
              const named = [file, ...(record?.chunks.map(([chunk]) => chunk) ?? [])];
              for (const digest of named) {
                note(digest, snapshot.id, section.id);
                const questions = mediaQuestions.get(digest) ?? new Set<string>();
                mediaQuestions.set(digest, questions.add(question));
              }
              digests = digests.concat(named);
            }
            for (const file of media.damaged)
              if (index.has(file) && !lost.has(index.get(file)!.frame.pack))
                damaged.set(file, `media file record ${file} is damaged`);
          } catch (error) {
            if (storageFailed(error)) throw error;
            problem({
              kind: "listing",
              message: `the media listing of section ${section.id} in snapshot ${snapshot.id} cannot be read: ${message(error)}`,
              snapshots: [snapshot.id],
              sections: [section.id],
            });
          }
        }
      }
      uses.push({ snapshot: snapshot.id, section: section.id, digests });
    }
    progress({ phase: "snapshots", done: ++listingsDone, total: snapshots.length, bytes: 0 });
  }
  for (const [digest, where] of missing)
    problem({
      kind: "record",
      digest,
      message: `record ${digest} is not in the index; ${REPAIR.record}`,
      snapshots: [...where.snapshots],
      sections: [...where.sections],
    });

  // read data: the packs the index names (unreferenced ones are leftovers nothing needs)
  let records = 0;
  if (options.readData) {
    const packs = [...index.packs.keys()].filter((path) => !lost.has(path)).sort();
    let done = 0;
    for (const path of packs) {
      throwIfCancelled(options.signal);
      let bytes: Uint8Array;
      try {
        bytes = await reader.readPack(path);
      } catch (error) {
        if (storageFailed(error)) throw error;
        problem({ kind: "pack", path, message: `${message(error)}; ${REPAIR.damage}` });
        continue;
      }
      bytesRead += bytes.length;
      try {
        const scan = await reader.scanPack(path, bytes);
        for (const record of scan.records) {
          records++;
          const location = index.get(record.digest);
          if (!record.intact) {
            damaged.set(record.digest, `record ${record.digest} in ${path} is damaged`);
          } else if (
            location &&
            location.frame.pack === path &&
            (location.offset !== record.offset || location.length !== record.length)
          ) {
            damaged.set(
              record.digest,
              `the index places record ${record.digest} elsewhere than pack ${path} does`,
            );
          }
        }
        scan.frames.forEach((intact, i) => {
          if (!intact)
            problem({
              kind: "pack",
              path,
              message: `frame ${i} of pack ${path} is damaged; ${REPAIR.damage}`,
            });
        });
      } catch (error) {
        problem({ kind: "pack", path, message: `${message(toQvaultError(error))}; ${REPAIR.damage}` });
        for (const [digest, location] of index.entries())
          if (location.frame.pack === path)
            damaged.set(digest, `record ${digest} is in damaged pack ${path}`);
      }
      progress({ phase: "reading data", done: ++done, total: packs.length, bytes: bytesRead });
    }
  }
  const useSets = damaged.size ? uses.map((use) => ({ ...use, set: new Set(use.digests) })) : [];
  for (const [digest, text] of damaged) {
    const affected = useSets.filter((use) => use.set.has(digest));
    const questions = mediaQuestions.get(digest);
    problem({
      kind: "record",
      digest,
      message: `${text}${questions ? ` (media of ${plural(questions.size, "question")})` : ""}; ${REPAIR.damage}`,
      snapshots: [...new Set(affected.map((a) => a.snapshot))],
      sections: [...new Set(affected.map((a) => a.section))],
      ...(questions ? { questions: [...questions].sort() } : {}),
    });
  }

  return {
    ok: problems.length === 0,
    readData: options.readData ?? false,
    problems,
    unreferencedPacks,
    stats: {
      snapshots: snapshots.length,
      indexFiles: read.paths.length,
      packs: index.packs.size,
      records: records || index.size,
      bytesRead,
    },
  };
}
