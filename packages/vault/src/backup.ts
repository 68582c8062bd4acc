/**
 * Backups of the bank together with its change journal, the one way the server's jobs and the
 * command line take them.
 *
 * Terms: the *cursor* of a FULL snapshot is the last change-journal position its reads cover.
 * Each backup reads one consistent state of the bank (one read transaction), so the cursor and
 * the records agree. Once a FULL snapshot with a cursor exists, the journal rows up to it are
 * removed: the snapshot covers them. Not guaranteed: that no edit commits while the backup runs
 * (such an edit is simply after the cursor and waits for the next backup).
 */
import {
  type BackupRequest,
  backup,
  backupChanges,
  latestFullSnapshot,
  type Repository,
  type SnapshotManifest,
  type WorkOptions,
} from "@qvault/core";
import {
  type BankDatabase,
  createChangeJournal,
  journalChanges,
  journalPosition,
  withBankSource,
} from "@qvault/question-bank";

/**
 * Takes a FULL, SECTIONS or QUESTIONS snapshot of the bank (trigger MANUAL unless the request
 * says otherwise). A FULL one records the journal position it covers, and the journal is trimmed
 * up to it afterwards.
 * @throws what core's `backup` throws: BAD_USER_INPUT for a malformed request or unknown ids,
 * CANCELLED when `work.signal` aborts (then no snapshot exists), CONFLICT when the repository
 * stays locked by another writer.
 */
export async function backUpBank(
  db: BankDatabase,
  repository: Repository,
  request: BackupRequest,
  work: WorkOptions = {},
): Promise<SnapshotManifest> {
  const manifest = await snapshotBank(db, repository, request, work);
  await trimCovered(db, manifest);
  return manifest;
}

/** {@link backUpBank} without trimming the journal (the server's job thread takes it; the server trims). */
export function snapshotBank(
  db: BankDatabase,
  repository: Repository,
  request: BackupRequest,
  work: WorkOptions = {},
): Promise<SnapshotManifest> {
  return withBankSource(db, async (source, query) => {
    const cursor = request.scope === "FULL" ? String(await journalPosition(query)) : null;
    return backup(repository, source, { ...request, trigger: request.trigger ?? "MANUAL", cursor }, work);
  });
}

/**
 * Takes an AUTOMATIC snapshot of what the journal says changed since the newest FULL snapshot's
 * cursor, reading only those questions; without such a snapshot, a full one. The journal is
 * trimmed up to the new snapshot's cursor afterwards.
 * @throws CANCELLED when `work.signal` aborts; CONFLICT when the repository stays locked.
 */
export async function backUpBankChanges(
  db: BankDatabase,
  repository: Repository,
  work: WorkOptions = {},
): Promise<SnapshotManifest> {
  const manifest = await snapshotBankChanges(db, repository, work);
  await trimCovered(db, manifest);
  return manifest;
}

/** {@link backUpBankChanges} without trimming the journal (see {@link snapshotBank}). */
export async function snapshotBankChanges(
  db: BankDatabase,
  repository: Repository,
  work: WorkOptions = {},
): Promise<SnapshotManifest> {
  const parent = await latestFullSnapshot(repository);
  return withBankSource(db, async (source, query) => {
    if (!parent?.cursor) {
      const cursor = String(await journalPosition(query));
      return backup(repository, source, { scope: "FULL", trigger: "AUTOMATIC", cursor }, work);
    }
    const changes = await journalChanges(query, Number(parent.cursor));
    return backupChanges(
      repository,
      source,
      { questionIds: changes.questionIds, sectionIds: changes.sectionIds, cursor: String(changes.lastSeq) },
      work,
    );
  });
}

/** Drops the journal rows a FULL snapshot covers. */
export async function trimCovered(db: BankDatabase, manifest: SnapshotManifest): Promise<void> {
  if (manifest.scope === "FULL" && manifest.cursor)
    await createChangeJournal(db).trim(Number(manifest.cursor));
}
