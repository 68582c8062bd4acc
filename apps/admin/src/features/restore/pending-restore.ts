/**
 * A restore asked for but not yet answered: "Restore now" notes it in the tab's sessionStorage
 * before sending `startRestore`, and forgets it once the answer (the job's id) has moved the page
 * to the restore's own address. A reload in between (the answer lost with the page) finds the
 * note, and the wizard looks for the job the server made from it instead of starting over.
 *
 * Not guaranteed: a note is matched to a job by the backup, the request and the time (a job
 * created since the note, less a minute for the clocks of browser and server); two tabs asking
 * for the same restore at once could be matched to each other's job. Notes older than
 * {@link PENDING_RESTORE_TTL_MS} are ignored.
 */
import type { RestoreInput } from "../../gql/graphql";

const KEY = "qvault.pendingRestore";

/** How long a note is worth looking for: the server answers `startRestore` in seconds at most. */
export const PENDING_RESTORE_TTL_MS = 60_000;

/** Leeway for a server clock behind the browser's. */
const CLOCK_SKEW_MS = 60_000;

export interface PendingRestore {
  input: RestoreInput;
  /** When "Restore now" was pressed, by the browser's clock (ms). */
  at: number;
}

export function notePendingRestore(input: RestoreInput): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ input, at: Date.now() } satisfies PendingRestore));
  } catch {
    // Storage refused (private mode, quota): the restore still starts; only a reload loses it.
  }
}

export function forgetPendingRestore(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // Nothing was stored.
  }
}

/** The note for a restore from `backupId`, when there is a recent one. */
export function readPendingRestore(backupId: string): PendingRestore | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const pending = JSON.parse(raw) as PendingRestore;
    if (pending.input?.backupId !== backupId || Date.now() - pending.at > PENDING_RESTORE_TTL_MS) return null;
    return pending;
  } catch {
    return null;
  }
}

function sameList(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  return JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());
}

/** True when `job` (a RESTORE job: its `input` and `createdAt`) is the one `pending` asked for. */
export function isPendingRestoreJob(
  pending: PendingRestore,
  job: { kind: string; input: unknown; createdAt: string },
): boolean {
  if (job.kind !== "RESTORE" || Date.parse(job.createdAt) < pending.at - CLOCK_SKEW_MS) return false;
  const input = job.input as Partial<RestoreInput> | null;
  const asked = pending.input;
  return (
    input?.backupId === asked.backupId &&
    input.scope === asked.scope &&
    (input.mode ?? "REPLACE") === (asked.mode ?? "REPLACE") &&
    sameList(input.sectionIds as string[] | undefined, asked.sectionIds as string[] | undefined) &&
    sameList(input.questionIds as string[] | undefined, asked.questionIds as string[] | undefined)
  );
}
