/**
 * The repository's jobs (backups, verifications, restores) and restore previews: the wiring
 * between the job runner, the repository and the bank. What each does is core's; this file only
 * starts them, keeps one restore at a time, and reports.
 */
import {
  type BackupRequest,
  backup,
  backupChanges,
  badInput,
  type ChangeSet,
  type CheckReport,
  check,
  checkBackupRequest,
  createJobRunner,
  type JobRunner,
  type JobState,
  latestFullSnapshot,
  newId,
  nodeCodec,
  notFound,
  type ProgressSink,
  planRestore,
  prune,
  QvaultError,
  type Repository,
  type RestorePlan,
  type RestoreRequest,
  type RetentionPolicy,
  refuse,
  restore,
  type SnapshotManifest,
  type ValidationReport,
  validateRestore,
} from "@qvault/core";
import {
  type BankDatabase,
  bankSourceOver,
  createBankTarget,
  createChangeJournal,
  journalChanges,
  journalPosition,
  type PersistedJobs,
  withBankSource,
} from "@qvault/question-bank";
import type { QvaultPubSub } from "../graphql/pubsub.js";

export interface RepositoryService {
  readonly repository: Repository;
  readonly jobs: JobRunner;
  readonly store: PersistedJobs;
  startBackup(request: BackupRequest): Promise<JobState>;
  verify(readData: boolean): Promise<JobState>;
  /** Plans and validates a restore; writes nothing. */
  preview(request: RestoreRequest): Promise<{ plan: RestorePlan; validation: ValidationReport }>;
  /** Starts a RESTORE job. @throws CONFLICT when one is queued or running; VALIDATION_FAILED or INTEGRITY_ERROR when the plan has errors. */
  startRestore(request: RestoreRequest, undoes?: string): Promise<JobState>;
  /** Restores a finished RESTORE job's safety backup. @throws NOT_FOUND; CONFLICT when the job cannot be undone. */
  undoRestore(jobId: string): Promise<JobState>;
  /** Queues an AUTOMATIC backup of the changes the journal holds, unless there are none (returns null). */
  startAutomaticBackup(): Promise<JobState | null>;
  /** Queues a SCHEDULED full backup. */
  startScheduledBackup(): Promise<JobState>;
  /** Queues a PRUNE job: forget what `policy` does not keep, then collect garbage (or only say what would go). */
  startPrune(policy: RetentionPolicy, dryRun: boolean): Promise<JobState>;
  /** Committed changes not yet in any backup, and when the oldest was made. */
  pendingChanges(): Promise<{ count: number; oldestAt: Date | null }>;
  /** The live state of an unfinished job, else the stored one. */
  job(id: string): Promise<JobState | null>;
}

