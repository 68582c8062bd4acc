/**
 * Jobs: backups, restores, verifications and cleanups run one at a time per repository, in the
 * order they were asked for, each reporting phase, counts, bytes, rate and ETA.
 *
 * Updates reach `onUpdate` at most every `throttleMs` (and always on a change of phase or status),
 * with a heartbeat every `heartbeatMs` while a job runs; the store is written on every change of
 * status and at most every `persistMs` otherwise. A job cut off by a crash is marked INTERRUPTED
 * by the store when the process starts again (see {@link JobStore.markInterrupted}).
 *
 * A job keeps the phases it went through (`phases`, see {@link withPhase}), stored with it, so its
 * history shows them once it has ended.
 */
import { isQvaultError, QvaultError, toQvaultError } from "../errors/qvault-error.js";
import { type Logger, silentLogger } from "../ports.js";
import type { Progress } from "./progress.js";

export const JOB_KINDS = [
  "BACKUP",
  "RESTORE",
  "VERIFY",
  "PRUNE",
  "IMPORT",
  "EXPORT",
  "COPY",
  "DRILL",
] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const JOB_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_STATUSES: readonly JobStatus[] = ["SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED"];

/**
 * A phase a job went through: its name and when it began. It ended when the next one began, or,
 * for the last, when the job finished.
 */
export interface JobPhase {
  phase: string;
  startedAt: Date;
}

export interface JobState {
  id: string;
  kind: JobKind;
  status: JobStatus;
  phase: string | null;
  /** Every phase so far, in order (a phase entered again is listed again). Empty until the first. */
  phases: JobPhase[];
  done: number;
  total: number | null;
  bytesDone: number;
  ratePerSecond: number | null;
  etaMs: number | null;
  message: string | null;
  error: { code: string; message: string } | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** When this state was last sent to `onUpdate` (progress, heartbeat or a change of status). */
  updatedAt?: Date;
  /** The snapshot a BACKUP made, or a RESTORE restored from. */
  backupId: string | null;
  /** For a RESTORE: the pre-restore snapshot that undoes it. */
  safetyBackupId: string | null;
  /** What the job was asked to do. */
  params: Record<string, unknown>;
  /** A structured result (e.g. a verification's problems). */
  report: unknown;
  /**
   * For a FAILED job: who acknowledged the failure (an API key's name) and when; set by the store
   * the job is kept in, never by the runner. Absent or null: not acknowledged.
   */
  acknowledged?: { at: Date; by: string } | null;
}

/** Persists jobs (so history survives a restart). */
export interface JobStore {
  save(job: JobState): Promise<void>;
}

export interface JobContext {
  job: Readonly<JobState>;
  signal: AbortSignal;
  progress(progress: Progress): void;
  /** Records fields of the outcome early (e.g. the safety snapshot, once taken). */
  note(fields: Partial<Pick<JobState, "backupId" | "safetyBackupId" | "message">>): void;
}

export interface JobOutcome {
  backupId?: string | null;
  safetyBackupId?: string | null;
  message?: string | null;
  report?: unknown;
  /** Ends the job FAILED with this error (after keeping the report), e.g. a check that found problems. */
  failure?: QvaultError;
}

export interface JobRunnerOptions {
  store: JobStore;
  /** Where jobs starting and ending, and internal failures, are told; nothing without it. */
  log?: Logger;
  onUpdate?: (job: JobState) => void;
  newId: () => string;
  /** @default 250 */
  throttleMs?: number;
  /** @default 2000 */
  heartbeatMs?: number;
  /** @default 1000 */
  persistMs?: number;
  /**
   * Milliseconds before each new try of storing a job's final state when the store refuses it
   * (a database locked by another process, say); the last refusal is logged and the job's state
   * stays as last stored. @default [100, 200, 400, 800, 1600]
   */
  finalSaveRetriesMs?: readonly number[];
  /**
   * Waits for the job's turn among other runners on the same repository (other server instances),
   * and returns what ends it; the job stays QUEUED meanwhile, and a cancel ends the wait (the hook
   * then throws). None: each job's turn comes when this runner's previous job ends.
   */
  turn?: (signal: AbortSignal) => Promise<{ release(): Promise<void> }>;
}

interface Entry {
  state: JobState;
  controller: AbortController;
  work: (context: JobContext) => Promise<JobOutcome>;
}

