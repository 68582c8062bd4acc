/**
 * A question's history across backups: each distinct version of it (by record digest), newest
 * first, with the newest backup that holds that version (where it was last seen), the oldest
 * (where it was first seen) and how many backups hold it. A version that comes back after
 * another (a restore) is one version, seen from its oldest backup to its newest.
 *
 * Cost: one listing read per snapshot (the question's own section first), served from the
 * repository's listing cache; records are read only for the page asked for.
 *
 * Paged with core's paging module; a cursor is a version's digest, so a page stays put when newer
 * backups arrive, and a cursor whose version is no longer in any backup is refused.
 */
import {
  mapPage,
  type Page,
  type PageRequest,
  pageOfList,
  type QuestionRecord,
  type Repository,
} from "@qvault/core";

/** One version of a question: the backups it was found in, and its record's digest. */
export interface QuestionVersion {
  /** The newest backup holding this version: where it was last seen. */
  backupId: string;
  /** The oldest backup holding this version: where it was first seen. */
  firstBackupId: string;
  /** How many backups hold this version. */
  backupCount: number;
  digest: string;
}

/** Every distinct version of the question, newest first. */
export async function questionVersions(
  repository: Repository,
  question: { id: string; sectionId: string },
): Promise<QuestionVersion[]> {
  const snapshots = (await repository.listSnapshots()).reverse();
  const versions: QuestionVersion[] = [];
  const seen = new Map<string, QuestionVersion>();
  for (const manifest of snapshots) {
    const sections = [...manifest.sections].sort((a, b) =>
      a.id === question.sectionId ? -1 : b.id === question.sectionId ? 1 : 0,
    );
    for (const section of sections) {
      const digest = (await repository.readListing(section.listing)).entries.get(question.id);
      if (!digest) continue;
      const version = seen.get(digest);
      if (version) {
        // Walking back: each older backup holding it moves its first sighting back.
        version.firstBackupId = manifest.id;
        version.backupCount += 1;
      } else {
        const found = { backupId: manifest.id, firstBackupId: manifest.id, backupCount: 1, digest };
        seen.set(digest, found);
        versions.push(found);
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

/** One version of a question with its record. */
export interface QuestionHistoryEntry extends QuestionVersion {
  question: QuestionRecord;
}

/**
 * A page of the question's distinct versions, newest first, with their records; `totalCount`
 * counts every version. @throws BAD_USER_INPUT (field `first` or `after`); INTEGRITY_ERROR when a
 * record of the page is damaged.
 */
export async function questionHistory(
  repository: Repository,
  question: { id: string; sectionId: string },
  page: PageRequest,
): Promise<Page<QuestionHistoryEntry, number>> {
  const versions = await questionVersions(repository, question);
  const versionPage = pageOfList(versions, page, (version) => [version.digest]);
  const records = await versionRecords(
    repository,
    versionPage.edges.map((edge) => edge.node),
  );
  return mapPage(versionPage, (version) => ({ ...version, question: records.get(version.digest)! }));
}
