/**
 * Backups of the bank together with its change journal, the one way the server's jobs and the
 * command line take them.
 *
 * Terms: the *cursor* of a FULL snapshot names the bank (its id) and the last change-journal
 * position its reads cover. Each backup reads one consistent state of the bank (one read
 * transaction), so the cursor and the records agree. A FULL snapshot is built on the newest FULL
 * one from the journal's changes whenever the journal can name every change since that one's
 * cursor (it is this bank's, and no row after it is missing): only the changed questions are
 * read. Otherwise the whole bank is read. Once a FULL snapshot with a cursor exists, the journal
 * rows up to it are removed: the snapshot covers them. Not guaranteed: that no edit commits while
 * the backup runs (such an edit is simply after the cursor and waits for the next backup).
 */
import {
  type BackupRequest,
  type BankSource,
  backup,
  backupChanges,
  changesSinceSnapshot,
  type Repository,
  type SnapshotManifest,
  type Trigger,
  type WorkOptions,
} from "@qvault/core";
import {
  type BankDatabase,
  type BankQuery,
  createChangeJournal,
  journalCursor,
  withBankSource,
} from "@qvault/question-bank";

/**
 * Takes a FULL, SECTIONS or QUESTIONS snapshot of the bank (trigger MANUAL unless the request
 * says otherwise). A FULL one records the journal cursor it covers, and the journal is trimmed
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
  const trigger = request.trigger ?? "MANUAL";
  return withBankSource(db, (source, query) =>
    request.scope === "FULL"
      ? fullSnapshot(repository, source, query, { trigger, note: request.note ?? null }, work)
      : backup(repository, source, { ...request, trigger, cursor: null }, work),
  );
}

/**
 * Takes an AUTOMATIC snapshot: a FULL one, built from the journal's changes when it can be (see
 * the module's header). The journal is trimmed up to the new snapshot's cursor afterwards.
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
export function snapshotBankChanges(
  db: BankDatabase,
  repository: Repository,
  work: WorkOptions = {},
): Promise<SnapshotManifest> {
  return withBankSource(db, (source, query) =>
    fullSnapshot(repository, source, query, { trigger: "AUTOMATIC", note: null }, work),
  );
}

/**
 * A FULL snapshot of the bank `source` reads: the newest FULL snapshot of this bank and the
 * changes the journal names since its cursor when the journal names them all, else the whole
 * bank read.
 */
async function fullSnapshot(
  repository: Repository,
  source: BankSource,
  query: BankQuery,
  options: { trigger: Trigger; note: string | null },
  work: WorkOptions,
): Promise<SnapshotManifest> {
  // Media: an automatic backup looks at the changed questions' files only; any other finds every
  // file the questions name in place, and a scheduled one reads them all, to catch files changed
  // behind the bank's back.
  const media = {
    scanMedia: options.trigger !== "AUTOMATIC",
    rehashMedia: options.trigger === "SCHEDULED",
  };
  const base = await changesSinceSnapshot(repository, source);
  if (!base) {
    const cursor = await journalCursor(query);
    return backup(repository, source, { scope: "FULL", ...options, cursor }, { ...work, ...media });
  }
  return backupChanges(repository, source, base.changes, {
    ...work,
    ...options,
    ...media,
    parent: base.parent,
  });
}

/** Drops the journal rows a FULL snapshot of this bank covers. */
export async function trimCovered(db: BankDatabase, manifest: SnapshotManifest): Promise<void> {
  if (manifest.scope !== "FULL" || !manifest.cursor) return;
  const journal = createChangeJournal(db);
  const position = await journal.positionOf(manifest.cursor);
  if (position !== null) await journal.trim(position);
}
