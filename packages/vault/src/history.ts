/**
 * A question's history across backups: each distinct version of it (by record digest) with the
 * newest backup that holds that version first seen walking back from the newest, newest first.
 *
 * Cost: one listing read per snapshot (the question's own section first), served from the
 * repository's listing cache; records are read only for the page asked for.
 */
import type { QuestionRecord, Repository } from "@qvault/core";

/** One version of a question: the backup it was found in, and its record's digest. */
export interface QuestionVersion {
  backupId: string;
  digest: string;
}

/** Every distinct version of the question, newest first. */
export async function questionVersions(
  repository: Repository,
  question: { id: string; sectionId: string },
): Promise<QuestionVersion[]> {
  const snapshots = (await repository.listSnapshots()).reverse();
  const versions: QuestionVersion[] = [];
  const seen = new Set<string>();
  for (const manifest of snapshots) {
    const sections = [...manifest.sections].sort((a, b) =>
      a.id === question.sectionId ? -1 : b.id === question.sectionId ? 1 : 0,
    );
    for (const section of sections) {
      const digest = (await repository.readListing(section.listing)).entries.get(question.id);
      if (!digest) continue;
      if (!seen.has(digest)) {
        seen.add(digest);
        versions.push({ backupId: manifest.id, digest });
      }
      break;
    }
  }
  return versions;
}

/** The records of some versions, by digest. */
export function versionRecords(
  repository: Repository,
  versions: readonly QuestionVersion[],
): Promise<Map<string, QuestionRecord>> {
  return repository.readRecords<QuestionRecord>(versions.map((v) => v.digest));
}
