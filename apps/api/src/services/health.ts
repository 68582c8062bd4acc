/**
 * System health: OK, DEGRADED or FAILING, and the checks behind it. The worst check decides.
 *
 * Checks: the age of the last successful backup against the schedule; edits waiting for a
 * backup and for how long; failed jobs not yet resolved; the last verification; free disk space
 * under the repository; the repository readable and its writer lock; audio files the questions
 * name that the newest backup could not store; copies; the last restore drill (FAILING until one
 * passes).
 *
 * Health counts failures of the system, not refused requests: a job that failed on its input (an
 * import of a file that is not an archive, a wrong passphrase: the vault's `failedOnInput`) never
 * degrades it. A system failure stops counting once a later job of its kind succeeds or someone
 * acknowledges it. A failed verification is the verification check's: FAILING until a clean one.
 */
import {
  describeLock,
  isS3Location,
  type JobKind,
  type JobState,
  lockStaleness,
  plural,
  readLock,
} from "@qvault/core";
import { failedOnInput, type Vault } from "@qvault/vault";
import { type BackupSettingsService, scheduleRuns } from "./backup-settings.js";

export const HEALTH_STATUSES = ["OK", "DEGRADED", "FAILING"] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export interface HealthCheck {
  name: string;
  status: HealthStatus;
  message: string;
}

export interface SystemHealth {
  status: HealthStatus;
  checks: HealthCheck[];
  lastBackupAt: Date | null;
  lastSuccessfulBackupAt: Date | null;
  /** When the last copy to the second repository finished, if one is set up and ever succeeded. */
  lastCopyAt: Date | null;
  /** The newest failed job's error, whatever the failure (a refused input too). */
  lastFailure: { code: string; message: string } | null;
  /** Failed jobs that degrade the health now, newest first (see {@link unresolvedFailures}). */
  unresolvedFailures: JobState[];
  pendingChanges: number;
  /** When the oldest edit not yet in a backup was committed; null when none waits. */
  pendingSince: Date | null;
  storage: StorageStats;
  nextScheduledBackupAt: Date | null;
}

export interface StorageStats {
  location: string;
  bytesOnDisk: number;
  logicalBytes: number;
  compressionRatio: number;
  dedupRatio: number;
  snapshotCount: number;
  recordCount: number;
  freeBytes: number | null;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const GIB = 1024 ** 3;

const worst = (checks: HealthCheck[]): HealthStatus =>
  checks.some((c) => c.status === "FAILING")
    ? "FAILING"
    : checks.some((c) => c.status === "DEGRADED")
      ? "DEGRADED"
      : "OK";

function age(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < 48 * HOUR) return `${(ms / HOUR).toFixed(1)} h`;
  return `${Math.round(ms / (24 * HOUR))} days`;
}

/**
 * The failures among `jobs` (newest first) that degrade the health, newest first: FAILED jobs but
 * verifications and drills (their own checks), not failed on their input, not acknowledged, and with no later
 * success of their kind.
 */
export function unresolvedFailures(jobs: readonly JobState[]): JobState[] {
  // Ids are time-ordered: the newest success of each kind resolves every failure before it.
  const lastSuccess = new Map<JobKind, string>();
  for (const job of jobs)
    if (job.status === "SUCCEEDED" && !lastSuccess.has(job.kind)) lastSuccess.set(job.kind, job.id);
  return jobs.filter(
    (job) =>
      job.status === "FAILED" &&
      job.kind !== "VERIFY" &&
      job.kind !== "DRILL" &&
      !failedOnInput(job) &&
      !job.acknowledged &&
      (lastSuccess.get(job.kind) ?? "") < job.id,
  );
}

/**
 * The newest job of `kind` that ended with a result: SUCCEEDED, or FAILED on the system's account
 * (not on its input). Looked for among the jobs of that kind, however many others came since.
 */
export async function lastEnded(store: Vault["store"], kind: JobKind): Promise<JobState | null> {
  const jobs = (await store.list({ first: 20, kind })).edges.map((e) => e.node);
  return (
    jobs.find((job) => job.status === "SUCCEEDED" || (job.status === "FAILED" && !failedOnInput(job))) ?? null
  );
}

/** A check named `name` from the last job that ended with a result (see {@link lastEnded}), worded by `words`. */
function resultCheck(
  name: string,
  job: JobState | null,
  words: { none: string; failed: (job: JobState) => string; passed: (job: JobState) => string },
): HealthCheck {
  if (!job) return { name, status: "OK", message: words.none };
  return job.status === "FAILED"
    ? { name, status: "FAILING", message: words.failed(job) }
    : { name, status: "OK", message: words.passed(job) };
}

