/**
 * The list of backups as the API and the command line show it: newest first, filtered, a page at a
 * time. Cursors are backup ids in core's one cursor format; a cursor whose backup was deleted (or
 * no longer matches the filter) is refused rather than guessed at.
 *
 * Cost: one read of the snapshot list and one of the pins, whatever the page.
 */
import {
  mapPage,
  type Page,
  type PageRequest,
  pageOfList,
  type Repository,
  type SnapshotManifest,
  type Trigger,
} from "@qvault/core";

/** Which backups to list; every field left out matches all. */
export interface BackupFilter {
  trigger?: Trigger | null;
  /** Only backups holding this section. */
  sectionId?: string | null;
  /** Only backups taken at or after this time. */
  from?: Date | null;
  /** Only backups taken at or before this time. */
  to?: Date | null;
}

/** Whether a backup's manifest matches `filter`, as a predicate for `Array.filter`. */
export function matchesBackup({
  trigger,
  sectionId,
  from,
  to,
}: BackupFilter): (manifest: SnapshotManifest) => boolean {
  return (m) =>
    (!trigger || m.trigger === trigger) &&
    (!sectionId || m.sections.some((s) => s.id === sectionId)) &&
    (!from || new Date(m.time) >= from) &&
    (!to || new Date(m.time) <= to);
}

/** One backup of the list: its manifest and whether it is pinned. */
export interface ListedBackup {
  manifest: SnapshotManifest;
  pinned: boolean;
}

/**
 * A page of the backups that match `filter`, newest first; `totalCount` counts every match.
 * @throws BAD_USER_INPUT (field `first` or `after`).
 */
export async function listBackups(
  repository: Repository,
  filter: BackupFilter,
  page: PageRequest,
): Promise<Page<ListedBackup, number>> {
  const manifests = (await repository.listSnapshots()).reverse().filter(matchesBackup(filter));
  const manifestPage = pageOfList(manifests, page, (m) => [m.id]);
  const pinned = await repository.pinnedIds();
  return mapPage(manifestPage, (manifest) => ({ manifest, pinned: pinned.has(manifest.id) }));
}
