/**
 * The jobs of a vault, typed: what each kind of job is asked to do (its input, stored as the job's
 * `params`) and what it reports when it ends (its `report`). The one place that knows these
 * shapes; the API and the command line read a job's input and report through {@link inputOf} and
 * {@link reportOf} instead of casting.
 *
 * Not guaranteed: jobs stored by an older qvault may lack fields added since; readers treat a
 * missing field as absent.
 */
import type {
  BackupRequest,
  ChangeKind,
  CheckReport,
  CopyReport,
  DrillReport,
  JobKind,
  JobState,
  PruneReport,
  RestoreRequest,
  RetentionPolicy,
  ValidationIssue,
} from "@qvault/core";

/** What a restore drill did (./drill.ts): its report, and where the scratch bank was. */
export interface DrillRun extends DrillReport {
  /** The scratch bank: "a SQLite file" or "a PostgreSQL schema". */
  scratch: string;
}

/** What a copy did (./copy.ts), and where. */
export interface CopyRun extends CopyReport {
  to: string;
  /** True when the copy's repository was created by this run. */
  created: boolean;
}

/** What a finished restore reports: its counts, the warnings it gave, and the request that undoes it. */
export interface RestoreReport {
  counts: Record<ChangeKind, number>;
  warnings: ValidationIssue[];
  undo: RestoreRequest;
}

/** Each kind of job's input. */
export interface JobInputs {
  BACKUP: BackupRequest;
  /** `undoes`: the RESTORE job this one undoes. */
  RESTORE: RestoreRequest & { undoes?: string };
  VERIFY: { readData: boolean };
  PRUNE: { dryRun: boolean; policy: RetentionPolicy };
  /** The archive's size, whether it was encrypted, and who sent it (an API key's name). */
  IMPORT: { size: number; encrypted: boolean; key: string };
  EXPORT: { backupId: string };
  /** Where to, and what started it: a request, a backup just taken, or the copy schedule. */
  COPY: { to: string; trigger: CopyTrigger };
  /** What started it: a request or the drill schedule. */
  DRILL: { trigger: DrillTrigger };
}

export const DRILL_TRIGGERS = ["MANUAL", "SCHEDULED"] as const;
export type DrillTrigger = (typeof DRILL_TRIGGERS)[number];

export const COPY_TRIGGERS = ["MANUAL", "AFTER_BACKUP", "SCHEDULED"] as const;
export type CopyTrigger = (typeof COPY_TRIGGERS)[number];

/** Each kind of job's report, once it ended (null while it runs, and for kinds with none). */
export interface JobReports {
  BACKUP: null;
  RESTORE: RestoreReport;
  VERIFY: CheckReport;
  PRUNE: PruneReport;
  IMPORT: null;
  EXPORT: null;
  COPY: CopyRun;
  DRILL: DrillRun;
}

/** Error codes that say a job's input was refused, whatever the kind of job. */
const REFUSED_INPUT: readonly string[] = [
  "BAD_USER_INPUT",
  "WRONG_PASSPHRASE",
  "VALIDATION_FAILED",
  "UNSUPPORTED_VERSION",
];

/**
 * True when a FAILED job failed because what it was given was refused (a file that is not an
 * archive, a truncated one, a wrong passphrase, a newer format, records that fail validation),
 * not because the system failed: BAD_USER_INPUT, WRONG_PASSPHRASE, VALIDATION_FAILED,
 * UNSUPPORTED_VERSION for any kind, and INTEGRITY_ERROR for an IMPORT (the file is damaged or
 * foreign; the repository is not). Such a failure is the caller's to fix, and says nothing about
 * the system's health. Takes a stored job or one read through the API.
 */
export function failedOnInput(job: {
  kind: string;
  status: string;
  error?: { code: string } | null;
}): boolean {
  const code = job.error?.code;
  if (job.status !== "FAILED" || !code) return false;
  // A drill is given nothing: whatever stops it restoring the newest backup is the system's,
  // but having no backup to drill yet (the health's "last backup" check says so).
  if (job.kind === "DRILL") return code === "NOT_FOUND";
  return REFUSED_INPUT.includes(code) || (job.kind === "IMPORT" && code === "INTEGRITY_ERROR");
}

/** A job of one kind, with its input and report typed. */
export type JobOf<K extends JobKind> = JobState & {
  kind: K;
  params: JobInputs[K];
  report: JobReports[K] | null;
};

/** True when `job` is of `kind` (then its input and report are typed). */
export function isJobOf<K extends JobKind>(job: JobState, kind: K): job is JobOf<K> {
  return job.kind === kind;
}

/** The input of a job of `kind`, or null for a job of another kind. */
export function inputOf<K extends JobKind>(job: JobState, kind: K): JobInputs[K] | null {
  return isJobOf(job, kind) ? job.params : null;
}

/**
 * The report of a job of `kind`, or null for another kind or a job that has none (yet). Takes a
 * stored job or one read through the API (its `kind` and `report` as JSON).
 */
export function reportOf<K extends JobKind>(
  job: { kind: string; report?: unknown },
  kind: K,
): JobReports[K] | null {
  return job.kind === kind ? ((job.report ?? null) as JobReports[K] | null) : null;
}