/** What callers of {@link systemHealth} for one repository may share. */
interface Sharing {
  /** Bumped by every change {@link watchHealth} sees for the repository. */
  generation: number;
  /** Watches tracking `repo`'s changes; computations are shared only while there is one. */
  watches: number;
  inFlight: { generation: number; settings: BackupSettingsService; health: Promise<SystemHealth> } | null;
}
const sharing = new WeakMap<Vault, Sharing>();

function sharingOf(repo: Vault): Sharing {
  const known = sharing.get(repo);
  if (known) return known;
  const state: Sharing = { generation: 0, watches: 0, inFlight: null };
  sharing.set(repo, state);
  return state;
}

/**
 * The health now. Concurrent callers share one computation, but never one that could be stale
 * for them: a computation is shared only while nothing that changes the health has happened since
 * it began (a commit, a new backup, a job's update: what {@link watchHealth} tracks for `repo`).
 * A caller that comes after such a change starts a computation of its own, and nothing is kept
 * once a computation ends. With no watch running for `repo` (no change would be seen) every call
 * computes, and so does one given its own `now`.
 */
export function systemHealth(
  repo: Vault,
  settings: BackupSettingsService,
  now?: Date,
): Promise<SystemHealth> {
  const state = sharing.get(repo);
  if (now || !state?.watches) return computeHealth(repo, settings, now ?? new Date());
  const current = state.inFlight;
  if (current && current.generation === state.generation && current.settings === settings)
    return current.health;
  const started = {
    generation: state.generation,
    settings,
    health: computeHealth(repo, settings, new Date()),
  };
  state.inFlight = started;
  const done = () => {
    if (state.inFlight === started) state.inFlight = null;
  };
  started.health.then(done, done);
  return started.health;
}

