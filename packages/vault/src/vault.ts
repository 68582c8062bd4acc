/**
 * A vault: a question bank and its repository, with the jobs that move content between them.
 * The one home of qvault's workflows as the server runs them: backups (manual, automatic,
 * scheduled), restore previews, restores and their undo, verification, cleanup, copies to a
 * second repository, archive import and export. Each runs as a job of one queue (one writer per repository), with a typed input and
 * report (./jobs.ts); the API's resolvers and HTTP routes only parse, authorize, call and format.
 *
 * What each step does is core's and the bank adapter's; this module starts them, keeps one
 * restore at a time, announces new snapshots through {@link VaultEvents}, and reports.
 */
import {
  type BackupRequest,
  badInput,
  checkBackupRequest,
  createJobRunner,
  FINAL_STATUSES,
  importArchive,
  type JobContext,
  type JobKind,
  type JobOutcome,
  type JobRunner,
  type JobState,
  type Logger,
  type MediaChange,
  newId,
  nodeCodec,
  notFound,
  openFileSource,
  type PlanItemsRequest,
  planItems,
  planMediaChanges,
  prune,
  QvaultError,
  type Repository,
  type RestorePlan,
  type RestoreRequest,
  type RetentionPolicy,
  refuse,
  type SnapshotManifest,
  snapshotMediaFile,
  type ValidationReport,
  writeArchive,
} from "@qvault/core";
import {
  type BankDatabase,
  createChangeJournal,
  type PersistedJobs,
  withBankSource,
} from "@qvault/question-bank";
import { trimCovered } from "./backup.js";
import { describeCopy } from "./copy.js";
import type { JobThread } from "./job-thread.js";
import { type CopyTrigger, type DrillTrigger, inputOf, type JobInputs, reportOf } from "./jobs.js";
import {
  describeBackup,
  describeCheck,
  describeDrill,
  describeImport,
  describePrune,
  describeRestore,
  formatBytes,
  plural,
} from "./report-text.js";
import { previewRestore } from "./restore.js";
import { previewRetention, type RetentionPreview } from "./retention.js";

/** What a vault tells the world: every job update, and every snapshot it writes. */
export interface VaultEvents {
  jobUpdated(job: JobState): void;
  backupCreated(id: string): void;
}