/** Bytes as people read them: 1.5 MB, 320 KB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1000;
    unit++;
  } while (value >= 1000 && unit < units.length - 1);
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

function summary(report: CheckReport): string {
  if (report.ok)
    return `No problems: ${report.stats.snapshots} snapshots, ${report.stats.packs} packs, ${report.stats.records} records${report.readData ? `, ${formatBytes(report.stats.bytesRead)} read and re-hashed` : ""}`;
  const affected = new Set(report.problems.flatMap((p) => p.snapshots));
  return `${report.problems.length} problem(s) found, affecting ${affected.size} snapshot(s): ${report.problems
    .slice(0, 5)
    .map((p) => p.message)
    .join("; ")}${report.problems.length > 5 ? "; …" : ""}`;
}

export function createRepositoryService(options: {
  db: BankDatabase;
  repository: Repository;
  store: PersistedJobs;
  pubsub: QvaultPubSub;
  /** Retention applied after backups, at most once an hour, when enabled. */
  autoPrune?: () => Promise<{ enabled: boolean; policy: RetentionPolicy }>;
}): RepositoryService {
  const { db, repository, store, pubsub } = options;
  const PRUNE_INTERVAL_MS = 3_600_000;
  let lastAutoPrune = 0;
  const target = createBankTarget(db);
  const journal = createChangeJournal(db);
  /** True while a restore is being previewed before it is queued: a second one is a CONFLICT. */
  let starting = false;
  const jobs = createJobRunner({
    store,
    newId: () => newId(nodeCodec.randomBytes(4)),
    onUpdate: (job) => pubsub.publish("JOB_UPDATED", job),
  });

  const service: RepositoryService = {
    repository,
    jobs,
    store,

    async startBackup(request) {
      const filter = checkBackupRequest(request);
      // Unknown ids are refused now, not as a failed job later.
      await withBankSource(db, async (source) => {
        if (filter.sectionIds) {
          const known = new Set((await source.sections()).map((s) => s.id));
          const unknown = filter.sectionIds.filter((id) => !known.has(id));
          if (unknown.length)
            throw badInput("sectionIds", `no section ${unknown.join(", ")}`, { ids: unknown });
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
      return jobs.enqueue("BACKUP", { ...request }, async ({ progress, signal }) => {
        const manifest = await fullOrPartialBackup(request, { progress, signal });
        return {
          backupId: manifest.id,
          message: `Backed up ${manifest.stats.questionCount} questions in ${manifest.stats.sectionCount} sections; ${manifest.stats.changedCount} changed, ${formatBytes(manifest.stats.addedBytes)} added`,
        };
      });
    },

    async verify(readData) {
      return jobs.enqueue("VERIFY", { readData }, async ({ progress, signal }) => {
        const report = await check(repository, { readData, progress, signal });
        const message = summary(report);
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
      return withBankSource(db, async (source) => {
        const plan = await planRestore(repository, source, request);
        const validation = await validateRestore(repository, target, plan);
        return { plan, validation };
      });
    },

    async startRestore(request, undoes) {
      if (starting || jobs.pending().some((job) => job.kind === "RESTORE"))
        throw new QvaultError("CONFLICT", "A restore is already queued or running; wait for it or cancel it");
      starting = true;
      try {
        const { validation } = await service.preview(request);
        if (!validation.ok) refuse(validation);
        return await enqueueRestore(request, undoes);
      } finally {
        starting = false;
      }
    },

    async undoRestore(jobId) {
      const job = jobs.active(jobId) ?? (await store.get(jobId));
      if (!job) throw notFound("Job", jobId);
      const undo = (job.report as { undo?: RestoreRequest } | null)?.undo;
      if (job.kind !== "RESTORE" || job.status !== "SUCCEEDED" || !undo)
        throw new QvaultError("CONFLICT", "Only a restore that succeeded can be undone", {
          details: { jobId, kind: job.kind, status: job.status },
        });
      return service.startRestore(undo, jobId);
    },

    async startAutomaticBackup() {
      if ((await service.pendingChanges()).count === 0) return null;
      const queued = jobs
        .pending()
        .some((job) => job.status === "QUEUED" && job.params.trigger === "AUTOMATIC");
      if (queued) return null;
      return jobs.enqueue("BACKUP", { scope: "FULL", trigger: "AUTOMATIC" }, async ({ progress, signal }) => {
        const parent = await latestFullSnapshot(repository);
        const manifest = await db.readSnapshot(async (query) => {
          if (!parent?.cursor) {
            const cursor = String(await journalPosition(query));
            return backup(
              repository,
              bankSourceOver(query),
              { scope: "FULL", trigger: "AUTOMATIC", cursor },
              { progress, signal },
            );
          }
          const changes = await changesInSnapshot(query, Number(parent.cursor));
          return backupChanges(repository, bankSourceOver(query), changes, { progress, signal });
        });
        await covered(manifest);
        return {
          backupId: manifest.id,
          message: `Automatic backup: ${manifest.stats.changedCount} changed question(s), ${formatBytes(manifest.stats.addedBytes)} added`,
        };
      });
    },

    async startScheduledBackup() {
      return jobs.enqueue("BACKUP", { scope: "FULL", trigger: "SCHEDULED" }, async ({ progress, signal }) => {
        const manifest = await fullOrPartialBackup(
          { scope: "FULL", trigger: "SCHEDULED" },
          { progress, signal },
        );
        return {
          backupId: manifest.id,
          message: `Scheduled backup of ${manifest.stats.questionCount} questions; ${manifest.stats.changedCount} changed`,
        };
      });
    },

    async startPrune(policy, dryRun) {
      return jobs.enqueue("PRUNE", { dryRun, policy }, async ({ progress, signal }) => {
        const report = await prune(repository, policy, { dryRun, progress, signal });
        const freed = formatBytes(report.bytesFreed);
        return {
          message:
            `${dryRun ? "Would forget" : "Forgot"} ${report.forget.length} backup(s), keeping ${report.keep.length}; ${report.packsDeleted} pack(s) ${dryRun ? "would be" : ""} removed, ${report.packsRepacked} repacked, ${freed} ${dryRun ? "would be " : ""}freed`.replace(
              /\s+/g,
              " ",
            ),
          report,
        };
      });
    },

    async pendingChanges() {
      const parent = await latestFullSnapshot(repository);
      const { count, oldestAt } = await journal.pending(parent?.cursor ? Number(parent.cursor) : 0);
      return { count, oldestAt };
    },

    async job(id) {
      return jobs.active(id) ?? (await store.get(id));
    },
  };

  /** A backup reading one state of the bank; a FULL one records the journal position it covers. */
  async function fullOrPartialBackup(
    request: BackupRequest,
    work: { progress: ProgressSink; signal: AbortSignal },
  ): Promise<SnapshotManifest> {
    const manifest = await db.readSnapshot(async (query) => {
      const cursor = request.scope === "FULL" ? String(await journalPosition(query)) : null;
      return backup(
        repository,
        bankSourceOver(query),
        { ...request, trigger: request.trigger ?? "MANUAL", cursor },
        work,
      );
    });
    await covered(manifest);
    return manifest;
  }

  /** Announces a new snapshot and drops the journal rows a FULL snapshot covers. */
  async function covered(manifest: SnapshotManifest): Promise<void> {
    pubsub.publish("BACKUP_CREATED", manifest.id);
    if (manifest.scope === "FULL" && manifest.cursor) await journal.trim(Number(manifest.cursor));
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

  /** The changes the journal holds after `after`, read in the backup's own read transaction. */
  async function changesInSnapshot(
    query: (sql: string, parameters?: unknown[]) => Promise<any[]>,
    after: number,
  ): Promise<ChangeSet> {
    const changes = await journalChanges(query, after);
    return {
      questionIds: changes.questionIds,
      sectionIds: changes.sectionIds,
      cursor: String(changes.lastSeq),
    };
  }

  function enqueueRestore(request: RestoreRequest, undoes?: string): Promise<JobState> {
    return jobs.enqueue(
      "RESTORE",
      { ...request, ...(undoes ? { undoes } : {}) },
      async ({ progress, signal, note }) => {
        note({ backupId: request.backupId });
        const result = await restore(repository, target, request, {
          progress,
          signal,
          onSafetyBackup: (id) => note({ safetyBackupId: id }),
        });
        pubsub.publish("BACKUP_CREATED", result.safetyBackupId);
        const moved = result.validation.warnings.length;
        return {
          backupId: request.backupId,
          safetyBackupId: result.safetyBackupId,
          message: `Restored from ${request.backupId}: ${result.plan.counts.ADDED} added, ${result.plan.counts.CHANGED} changed, ${result.plan.counts.DELETED} deleted, ${result.plan.counts.UNCHANGED} unchanged${moved ? `; ${moved} moved to a free position` : ""}`,
          report: { counts: result.plan.counts, warnings: result.validation.warnings, undo: result.undo },
        };
      },
    );
  }

  return service;
}