async function computeHealth(repo: Vault, settings: BackupSettingsService, now: Date): Promise<SystemHealth> {
  const checks: HealthCheck[] = [];
  const current = await settings.get();
  const { repository, store } = repo;

  // Repository reachable, writer lock.
  let snapshots: Awaited<ReturnType<typeof repository.listSnapshots>> = [];
  try {
    snapshots = await repository.listSnapshots();
    const damaged = repository.damagedSnapshots().length;
    const lock = await readLock(repository.storage);
    const stale = lock ? lockStaleness(lock, undefined, now.getTime()) : null;
    checks.push(
      damaged
        ? {
            name: "repository",
            status: "FAILING",
            message: `${plural(damaged, "snapshot manifest")} cannot be read; run a verification`,
          }
        : lock && stale
          ? {
              name: "repository",
              status: "DEGRADED",
              message: `a stale writer lock of ${describeLock(lock)}: ${stale}; the next writer takes it over (\`qvault unlock\` removes it)`,
            }
          : {
              name: "repository",
              status: "OK",
              message: lock ? `reachable; ${lock.purpose} holds the writer lock` : "reachable",
            },
    );
  } catch (error) {
    checks.push({
      name: "repository",
      status: "FAILING",
      message: `not readable: ${(error as Error).message}`,
    });
  }

  // Age of the last successful backup, against the schedule's period.
  const last = snapshots.at(-1) ?? null;
  const lastAt = last ? new Date(last.time) : null;
  const next = settings.nextRun(current, now);
  const afterNext = next ? settings.nextRun(current, new Date(next.getTime() + 1000)) : null;
  const period = next && afterNext ? afterNext.getTime() - next.getTime() : 24 * HOUR;
  if (!lastAt) checks.push({ name: "last backup", status: "DEGRADED", message: "no backup yet" });
  else {
    const elapsed = now.getTime() - lastAt.getTime();
    const status: HealthStatus =
      elapsed > 3 * period ? "FAILING" : elapsed > 1.5 * period ? "DEGRADED" : "OK";
    checks.push({
      name: "last backup",
      status,
      message: `${age(elapsed)} ago (expected at least every ${age(period)})`,
    });
  }

  // Edits waiting for a backup.
  const pending = await repo.pendingChanges();
  const waited = pending.oldestAt ? now.getTime() - pending.oldestAt.getTime() : 0;
  const allowed = current.autoBackupEnabled ? current.autoBackupMaxDelayMs : period;
  checks.push({
    name: "pending changes",
    status:
      pending.count === 0
        ? "OK"
        : waited > Math.max(10 * allowed, 10 * MINUTE)
          ? "FAILING"
          : waited > 3 * allowed
            ? "DEGRADED"
            : "OK",
    message:
      pending.count === 0
        ? "every committed edit is in a backup"
        : `${plural(pending.count, "change")} waiting for ${age(waited)}${current.autoBackupEnabled ? "" : "; automatic backups are off"}`,
  });

  // Jobs: failures of the system not resolved yet, and the last verification.
  const recent = (await store.list({ first: 100 })).edges.map((e) => e.node);
  const unresolved = unresolvedFailures(recent);
  const failed = unresolved[0];
  checks.push(
    failed
      ? {
          name: "jobs",
          status: "DEGRADED",
          message:
            `the last ${failed.kind.toLowerCase()} failed: ${failed.error?.message ?? ""}` +
            (unresolved.length > 1 ? ` (${unresolved.length} unresolved failures)` : ""),
        }
      : { name: "jobs", status: "OK", message: "no unresolved failure" },
  );
  // The last verification and the last restore drill: FAILING from a failed one until one passes.
  const verify = await lastEnded(store, "VERIFY");
  checks.push(
    resultCheck("verification", verify, {
      none: "never verified yet",
      failed: (job) => job.message ?? "the last verification found problems",
      passed: (job) => `clean at ${job.finishedAt?.toISOString()}`,
    }),
  );
  const drill = await lastEnded(store, "DRILL");
  checks.push(
    resultCheck("drill", drill, {
      none: "no restore drill yet",
      failed: (job) => `the last restore drill failed: ${job.error?.message ?? job.message ?? ""}`,
      passed: (job) =>
        `the last restore drill passed at ${job.finishedAt?.toISOString()}: ${job.message ?? ""}`,
    }),
  );

  // Media the newest backup could not store: files missing from the media folder, or changed there.
  const missingMedia = last?.missingMedia ?? [];
  if (missingMedia.length) {
    const named = missingMedia.slice(0, 5).map((m) => `${m.path} (question ${m.questionId})`);
    const changed = missingMedia.filter((m) => m.reason === "CHANGED").length;
    checks.push({
      name: "media",
      status: "DEGRADED",
      message: `${plural(missingMedia.length, "question")} name audio the newest backup could not store (${changed ? `${changed} changed behind the bank's back, ` : ""}${missingMedia.length - changed} missing): ${named.join(", ")}${missingMedia.length > 5 ? ", …" : ""}`,
    });
  } else
    checks.push({
      name: "media",
      status: "OK",
      message: last ? "every audio file the questions name is in the newest backup" : "no backup yet",
    });

  // Copies to a second repository: the last one, and whether the copy falls behind.
  let lastCopyAt: Date | null = null;
  if (current.copyTo) {
    const copied = (await store.latest({ kind: "COPY", status: "SUCCEEDED" })) ?? null;
    const lastCopy = (await store.latest({ kind: "COPY" })) ?? null;
    lastCopyAt = copied?.finishedAt ?? null;
    checks.push(copyCheck({ ...current, copyTo: current.copyTo }, lastAt, lastCopy, copied, now));
  }

  // Disk space and storage figures.
  const freeBytes = (await repository.storage.freeBytes?.()) ?? null;
  checks.push({
    name: "disk space",
    status:
      freeBytes === null
        ? "OK"
        : freeBytes < 100 * 1024 ** 2
          ? "FAILING"
          : freeBytes < GIB
            ? "DEGRADED"
            : "OK",
    message:
      freeBytes !== null
        ? `${(freeBytes / GIB).toFixed(1)} GiB free under the repository`
        : isS3Location(repository.storage.location)
          ? "object storage: no disk to fill"
          : "unknown",
  });

  const index = await repository.loadIndex();
  const bytesOnDisk = [...index.packs.values()].reduce((sum, size) => sum + size, 0);
  const uniqueBytes = index.storedBytes;
  // Snapshots' logical bytes count the bank's records only: media apart, as repositoryStats does.
  const recordBytes = uniqueBytes - index.storedMediaBytes;
  const logicalBytes = last?.stats.logicalBytes ?? 0;
  const allLogical = snapshots.reduce((sum, s) => sum + s.stats.logicalBytes, 0);
  const lastFailure = recent.find((job) => job.status === "FAILED")?.error ?? null;
  return {
    status: worst(checks),
    checks,
    lastBackupAt: lastAt,
    lastSuccessfulBackupAt: lastAt,
    lastCopyAt,
    lastFailure,
    unresolvedFailures: unresolved,
    pendingChanges: pending.count,
    pendingSince: pending.count ? pending.oldestAt : null,
    storage: {
      location: repository.storage.location,
      bytesOnDisk,
      logicalBytes,
      compressionRatio: bytesOnDisk ? uniqueBytes / bytesOnDisk : 1,
      dedupRatio: recordBytes > 0 ? allLogical / recordBytes : 1,
      snapshotCount: snapshots.length,
      recordCount: index.size,
      freeBytes,
    },
    nextScheduledBackupAt: next,
  };
}

/**
 * The copy check: FAILING when the last copy failed; DEGRADED when copies run only when asked
 * for, or when the newest backup (taken at `newestBackupAt`) has waited for a copy longer than
 * copies allow: 15 min when one follows every backup, else 1.5 periods of `copySchedule`. A copy
 * covers the backups taken before it started.
 */