export interface Vault {
  readonly repository: Repository;
  readonly jobs: JobRunner;
  readonly store: PersistedJobs;
  startBackup(request: BackupRequest): Promise<JobState>;
  verify(readData: boolean): Promise<JobState>;
  /** Plans and validates a restore; writes nothing. */
  preview(request: RestoreRequest): Promise<{ plan: RestorePlan; validation: ValidationReport }>;
  /** A page of a plan's items, with field-level diffs against the bank as it is now. */
  planItems(plan: RestorePlan, request?: PlanItemsRequest): ReturnType<typeof planItems>;
  /** What a plan changes of the questions' audio, against the bank and its media folder now. */
  planMedia(plan: RestorePlan): Promise<MediaChange[]>;
  /** Starts a RESTORE job. @throws CONFLICT when one is queued or running; VALIDATION_FAILED or INTEGRITY_ERROR when the plan has errors. */
  startRestore(request: RestoreRequest, undoes?: string): Promise<JobState>;
  /** Restores a finished RESTORE job's safety backup. @throws NOT_FOUND; CONFLICT when the job cannot be undone. */
  undoRestore(jobId: string): Promise<JobState>;
  /** Queues an AUTOMATIC backup of the changes the journal holds, unless there are none (returns null). */
  startAutomaticBackup(): Promise<JobState | null>;
  /**
   * The longest of the last five automatic backups, from being asked for to done (waiting in the
   * queue included), or null before the first: how early the next one must start to be on time.
   */
  automaticBackupMs(): number | null;
  /** Queues a SCHEDULED full backup. */
  startScheduledBackup(): Promise<JobState>;
  /**
   * Queues a COPY job: the snapshots the copy (the settings' `copyTo`) lacks are copied into it.
   * @throws BAD_USER_INPUT when no copy is set up.
   */
  startCopy(trigger?: CopyTrigger): Promise<JobState>;
  /**
   * Queues a DRILL job: the newest full backup restored into a scratch bank beside the live one
   * and compared record by record (./drill.ts). It ends FAILED (INTEGRITY_ERROR, with its report)
   * when anything did not come back as the backup holds it.
   */
  startDrill(trigger?: DrillTrigger): Promise<JobState>;
  /** Queues a PRUNE job: forget what `policy` does not keep, then collect garbage (or only say what would go). */
  startPrune(policy: RetentionPolicy, dryRun: boolean): Promise<JobState>;
  /**
   * What `policy` would keep (with the rules that keep each snapshot) and forget now, and the
   * bytes cleanup would free: a dry run of cleanup, outside the job queue; writes nothing.
   */
  retentionPreview(policy: RetentionPolicy): Promise<RetentionPreview>;
  /**
   * Records that `by` (an API key's name) has seen a failed job's failure, so that it no longer
   * degrades the health; announces the job as updated. A job acknowledged already keeps its first
   * acknowledgment. @throws NOT_FOUND; CONFLICT when the job did not fail (or has not ended).
   */
  acknowledgeFailure(jobId: string, by: string): Promise<JobState>;
  /** Committed changes not yet in any backup, and when the oldest was made. */
  pendingChanges(): Promise<{ count: number; oldestAt: Date | null }>;
  /** The live state of an unfinished job, else the stored one. */
  job(id: string): Promise<JobState | null>;
  /**
   * Cancels a queued or running job, whichever instance runs it: this one's at once; another's by
   * asking it (the job ends CANCELLED there, announced as every update is). Returns the job as it
   * is now. @throws NOT_FOUND
   */
  cancel(id: string): Promise<JobState>;
  /** The jobs queued or running on every instance: this one's live, then the others' as stored. */
  unfinished(): Promise<JobState[]>;
  /**
   * Imports an archive file as a new snapshot (trigger IMPORT), as an IMPORT job, and resolves
   * once the job ends. @throws the import's error (INTEGRITY_ERROR, WRONG_PASSPHRASE,
   * VALIDATION_FAILED, UNSUPPORTED_VERSION, …); CANCELLED when the job was cancelled.
   */
  importArchive(
    file: string,
    options: { passphrase: string | null; size: number; key: string },
  ): Promise<SnapshotManifest>;
  /**
   * A snapshot as an archive, chunk by chunk as it is written (see core's `writeArchive`).
   * @throws NOT_FOUND from the first chunk on, for an unknown snapshot.
   */
  exportArchive(backupId: string, passphrase: string | null): AsyncIterable<Uint8Array>;
  /**
   * A media file a backup holds, by its SHA-256, read back whole and checked.
   * @throws NOT_FOUND for an unknown backup, or one that holds no such file; INTEGRITY_ERROR when it is damaged.
   */
  backupMedia(backupId: string, sha256: string): Promise<Uint8Array>;
}

/** The lock of the database the job running on a repository holds, whichever instance runs it. */
const QUEUE_LOCK = 0x717671;
/** The signal that asks the instance running a job to cancel it. */
const CANCEL_SIGNAL = "cancel_job";

/** Most ids one backup may name: the bank is asked about them all in one query. */
export const BACKUP_ID_LIMIT = 10_000;
/** Unknown ids named in an error message, at most. */
const IDS_SHOWN = 10;

