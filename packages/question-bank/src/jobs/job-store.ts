/**
 * Jobs persisted in the bank's database: the runner's {@link JobStore}, plus the queries the API
 * needs (a job, a filtered page of history), the acknowledgment of a failure, and the start-up
 * step that marks jobs cut off by a crash as INTERRUPTED.
 */
import {
  FINAL_STATUSES,
  type JobKind,
  type JobState,
  type JobStatus,
  type JobStore,
  QvaultError,
} from "@qvault/core";
import type { EntityManager } from "typeorm";
import { decodeCursor, type Page, pageSize, toPage } from "../bank/pagination.js";
import type { BankDatabase } from "../data-source.js";
import { Job } from "../entities/job.entity.js";

export interface JobFilter {
  kind?: JobKind | null;
  status?: JobStatus | null;
  first?: number | null;
  after?: string | null;
}

export interface PersistedJobs extends JobStore {
  /**
   * Saves a job's state inside the caller's transaction, so that it commits with the work it
   * records (a restore's job is recorded SUCCEEDED in the restore's own transaction).
   */
  saveWithin(manager: EntityManager, job: JobState): Promise<void>;
  get(id: string): Promise<JobState | null>;
  /** Newest first. */
  list(filter: JobFilter): Promise<Page<JobState>>;
  /** Marks every QUEUED or RUNNING job INTERRUPTED; returns how many. */
  markInterrupted(): Promise<number>;
  /**
   * Marks INTERRUPTED every QUEUED or RUNNING job that no registered instance runs (see
   * ./instances.ts): queued by an instance no longer in the `instance` table, or by none.
   * Returns those jobs as now stored.
   */
  interruptAbandoned(): Promise<JobState[]>;
  /** The QUEUED and RUNNING jobs, whichever instance runs them, oldest first. */
  unfinished(): Promise<JobState[]>;
  /** The newest job matching, if any. */
  latest(filter: Pick<JobFilter, "kind" | "status">): Promise<JobState | null>;
  /**
   * Records that `by` acknowledged a FAILED job's failure at `at`; a job acknowledged already
   * keeps its first acknowledgment. Returns the job as stored, or null when there is no such job.
   * @throws CONFLICT when the job did not fail
   */
  acknowledge(id: string, by: string, at?: Date): Promise<JobState | null>;
}

function toState(row: Job): JobState {
  return {
    id: row.id,
    kind: row.kind as JobKind,
    status: row.status as JobStatus,
    phase: row.phase,
    phases: (row.phases ?? []).map(({ phase, startedAt }) => ({ phase, startedAt: new Date(startedAt) })),
    done: row.done,
    total: row.total,
    bytesDone: row.bytesDone,
    ratePerSecond: row.ratePerSecond,
    etaMs: row.etaMs,
    message: row.message,
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? "" } : null,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    backupId: row.backupId,
    safetyBackupId: row.safetyBackupId,
    params: row.params,
    report: row.report ?? null,
    acknowledged: row.acknowledgedAt ? { at: row.acknowledgedAt, by: row.acknowledgedBy ?? "" } : null,
  };
}

const CUT_OFF = "Cut off when the server stopped; nothing it did was kept";

function toRow(state: JobState, instanceId: string | undefined): Job {
  return Object.assign(new Job(), {
    ...(instanceId ? { instanceId } : {}),
    id: state.id,
    kind: state.kind,
    status: state.status,
    phase: state.phase,
    // A state made by a caller that predates phases has none.
    phases: (state.phases ?? []).map(({ phase, startedAt }) => ({
      phase,
      startedAt: startedAt.toISOString(),
    })),
    done: state.done,
    total: state.total,
    bytesDone: state.bytesDone,
    ratePerSecond: state.ratePerSecond,
    etaMs: state.etaMs,
    message: state.message,
    errorCode: state.error?.code ?? null,
    errorMessage: state.error?.message ?? null,
    createdAt: state.createdAt,
    startedAt: state.startedAt,
    finishedAt: state.finishedAt,
    backupId: state.backupId,
    safetyBackupId: state.safetyBackupId,
    params: state.params,
    report: state.report ?? null,
    // Only when the state carries it: the runner's states never do, and must not clear it.
    ...(state.acknowledged !== undefined
      ? {
          acknowledgedAt: state.acknowledged?.at ?? null,
          acknowledgedBy: state.acknowledged?.by ?? null,
        }
      : {}),
  });
}

/**
 * The jobs of `db`. `instanceId`: the server instance whose jobs this store saves (see
 * ./instances.ts); without it, saved jobs keep the instance they have.
 */