export function copyCheck(
  settings: { copyTo: string; copyAfterBackup: boolean; copySchedule: string | null },
  newestBackupAt: Date | null,
  lastCopy: JobState | null,
  lastSucceeded: JobState | null,
  now: Date,
): HealthCheck {
  const { copyTo, copyAfterBackup, copySchedule } = settings;
  const lastCopyAt = lastSucceeded?.finishedAt ?? null;
  const copyPeriod = copySchedule
    ? (() => {
        const [a, b] = scheduleRuns(copySchedule, 2, now);
        return a && b ? b.getTime() - a.getTime() : 24 * HOUR;
      })()
    : 24 * HOUR;
  const lag = copyAfterBackup ? 15 * MINUTE : 1.5 * copyPeriod;
  const uncovered = newestBackupAt && (!lastSucceeded?.startedAt || newestBackupAt > lastSucceeded.startedAt);
  const behindFor = uncovered ? now.getTime() - newestBackupAt.getTime() : 0;
  const since = (at: Date) => age(now.getTime() - at.getTime());
  if (lastCopy?.status === "FAILED")
    return {
      name: "copy",
      status: "FAILING",
      message: `the last copy to ${copyTo} failed: ${lastCopy.error?.message ?? ""}`,
    };
  if (!copyAfterBackup && !copySchedule)
    return { name: "copy", status: "DEGRADED", message: `copies to ${copyTo} run only when asked for` };
  if (uncovered && behindFor > lag)
    return {
      name: "copy",
      status: "DEGRADED",
      message: `behind: the newest backup (${age(behindFor)} old) is not in ${copyTo} yet${lastCopyAt ? `; last copy ${since(lastCopyAt)} ago` : "; no copy yet"}`,
    };
  return {
    name: "copy",
    status: "OK",
    message: lastCopyAt ? `last copy to ${copyTo} ${since(lastCopyAt)} ago` : `no copy to ${copyTo} yet`,
  };
}

/**
 * Publishes the health whenever it changes: checked every `intervalMs`, and soon (after
 * `soonMs`) after anything in `changes` fires (a commit, a new backup, a job's end), so that
 * subscribers see pending changes rise and fall as they happen, not at the next tick.
 *
 * While it runs, those changes and every job update (`pubsub.on("JOB_UPDATED")`, when `pubsub`
 * has it) also tell {@link systemHealth} which of its computations for `repo` callers may share.
 */
export function watchHealth(
  repo: Vault,
  settings: BackupSettingsService,
  pubsub: {
    publish(topic: "HEALTH_CHANGED", health: SystemHealth): void;
    on?(topic: "JOB_UPDATED", listener: () => void): () => void;
  },
  options: {
    intervalMs?: number;
    soonMs?: number;
    /** Each takes a listener and returns what stops it. */
    changes?: ((listener: () => void) => () => void)[];
  } = {},
): { stop(): void } {
  let previous = "";
  let running = false;
  let again = false;
  let soon: NodeJS.Timeout | null = null;
  const check = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const health = await systemHealth(repo, settings);
      const key = JSON.stringify([
        health.status,
        // A check's words too (a writer lock taken or let go leaves its status OK), but not its
        // figures: ages and sizes change on every check, and clients count ages on themselves.
        health.checks.map((c) => [c.name, c.status, c.message.replace(/\d+(?:[.,:]\d+)*/g, "#")]),
        health.unresolvedFailures.map((job) => job.id),
        health.pendingChanges,
        // A time, not an age: it moves only when the oldest waiting edit is another one.
        health.pendingSince?.getTime() ?? null,
        health.lastBackupAt,
        health.storage.snapshotCount,
        health.storage.bytesOnDisk,
      ]);
      if (key !== previous) {
        previous = key;
        pubsub.publish("HEALTH_CHANGED", health);
      }
    } catch {
      // The next check tries again; /readyz and systemHealth report the failure itself.
    } finally {
      running = false;
      if (again) {
        again = false;
        checkSoon();
      }
    }
  };
  const checkSoon = () => {
    soon ??= setTimeout(() => {
      soon = null;
      void check();
    }, options.soonMs ?? 50);
  };
  const shared = sharingOf(repo);
  const changed = () => {
    shared.generation++;
  };
  // A change makes running computations unshareable at once, and the health is checked soon.
  const stops = [
    ...(options.changes ?? []).map((on) =>
      on(() => {
        changed();
        checkSoon();
      }),
    ),
    ...(pubsub.on ? [pubsub.on("JOB_UPDATED", changed)] : []),
  ];
  shared.watches++;
  const timer = setInterval(() => void check(), options.intervalMs ?? 2000);
  timer.unref();
  let stopped = false;
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (soon) clearTimeout(soon);
      for (const stop of stops) stop();
      shared.watches--;
      // Without the changes seen, nothing begun so far may be shared any more.
      shared.generation++;
    },
  };
}
