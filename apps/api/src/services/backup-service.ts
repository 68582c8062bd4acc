/**
 * Backups and verifications as jobs: the wiring between the job runner, the repository and the
 * bank. What a backup or a check does is core's; this file only starts them and reports.
 */
import {
  type BackupRequest,
  backup,
  badInput,
  type CheckReport,
  check,
  checkBackupRequest,
  createJobRunner,
  type JobRunner,
  type JobState,
  newId,
  nodeCodec,
  QvaultError,
  type Repository,
  type SnapshotManifest,
} from "@qvault/core";
import { type BankDatabase, type PersistedJobs, withBankSource } from "@qvault/question-bank";
import type { QvaultPubSub } from "../graphql/pubsub.js";

export interface BackupService {
  readonly repository: Repository;
  readonly jobs: JobRunner;
  readonly store: PersistedJobs;
  startBackup(request: BackupRequest): Promise<JobState>;
  verify(readData: boolean): Promise<JobState>;
  /** The live state of an unfinished job, else the stored one. */
  job(id: string): Promise<JobState | null>;
}

function summary(report: CheckReport): string {
  if (report.ok)
    return `No problems: ${report.stats.snapshots} snapshots, ${report.stats.packs} packs, ${report.stats.records} records${report.readData ? `, ${report.stats.bytesRead} bytes read and re-hashed` : ""}`;
  const affected = new Set(report.problems.flatMap((p) => p.snapshots));
  return `${report.problems.length} problem(s) found, affecting ${affected.size} snapshot(s): ${report.problems
    .slice(0, 5)
    .map((p) => p.message)
    .join("; ")}${report.problems.length > 5 ? "; …" : ""}`;
}

export function createBackupService(options: {
  db: BankDatabase;
  repository: Repository;
  store: PersistedJobs;
  pubsub: QvaultPubSub;
}): BackupService {
  const { db, repository, store, pubsub } = options;
  const jobs = createJobRunner({
    store,
    newId: () => newId(nodeCodec.randomBytes(4)),
    onUpdate: (job) => pubsub.publish("JOB_UPDATED", job),
  });

  return {
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
        const manifest: SnapshotManifest = await withBankSource(db, (source) =>
          backup(
            repository,
            source,
            { ...request, trigger: request.trigger ?? "MANUAL" },
            { progress, signal },
          ),
        );
        pubsub.publish("BACKUP_CREATED", manifest.id);
        return {
          backupId: manifest.id,
          message: `Backed up ${manifest.stats.questionCount} questions in ${manifest.stats.sectionCount} sections; ${manifest.stats.changedCount} changed, ${manifest.stats.addedBytes} bytes added`,
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

    async job(id) {
      return jobs.active(id) ?? (await store.get(id));
    },
  };
}