export interface JobRunner {
  /** Queues work; the returned state is QUEUED (or RUNNING when nothing else runs). */
  enqueue(
    kind: JobKind,
    params: Record<string, unknown>,
    work: (context: JobContext) => Promise<JobOutcome>,
  ): Promise<JobState>;
  /** Cancels a queued or running job. Returns null for an unknown or finished one. */
  cancel(id: string): Promise<JobState | null>;
  /** A job of this runner that has not finished yet. */
  active(id: string): JobState | null;
  /** Jobs not finished yet, in queue order (the running one first). */
  pending(): JobState[];
  /** Resolves when the queue is empty. */
  idle(): Promise<void>;
}

/**
 * A job's phases once it is in `phase`: a new array with `phase` added, begun `at`, when it is not
 * the last one already; `phases` itself otherwise. Never changes `phases`, so that copies of a
 * state handed out earlier (to `onUpdate`, to the store) keep the phases they had.
 */
export function withPhase(phases: JobPhase[], phase: string, at: Date = new Date()): JobPhase[] {
  return phases.at(-1)?.phase === phase ? phases : [...phases, { phase, startedAt: at }];
}

/**
 * Ends `state` by what `error` says: CANCELLED (with `cancelled` as its message) when it is a
 * cancel or `signal` was aborted, else FAILED with its code (an internal error's words kept to
 * the log, not the job).
 */
