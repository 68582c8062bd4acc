/**
 * A map of a pristine repository, to say which snapshots and sections a given damage must
 * affect, independently of the code under test: where each record lies (index file, pack,
 * frame), how each pack is laid out, and which records each section of each snapshot needs.
 */
import { createLocalStorage, nodeCodec, Repository } from "@qvault/core";

interface PackLayout {
  size: number;
  /** [start, end) of each frame, in the pack's bytes. */
  frames: [number, number][];
  /** Where the frames end and the trailer begins. */
  trailerStart: number;
}

interface IndexFileContent {
  packs: {
    path: string;
    size: number;
    frames: [number, number, string][];
    records: [string, string, number, number, number][];
  }[];
}

export interface RepositoryMap {
  packs: string[];
  indexFiles: string[];
  /** Snapshot id -> its manifest's path. */
  manifests: Map<string, string>;
  layout: Map<string, PackLayout>;
  /** Digest -> where readers find it (the newest index file naming it wins). */
  location: Map<string, { indexFile: string; pack: string; frame: number }>;
  /** Snapshot id -> section id -> digests it needs (section record, listing blobs, questions). */
  needs: Map<string, Map<string, Set<string>>>;
  /** Snapshot id -> section id -> question id -> digest. */
  questions: Map<string, Map<string, Map<string, string>>>;
}

export async function mapRepository(dir: string, passphrase: string | null): Promise<RepositoryMap> {
  const storage = createLocalStorage(dir);
  const repository = await Repository.open({ storage, codec: nodeCodec, passphrase });
  const indexFiles = await storage.list("index/");
  const layout = new Map<string, PackLayout>();
  const location: RepositoryMap["location"] = new Map();
  for (const indexFile of indexFiles) {
    const content = await repository.readSealed<IndexFileContent>(indexFile, "index");
    for (const pack of content.packs) {
      const frames = pack.frames.map(([offset, length]) => [offset, offset + length] as [number, number]);
      layout.set(pack.path, { size: pack.size, frames, trailerStart: frames.at(-1)?.[1] ?? 8 });
      for (const [digest, , frame] of pack.records)
        location.set(digest, { indexFile, pack: pack.path, frame });
    }
  }
  const manifests = new Map<string, string>();
  const needs: RepositoryMap["needs"] = new Map();
  const questions: RepositoryMap["questions"] = new Map();
  for (const manifest of await repository.listSnapshots()) {
    manifests.set(manifest.id, repository.pathOf(manifest)!);
    const bySection = new Map<string, Set<string>>();
    const listed = new Map<string, Map<string, string>>();
    for (const section of manifest.sections) {
      const listing = await repository.readListing(section.listing);
      bySection.set(
        section.id,
        new Set([
          section.record,
          section.listing.base,
          ...section.listing.deltas,
          ...listing.entries.values(),
        ]),
      );
      listed.set(section.id, new Map(listing.entries));
    }
    needs.set(manifest.id, bySection);
    questions.set(manifest.id, listed);
  }
  return { packs: await storage.list("data/"), indexFiles, manifests, layout, location, needs, questions };
}

/** What a damage breaks, in the map's terms. */
export interface Damage {
  /** Packs unreadable as a whole (header, trailer or footer damaged, cut short, swapped). */
  packs: Set<string>;
  /** Frames damaged inside packs otherwise intact, as "pack@frame". */
  frames: Set<string>;
  /** Index files that cannot be read. */
  indexFiles: Set<string>;
  /** Snapshots whose manifest cannot be read (or is another's). */
  manifests: Set<string>;
}

export const noDamage = (): Damage => ({
  packs: new Set(),
  frames: new Set(),
  indexFiles: new Set(),
  manifests: new Set(),
});

/** Which part of a pack a byte belongs to: a frame's number, or "envelope". */
export function packPart(map: RepositoryMap, pack: string, offset: number): number | "envelope" {
  const { frames } = map.layout.get(pack)!;
  const frame = frames.findIndex(([start, end]) => offset >= start && offset < end);
  return frame < 0 ? "envelope" : frame;
}

/** Snapshot id -> the sections whose records the damage breaks (all of them when its manifest is). */
export function affected(map: RepositoryMap, damage: Damage): Map<string, Set<string>> {
  const broken = (digest: string) => {
    const at = map.location.get(digest);
    return (
      !at ||
      damage.indexFiles.has(at.indexFile) ||
      damage.packs.has(at.pack) ||
      damage.frames.has(`${at.pack}@${at.frame}`)
    );
  };
  const out = new Map<string, Set<string>>();
  for (const [snapshot, sections] of map.needs) {
    const hit = new Set<string>();
    for (const [section, digests] of sections)
      if (damage.manifests.has(snapshot) || [...digests].some(broken)) hit.add(section);
    if (hit.size || damage.manifests.has(snapshot)) out.set(snapshot, hit);
  }
  return out;
}
