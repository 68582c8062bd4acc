/**
 * Progress of long work, reported through a small callback with a do-nothing default. Rendering,
 * throttling and publishing happen elsewhere (the job runner, the CLI's bars).
 */
import { QvaultError } from "../errors/qvault-error.js";

export interface Progress {
  /** A named stage of the work, e.g. "reading", "writing", "verifying". */
  phase: string;
  /** Items done in this phase. */
  done: number;
  /** Items in this phase, when known. */
  total: number | null;
  /** Bytes processed so far (all phases). */
  bytes: number;
  message?: string;
}

export type ProgressSink = (progress: Progress) => void;

export const ignoreProgress: ProgressSink = () => {};

export interface WorkOptions {
  progress?: ProgressSink;
  /** Aborting stops the work before it commits; it then throws CANCELLED and keeps nothing. */
  signal?: AbortSignal;
}

/** @throws CANCELLED when `signal` was aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new QvaultError("CANCELLED", "Cancelled before it finished; nothing was kept");
}
