/**
 * The archive viewer's state: a worker started with the page (so brotli-wasm is loaded before a
 * file is chosen), and the file being opened, waiting for its passphrase, refused, or open. An
 * open archive is then checked record by record in the background while it can already be
 * browsed; the check starts once the first page of questions is read, so that it does not hold
 * that page up (the worker does one thing at a time between reads). Choosing another file
 * replaces everything; answers about a replaced file are dropped.
 */
import type { ArchiveReport, BrowseRequest, Progress } from "@qvault/core/web";
import { useCallback, useEffect, useRef, useState } from "react";
import { ArchiveCallError, type ArchiveClient, createArchiveClient } from "./archive-client";
import type { ArchiveFailure, OpenedArchive, QuestionPage, StoredArchiveQuestion } from "./archive-protocol";

export type CheckState =
  | { status: "running"; progress: Progress | null }
  | { status: "done"; report: ArchiveReport }
  | { status: "failed"; failure: ArchiveFailure };

export type ArchiveState =
  | { status: "empty" }
  | { status: "opening"; file: File; progress: Progress | null }
  /** Encrypted: waiting for a passphrase; `wrong` when the last one did not open it. */
  | { status: "locked"; file: File; wrong: boolean }
  | { status: "failed"; file: File; failure: ArchiveFailure }
  | {
      status: "open";
      file: File;
      /** The passphrase it was opened with, for an import of the same file. */
      passphrase: string | null;
      archive: OpenedArchive;
      check: CheckState;
      /** Differs for every file opened, so views of the previous one start afresh. */
      key: number;
    };

/** Whether the worker can read archives yet. */
export type ReaderState =
  | { status: "starting" }
  | { status: "ready" }
  | { status: "failed"; failure: ArchiveFailure };

export function failureOf(error: unknown): ArchiveFailure {
  if (error instanceof ArchiveCallError) return { code: error.code, message: error.message };
  return { code: "UNEXPECTED", message: error instanceof Error ? error.message : String(error) };
}

export interface ArchiveFile {
  reader: ReaderState;
  state: ArchiveState;
  /** Opens `file` (again, with `passphrase`, when it is encrypted). */
  open(file: File, passphrase?: string | null): void;
  /** Forgets the file. */
  close(): void;
  /** A page of the open archive's questions. @throws ArchiveCallError */
  browse(request: BrowseRequest): Promise<QuestionPage>;
  /** One question of the open archive as stored. @throws ArchiveCallError */
  readQuestion(questionId: string): Promise<ReadArchiveQuestion>;
}

/** A question of the open archive, and how to read its audio (made whole by the worker). */
export interface ReadArchiveQuestion extends StoredArchiveQuestion {
  loadAudio(): Promise<Blob>;
}

const NOT_STARTED = new ArchiveCallError({
  code: "UNEXPECTED",
  message: "The archive reader has not started",
});

export function useArchiveFile(): ArchiveFile {
  const [client, setClient] = useState<ArchiveClient | null>(null);
  const [reader, setReader] = useState<ReaderState>({ status: "starting" });
  const [state, setState] = useState<ArchiveState>({ status: "empty" });
  const generation = useRef(0);
  /** The generation whose check has started. */
  const checking = useRef(0);

  useEffect(() => {
    const started = createArchiveClient();
    let active = true;
    setClient(started);
    started.ready.then(
      () => active && setReader({ status: "ready" }),
      (error: unknown) => active && setReader({ status: "failed", failure: failureOf(error) }),
    );
    return () => {
      // Its end is no failure of the worker that may replace it (StrictMode mounts twice).
      active = false;
      started.terminate();
    };
  }, []);

  const open = useCallback(
    (file: File, passphrase: string | null = null) => {
      if (!client) return;
      const ticket = ++generation.current;
      const current = () => ticket === generation.current;
      setState({ status: "opening", file, progress: null });
      client
        .call("open", { file, passphrase }, (progress) => {
          if (current()) setState({ status: "opening", file, progress });
        })
        .then(
          (archive) => {
            if (!current()) return;
            setState({
              status: "open",
              file,
              passphrase,
              archive,
              check: { status: "running", progress: null },
              key: ticket,
            });
          },
          (error: unknown) => {
            if (!current()) return;
            const failure = failureOf(error);
            if (failure.code === "WRONG_PASSPHRASE")
              setState({ status: "locked", file, wrong: passphrase !== null });
            else setState({ status: "failed", file, failure });
          },
        );
    },
    [client],
  );

  const close = useCallback(() => {
    generation.current++;
    setState({ status: "empty" });
  }, []);

  const startCheck = useCallback(
    (ticket: number) => {
      if (!client || checking.current === ticket || ticket !== generation.current) return;
      checking.current = ticket;
      const setCheck = (check: CheckState) => {
        if (ticket === generation.current)
          setState((state) => (state.status === "open" ? { ...state, check } : state));
      };
      client
        .call("check", {}, (progress) => setCheck({ status: "running", progress }))
        .then(
          (report) => setCheck({ status: "done", report }),
          (error: unknown) => setCheck({ status: "failed", failure: failureOf(error) }),
        );
    },
    [client],
  );

  const browse = useCallback(
    async (request: BrowseRequest) => {
      if (!client) throw NOT_STARTED;
      const ticket = generation.current;
      try {
        return await client.call("browse", request);
      } finally {
        startCheck(ticket);
      }
    },
    [client, startCheck],
  );

  const readQuestion = useCallback(
    async (questionId: string): Promise<ReadArchiveQuestion> => {
      if (!client) throw NOT_STARTED;
      const stored = await client.call("question", { questionId });
      const loadAudio = async () => {
        const { bytes, mimeType } = await client.call("audio", { questionId });
        return new Blob([bytes as BlobPart], { type: mimeType });
      };
      return { ...stored, loadAudio };
    },
    [client],
  );

  return { reader, state, open, close, browse, readQuestion };
}