function endWith(state: JobState, error: unknown, signal: AbortSignal, cancelled: string, log: Logger): void {
  const qvaultError = toQvaultError(error);
  if (qvaultError.code === "CANCELLED" || signal.aborted) {
    state.status = "CANCELLED";
    state.message = cancelled;
    return;
  }
  state.status = "FAILED";
  state.error = {
    code: qvaultError.code,
    message: qvaultError.code === "INTERNAL_SERVER_ERROR" ? "Internal error" : qvaultError.message,
  };
  if (!isQvaultError(error)) log.error({ jobId: state.id, kind: state.kind, err: error }, "job failed");
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const throttleMs = options.throttleMs ?? 250;
  const heartbeatMs = options.heartbeatMs ?? 2000;
  const persistMs = options.persistMs ?? 1000;
  const log = options.log ?? silentLogger;
  const queue: Entry[] = [];
  let running: Entry | null = null;
  const idleWaiters: (() => void)[] = [];

  const emit = (state: JobState) => {
    state.updatedAt = new Date();
    options.onUpdate?.({ ...state });
  };
  const finalSaveRetriesMs = options.finalSaveRetriesMs ?? [100, 200, 400, 800, 1600];
  const persist = (state: JobState) => options.store.save({ ...state });
  /** A job's outcome is what its history keeps: a passing refusal of the store must not lose it. */
  const persistFinal = async (state: JobState) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await persist(state);
      } catch (error) {
        if (attempt >= finalSaveRetriesMs.length) throw error;
        await new Promise((resolve) => setTimeout(resolve, finalSaveRetriesMs[attempt]));
      }
    }
  };

  async function runNext(): Promise<void> {
    if (running || queue.length === 0) {
      if (!running && queue.length === 0) for (const wake of idleWaiters.splice(0)) wake();
      return;
    }
    const entry = queue.shift()!;
    running = entry;
    const { state } = entry;
    let turn: { release(): Promise<void> } | null = null;
    if (options.turn) {
      try {
        turn = await options.turn(entry.controller.signal);
        if (entry.controller.signal.aborted) throw new QvaultError("CANCELLED", "Cancelled");
      } catch (error) {
        await turn?.release().catch(() => {});
        endWith(state, error, entry.controller.signal, "Cancelled before it started", log);
        state.finishedAt = new Date();
        await persistFinal(state).catch((e) =>
          log.error({ jobId: state.id, kind: state.kind, err: e }, "job could not be saved"),
        );
        emit(state);
        running = null;
        void runNext();
        return;
      }
    }
    state.status = "RUNNING";
    state.startedAt = new Date();
    log.info({ jobId: state.id, kind: state.kind }, "job started");

    let lastEmit = Date.now();
    let lastPersist = Date.now();
    let phaseStarted = Date.now();
    let phaseStartDone = 0;
    const heartbeat = setInterval(
      () => {
        if (Date.now() - lastEmit >= heartbeatMs) {
          lastEmit = Date.now();
          emit(state);
        }
      },
      Math.max(50, Math.min(heartbeatMs, 1000)),
    );

    const context: JobContext = {
      job: state,
      signal: entry.controller.signal,
      progress(progress) {
        const now = Date.now();
        const newPhase = progress.phase !== state.phase;
        if (newPhase) {
          phaseStarted = now;
          phaseStartDone = 0;
          state.phases = withPhase(state.phases, progress.phase, new Date(now));
        }
        state.phase = progress.phase;
        state.done = progress.done;
        state.total = progress.total;
        state.bytesDone = progress.bytes;
        if (progress.message !== undefined) state.message = progress.message;
        const seconds = (now - phaseStarted) / 1000;
        state.ratePerSecond = seconds > 0.05 ? (progress.done - phaseStartDone) / seconds : null;
        state.etaMs =
          state.ratePerSecond && progress.total !== null && state.ratePerSecond > 0
            ? Math.round(((progress.total - progress.done) / state.ratePerSecond) * 1000)
            : null;
        if (newPhase || now - lastEmit >= throttleMs) {
          lastEmit = now;
          emit(state);
        }
        if (newPhase || now - lastPersist >= persistMs) {
          lastPersist = now;
          void persist(state).catch(() => {});
        }
      },
      note(fields) {
        Object.assign(state, fields);
      },
    };

    // The outcome is prepared on a copy and shown only once stored, so that whoever sees a job
    // finished also finds it finished in the store.
    const final: JobState = { ...state };
    try {
      // A job whose start cannot be recorded does not run: it fails with the store's error, and
      // the queue moves on to the next one.
      await persist(state);
      emit(state);
      const outcome = await entry.work(context);
      Object.assign(final, state);
      // A cancel that comes once the work has returned is too late: what it did is done (a restore
      // committed, a snapshot written), and the job says so rather than "nothing was changed".
      final.backupId = outcome.backupId ?? state.backupId;
      final.safetyBackupId = outcome.safetyBackupId ?? state.safetyBackupId;
      final.message = outcome.message ?? state.message;
      final.report = outcome.report ?? null;
      if (outcome.failure) {
        final.status = "FAILED";
        final.error = { code: outcome.failure.code, message: outcome.failure.message };
      } else {
        final.status = "SUCCEEDED";
        if (final.total !== null) final.done = final.total;
      }
    } catch (error) {
      Object.assign(final, state);
      endWith(final, error, entry.controller.signal, "Cancelled; nothing was changed", log);
    } finally {
      clearInterval(heartbeat);
      final.finishedAt = new Date();
      final.etaMs = final.status === "SUCCEEDED" ? 0 : null;
      await persistFinal(final).catch((error) =>
        log.error({ jobId: state.id, kind: state.kind, err: error }, "job could not be saved"),
      );
      log[final.status === "FAILED" ? "warn" : "info"](
        {
          jobId: final.id,
          kind: final.kind,
          status: final.status,
          durationMs: final.finishedAt.getTime() - (final.startedAt ?? final.createdAt).getTime(),
          ...(final.error ? { error: final.error } : {}),
        },
        "job ended",
      );
      // The next job anywhere starts once this one's outcome is stored.
      await turn?.release().catch(() => {});
      Object.assign(state, final);
      emit(state);
      running = null;
      void runNext();
    }
  }

  return {
    async enqueue(kind, params, work) {
      const state: JobState = {
        id: options.newId(),
        kind,
        status: "QUEUED",
        phase: null,
        phases: [],
        done: 0,
        total: null,
        bytesDone: 0,
        ratePerSecond: null,
        etaMs: null,
        message: null,
        error: null,
        createdAt: new Date(),
        startedAt: null,
        finishedAt: null,
        backupId: null,
        safetyBackupId: null,
        params,
        report: null,
      };
      await persist(state);
      emit(state);
      queue.push({ state, controller: new AbortController(), work });
      void runNext();
      return { ...state };
    },

    async cancel(id) {
      if (running?.state.id === id) {
        running.controller.abort();
        return { ...running.state };
      }
      const index = queue.findIndex((entry) => entry.state.id === id);
      if (index < 0) return null;
      const [entry] = queue.splice(index, 1);
      const state = entry!.state;
      state.status = "CANCELLED";
      state.message = "Cancelled before it started";
      state.finishedAt = new Date();
      await persist(state);
      emit(state);
      if (!running && queue.length === 0) for (const wake of idleWaiters.splice(0)) wake();
      return { ...state };
    },

    active(id) {
      if (running?.state.id === id) return { ...running.state };
      const entry = queue.find((e) => e.state.id === id);
      return entry ? { ...entry.state } : null;
    },

    pending() {
      return [...(running ? [running] : []), ...queue]
        .filter((entry) => !FINAL_STATUSES.includes(entry.state.status))
        .map((entry) => ({ ...entry.state }));
    },

    idle() {
      if (!running && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
      });
    },
  };
}
