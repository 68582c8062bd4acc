/**
 * The messages between the archive page and its worker (archive.worker.ts), which holds the
 * opened archive. The page sends a request with a fresh `id`; the worker answers it with any
 * number of `progress` messages, then exactly one `done` or `failed`. Calls:
 *
 * - `open`: opens a file (core's openArchive: the whole file hashed, then the trailer read and
 *   checked) and keeps it as the open archive, replacing the one before;
 * - `check`: checks every record of the open archive (core's verifyArchive);
 * - `browse`: a page of the open archive's questions (a section, a search, a cursor), as rows;
 * - `question`: one question of the open archive as stored, by id;
 * - `audio`: a question's audio file as the open archive holds it, made whole and checked.
 *
 * Once started, the worker sends one `ready` message: brotli-wasm is loaded, or why it is not.
 * Everything here survives structured cloning (plain data and the File itself).
 */
import type {
  ArchiveReport,
  ArchiveSectionSummary,
  ArchiveSnapshot,
  BrowseRequest,
  ErrorCode,
  Progress,
  QuestionRecord,
} from "@qvault/core/web";

/** What the page shows of an opened archive. */
export interface OpenedArchive {
  fileName: string;
  /** Bytes. */
  size: number;
  /** When the archive was written (ISO 8601). */
  createdAt: string;
  encrypted: boolean;
  formatVersion: number;
  snapshot: ArchiveSnapshot;
  /** In position order, each with its number of questions. */
  sections: ArchiveSectionSummary[];
  frameCount: number;
  recordCount: number;
  /** How long opening took in the worker, in milliseconds. */
  openMs: number;
}

/** One row of a page of questions: enough to list it; `question` gives the whole of it. */
export interface QuestionRow {
  id: string;
  sectionId: string;
  type: QuestionRecord["type"];
  prompt: string;
  answerCount: number;
  digest: string;
}

export interface QuestionPage {
  rows: QuestionRow[];
  hasNextPage: boolean;
  endCursor: string | null;
  totalCount: number;
}

export interface StoredArchiveQuestion {
  question: QuestionRecord;
  digest: string;
}

/** Each call's parameters and result. */
export interface ArchiveCalls {
  open: { params: { file: File; passphrase: string | null }; result: OpenedArchive };
  check: { params: Record<string, never>; result: ArchiveReport };
  browse: { params: BrowseRequest; result: QuestionPage };
  question: { params: { questionId: string }; result: StoredArchiveQuestion };
  audio: { params: { questionId: string }; result: { bytes: Uint8Array; mimeType: string } };
}

export type ArchiveCall = keyof ArchiveCalls;

/** A request from the page. */
export type ArchiveRequest = {
  [K in ArchiveCall]: { id: number; call: K; params: ArchiveCalls[K]["params"] };
}[ArchiveCall];

/** Why a call failed: the code of core's QvaultError, or UNEXPECTED for anything else. */
export interface ArchiveFailure {
  code: ErrorCode | "UNEXPECTED";
  message: string;
}

/** A message from the worker. */
export type WorkerMessage =
  | { type: "ready"; failure: ArchiveFailure | null }
  | { type: "progress"; id: number; progress: Progress }
  | {
      [K in ArchiveCall]: { type: "done"; id: number; call: K; result: ArchiveCalls[K]["result"] };
    }[ArchiveCall]
  | { type: "failed"; id: number; failure: ArchiveFailure };