export function createVault(options: {
  db: BankDatabase;
  repository: Repository;
  store: PersistedJobs;
  events: VaultEvents;
  /**
   * Where backups, checks and restores run (a thread of their own); restore previews and the
   * other jobs stay here.
   */
  thread: JobThread;
  /** Where copies go (null: none is set up), and whether one follows every backup. */
  copy?: () => Promise<{ to: string | null; afterBackup: boolean }>;
  /** Retention applied after backups, at most once an hour, when enabled. */
  autoPrune?: () => Promise<{ enabled: boolean; policy: RetentionPolicy }>;
  /** Where jobs starting and ending are told (with their ids); nothing without it. */
  log?: Logger;
}): Vault {
  const { db, repository, store, events, thread } = options;
  /** A snapshot taken in the thread; the journal rows it covers are dropped here. */
  const snapshot = async (request: BackupRequest | null, work: Pick<JobContext, "progress" | "signal">) => {
    const manifest = await thread.backup(request, { compressionQuality: repository.quality, ...work });
    await trimCovered(db, manifest);
    return manifest;
  };
  const PRUNE_INTERVAL_MS = 3_600_000;
  let lastAutoPrune = 0;
  const journal = createChangeJournal(db);
  /** True while a restore is being previewed before it is queued: a second one is a CONFLICT. */
  let starting = false;
  let automaticDurations: number[] = [];
  /** Who waits for a job's end, by its id. */
  const endings = new Map<string, (job: JobState) => void>();
  const jobs = createJobRunner({
    store,
    ...(options.log ? { log: options.log } : {}),
    // One job at a time on the repository across the instances sharing the bank.
    turn: (signal) => db.signals.hold(QUEUE_LOCK, signal),
    newId: () => newId(nodeCodec.randomBytes(4)),
    onUpdate: (job) => {
      events.jobUpdated(job);
      if (FINAL_STATUSES.includes(job.status)) endings.get(job.id)?.(job);
    },
  });
  /** Queues a job of `kind` with its typed input (./jobs.ts). */
  const enqueue = <K extends JobKind>(
    kind: K,
    input: JobInputs[K],
    work: (context: JobContext) => Promise<JobOutcome>,
  ): Promise<JobState> => jobs.enqueue(kind, { ...input }, work);

  db.signals.on(CANCEL_SIGNAL, (id) => {
    if (typeof id === "string") void jobs.cancel(id).catch(() => {});
  });

  const service: Vault = {
    repository,
    jobs,
    store,

    async cancel(id) {
      const cancelled = await jobs.cancel(id);
      if (cancelled) return cancelled;
      const stored = await store.get(id);
      if (!stored) throw notFound("Job", id);
      if (!FINAL_STATUSES.includes(stored.status)) await db.signals.send(CANCEL_SIGNAL, id);
      return stored;
    },

    async unfinished() {
      const here = jobs.pending();
      const mine = new Set(here.map((job) => job.id));
      return [...here, ...(await store.unfinished()).filter((job) => !mine.has(job.id))];
    },

    async startBackup(request) {
      const filter = checkBackupRequest(request);
      for (const field of ["sectionIds", "questionIds"] as const) {
        const count = filter[field]?.length ?? 0;
        if (count > BACKUP_ID_LIMIT)
          throw badInput(field, `${field} must name at most ${BACKUP_ID_LIMIT} ids, not ${count}`);
      }
      // Unknown ids are refused now, not as a failed job later.
      await withBankSource(db, async (source) => {
        if (filter.sectionIds) {
          const known = new Set((await source.sections()).map((s) => s.id));
          const unknown = filter.sectionIds.filter((id) => !known.has(id));
          if (unknown.length) {
            const more = unknown.length > IDS_SHOWN ? ` and ${unknown.length - IDS_SHOWN} more` : "";
            throw badInput("sectionIds", `no section ${unknown.slice(0, IDS_SHOWN).join(", ")}${more}`, {
              ids: unknown.slice(0, IDS_SHOWN),
            });
          }
        }
        if (filter.questionIds) {
          const found = await source.countQuestions(filter);
          if (found !== filter.questionIds.length)
            throw badInput(
              "questionIds",
              `${filter.questionIds.length - found} of the question ids name no question`,
            );
        }
      });
      return enqueue("BACKUP", { ...request }, async ({ progress, signal }) => {
        const manifest = await snapshot(request, { progress, signal });
        await announce(manifest);
        return { backupId: manifest.id, message: describeBackup(manifest) };
      });
    },

    async startDrill(trigger = "MANUAL") {
      return enqueue("DRILL", { trigger }, async ({ progress, signal, note }) => {
        const run = await thread.drill({ progress, signal });
        note({ backupId: run.backupId });
        const message = describeDrill(run);
        return run.ok
          ? { message, report: run, backupId: run.backupId }
          : {
              message,
              report: run,
              backupId: run.backupId,
              failure: new QvaultError("INTEGRITY_ERROR", message, {
                details: { mismatches: run.mismatchCount },
              }),
            };
      });
    },

    async verify(readData) {
      return enqueue("VERIFY", { readData }, async ({ progress, signal }) => {
        const report = await thread.check(readData, { progress, signal });
        const message = describeCheck(report);
        return report.ok
          ? { message, report }
          : {
              message,
              report,
              failure: new QvaultError("INTEGRITY_ERROR", message, {
                details: { problems: report.problems.length },
              }),
            };
      });
    },

    async preview(request) {
      const { plan, validation } = await previewRestore(db, repository, request);
      return { plan, validation };
    },

    planItems(plan, request) {
      return withBankSource(db, (source) => planItems(repository, source, plan, request));
    },

    planMedia(plan) {
      return withBankSource(db, (source) => planMediaChanges(repository, source, plan));
    },

    async startRestore(request, undoes) {
      const conflict = () =>
        new QvaultError("CONFLICT", "A restore is already queued or running; wait for it or cancel it");
      // Taken before anything is awaited: a second call meanwhile is refused at once.
      if (starting || jobs.pending().some((job) => job.kind === "RESTORE")) throw conflict();
      starting = true;
      try {
        // Another instance's restore, as stored.
        if ((await store.unfinished()).some((job) => job.kind === "RESTORE")) throw conflict();
        const validation = await thread.validate(request);
        if (!validation.ok) refuse(validation);
        return await enqueueRestore(request, undoes);
      } finally {
        starting = false;
      }
    },

    async undoRestore(jobId) {
      const job = jobs.active(jobId) ?? (await store.get(jobId));
      if (!job) throw notFound("Job", jobId);
      const undo = reportOf(job, "RESTORE")?.undo;
      if (job.status !== "SUCCEEDED" || !undo)
        throw new QvaultError("CONFLICT", "Only a restore that succeeded can be undone", {
          details: { jobId, kind: job.kind, status: job.status },
        });
      return service.startRestore(undo, jobId);
    },

    async startAutomaticBackup() {
      const asked = Date.now();
      if ((await service.pendingChanges()).count === 0) return null;
      const queued = jobs
        .pending()
        .some((job) => job.status === "QUEUED" && inputOf(job, "BACKUP")?.trigger === "AUTOMATIC");
      if (queued) return null;
      return enqueue("BACKUP", { scope: "FULL", trigger: "AUTOMATIC" }, async ({ progress, signal }) => {
        const manifest = await snapshot(null, { progress, signal });
        automaticDurations = [...automaticDurations.slice(-4), Date.now() - asked];
        await announce(manifest);
        return {
          backupId: manifest.id,
          message: `Automatic backup: ${plural(manifest.stats.changedCount, "changed question")}, ${formatBytes(manifest.stats.addedBytes)} added`,
        };
      });
    },

    automaticBackupMs() {
      return automaticDurations.length ? Math.max(...automaticDurations) : null;
    },

    async startScheduledBackup() {
      return enqueue("BACKUP", { scope: "FULL", trigger: "SCHEDULED" }, async ({ progress, signal }) => {
        const manifest = await snapshot({ scope: "FULL", trigger: "SCHEDULED" }, { progress, signal });
        await announce(manifest);
        return {
          backupId: manifest.id,
          message: `Scheduled backup of ${plural(manifest.stats.questionCount, "question")}; ${manifest.stats.changedCount} changed`,
        };
      });
    },

    async startPrune(policy, dryRun) {
      return enqueue("PRUNE", { dryRun, policy }, async ({ progress, signal }) => {
        const report = await prune(repository, policy, { dryRun, progress, signal });
        return { message: describePrune(report), report };
      });
    },

    async startCopy(trigger = "MANUAL") {
      const to = (await options.copy?.())?.to ?? null;
      if (!to)
        throw badInput(
          "copyTo",
          "No copy is set up: set copyTo in the backup settings (a folder or s3://bucket/prefix)",
        );
      return enqueue("COPY", { to, trigger }, async ({ progress, signal }) => {
        const run = await thread.copy(to, { progress, signal });
        return { message: describeCopy(run), report: run };
      });
    },

    retentionPreview(policy) {
      return previewRetention(repository, policy);
    },

    async acknowledgeFailure(jobId, by) {
      if (jobs.active(jobId))
        throw new QvaultError("CONFLICT", "Only a failed job can be acknowledged; this one has not ended", {
          details: { jobId },
        });
      const job = await store.acknowledge(jobId, by);
      if (!job) throw notFound("Job", jobId);
      events.jobUpdated(job);
      return job;
    },

    async pendingChanges() {
      // Since this bank's newest FULL snapshot (one of another bank covers none of its changes).
      const snapshots = await repository.listSnapshots();
      let since = 0;
      for (let i = snapshots.length - 1; i >= 0; i--) {
        const snapshot = snapshots[i]!;
        if (snapshot.scope !== "FULL" || !snapshot.cursor) continue;
        const position = await journal.positionOf(snapshot.cursor);
        if (position === null) continue;
        since = position;
        break;
      }
      const { count, oldestAt } = await journal.pending(since);
      return { count, oldestAt };
    },

    async job(id) {
      return jobs.active(id) ?? (await store.get(id));
    },

    async importArchive(file, { passphrase, size, key }) {
      let manifest: SnapshotManifest | null = null;
      let failure: unknown = null;
      let ended: (job: JobState) => void = () => {};
      const end = new Promise<JobState>((resolve) => {
        ended = resolve;
      });
      const job = await enqueue(
        "IMPORT",
        { size, encrypted: passphrase !== null, key },
        async ({ progress, signal }) => {
          const source = await openFileSource(file);
          try {
            manifest = await importArchive(repository, source, {
              codec: nodeCodec,
              passphrase,
              progress,
              signal,
              origin: `uploaded with the API key "${key}"`,
            });
          } catch (error) {
            failure = error;
            throw error;
          } finally {
            await source.close();
          }
          await announce(manifest);
          return { backupId: manifest.id, message: describeImport(manifest, size) };
        },
      );
      endings.set(job.id, ended);
      try {
        const final = FINAL_STATUSES.includes(job.status) ? job : await end;
        if (final.status === "SUCCEEDED" && manifest) return manifest;
        throw (
          failure ??
          new QvaultError(
            final.status === "CANCELLED" ? "CANCELLED" : "INTERNAL_SERVER_ERROR",
            final.message ?? "The import did not finish",
          )
        );
      } finally {
        endings.delete(job.id);
      }
    },

    exportArchive(backupId, passphrase) {
      return writeArchive(repository, backupId, { passphrase });
    },
    async backupMedia(backupId, sha256) {
      const manifest = await repository.getSnapshot(backupId);
      const bytes = /^[0-9a-f]{64}$/.test(sha256)
        ? await snapshotMediaFile(repository, manifest, sha256)
        : null;
      if (!bytes) throw notFound("Media file", sha256);
      return bytes;
    },
  };

  /** Announces a new snapshot (the journal rows it covers are gone already) and prunes when due. */
  async function announce(manifest: SnapshotManifest): Promise<void> {
    events.backupCreated(manifest.id);
    const copy = await options.copy?.();
    // One copy waiting is enough: it copies every snapshot the copy lacks when it runs.
    if (
      copy?.to &&
      copy.afterBackup &&
      !jobs.pending().some((job) => job.kind === "COPY" && job.status === "QUEUED")
    )
      void service.startCopy("AFTER_BACKUP").catch(() => {});
    const auto = await options.autoPrune?.();
    if (
      auto?.enabled &&
      Date.now() - lastAutoPrune > PRUNE_INTERVAL_MS &&
      !jobs.pending().some((job) => job.kind === "PRUNE")
    ) {
      lastAutoPrune = Date.now();
      void service.startPrune(auto.policy, false);
    }
  }

  function enqueueRestore(request: RestoreRequest, undoes?: string): Promise<JobState> {
    return enqueue(
      "RESTORE",
      { ...request, ...(undoes ? { undoes } : {}) },
      async ({ progress, signal, note, job }) => {
        note({ backupId: request.backupId });
        const summary = await thread.restore(request, job, {
          compressionQuality: repository.quality,
          progress,
          signal,
          onSafetyBackup: (id) => note({ safetyBackupId: id }),
        });
        events.backupCreated(summary.safetyBackupId);
        return describeRestore(request, summary);
      },
    );
  }

  return service;
}