export function createJobStore(db: BankDatabase, options: { instanceId?: string } = {}): PersistedJobs {
  const reader = db.reader.manager;
  const saveWithin = async (manager: EntityManager, state: JobState) => {
    // A final state stands: a progress update queued behind the transaction that recorded it
    // (a restore's) must not turn it back into RUNNING.
    if (!FINAL_STATUSES.includes(state.status)) {
      const current = await manager.findOne(Job, {
        where: { id: state.id },
        select: { id: true, status: true },
      });
      if (current && FINAL_STATUSES.includes(current.status as JobStatus)) return;
    }
    await manager.save(Job, toRow(state, options.instanceId));
  };
  return {
    async save(state) {
      await db.transaction((manager) => saveWithin(manager, state));
    },
    saveWithin,
    async get(id) {
      const row = await reader.findOneBy(Job, { id });
      return row ? toState(row) : null;
    },
    async list(filter) {
      const size = pageSize(filter.first);
      const query = reader.createQueryBuilder(Job, "j");
      if (filter.kind) query.andWhere("j.kind = :kind", { kind: filter.kind });
      if (filter.status) query.andWhere("j.status = :status", { status: filter.status });
      const totalCount = await query.getCount();
      if (filter.after) {
        const [id] = decodeCursor(filter.after, ["string"] as const);
        // Ids are time-ordered, so newest first is id descending.
        query.andWhere("j.id < :id", { id });
      }
      const rows = await query
        .orderBy("j.id", "DESC")
        .take(size + 1)
        .getMany();
      return toPage(rows, size, totalCount, toState, (row) => [row.id]);
    },
    async markInterrupted() {
      return db.transaction(async (manager) => {
        const result = await manager
          .createQueryBuilder()
          .update(Job)
          .set({
            status: "INTERRUPTED",
            finishedAt: new Date(),
            message: CUT_OFF,
          })
          .where("status IN (:...statuses)", { statuses: ["QUEUED", "RUNNING"] })
          .execute();
        return result.affected ?? 0;
      });
    },
    async interruptAbandoned() {
      return db.sideTransaction(async (manager) => {
        const query = manager
          .createQueryBuilder(Job, "j")
          .where("j.status IN (:...statuses)", { statuses: ["QUEUED", "RUNNING"] })
          .andWhere(`(j.instanceId IS NULL OR j.instanceId NOT IN (SELECT "id" FROM "instance"))`);
        // Rows locked until the update commits, so that what is returned is what this sweep
        // changed: another instance's sweep, or the job's own end, waits, then finds it final.
        // SQLite's transactions run one at a time already.
        if (db.dialect.name === "postgres") query.setLock("pessimistic_write");
        const rows = await query.getMany();
        if (!rows.length) return [];
        const finishedAt = new Date();
        await manager
          .createQueryBuilder()
          .update(Job)
          .set({ status: "INTERRUPTED", finishedAt, message: CUT_OFF, etaMs: null })
          .whereInIds(rows.map((row) => row.id))
          .execute();
        return rows.map((row) =>
          toState(Object.assign(row, { status: "INTERRUPTED", finishedAt, message: CUT_OFF, etaMs: null })),
        );
      });
    },
    async unfinished() {
      const rows = await reader
        .createQueryBuilder(Job, "j")
        .where("j.status IN (:...statuses)", { statuses: ["QUEUED", "RUNNING"] })
        .orderBy("j.id", "ASC")
        .getMany();
      return rows.map(toState);
    },
    async latest(filter) {
      const query = reader.createQueryBuilder(Job, "j");
      if (filter.kind) query.andWhere("j.kind = :kind", { kind: filter.kind });
      if (filter.status) query.andWhere("j.status = :status", { status: filter.status });
      const row = await query.orderBy("j.id", "DESC").getOne();
      return row ? toState(row) : null;
    },
    async acknowledge(id, by, at = new Date()) {
      return db.transaction(async (manager) => {
        const row = await manager.findOneBy(Job, { id });
        if (!row) return null;
        if (row.status !== "FAILED")
          throw new QvaultError(
            "CONFLICT",
            `Only a failed job can be acknowledged; this one is ${row.status}`,
            {
              details: { jobId: id, status: row.status },
            },
          );
        if (!row.acknowledgedAt) {
          await manager.update(Job, { id }, { acknowledgedAt: at, acknowledgedBy: by });
          Object.assign(row, { acknowledgedAt: at, acknowledgedBy: by });
        }
        return toState(row);
      });
    },
  };
}
