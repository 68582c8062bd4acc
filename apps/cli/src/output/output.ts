/**
 * What a command prints, in one of three modes: `tty` (progress bars on stderr, text on stdout),
 * `plain` (stderr is not a terminal: occasional progress lines, text on stdout) and `json`
 * (--json: one JSON object per line on stdout, in the spirit of restic's --json).
 *
 * JSON lines: `{"message_type":"status",…}` while work runs, one line per result item (its
 * `message_type` names what it is: `snapshot`, `section`, `question`, `change`, `problem`, …),
 * and one `{"message_type":"summary",…}` last. A failure is one `{"message_type":"error",…}`
 * line on stderr with the error's `code` and the `exitCode`. Keys other than `message_type` are
 * camelCase, as in the GraphQL API.
 */
import type { ProgressSink } from "@qvault/core";
import { createProgressView, type OutputMode } from "./progress.js";

export type { OutputMode };

export interface Output {
  readonly mode: OutputMode;
  readonly quiet: boolean;
  /** Feeds the progress display; safe to call as often as work reports. */
  readonly progress: ProgressSink;
  /** Ends the progress display; call before printing results. */
  endProgress(): void;
  /** One result: a JSON line `{message_type: type, …data}`, or `text` (one or more lines) for people. */
  item(type: string, data: object, text: string): void;
  /** A result for people only, e.g. a table whose rows went out as items with --json. */
  print(text: string): void;
  /** A line for people (not with --json or --quiet). */
  say(text: string): void;
  /** A warning: stderr for people; a `warning` line with --json. */
  warn(text: string): void;
  /** The last result: a `summary` JSON line, or `text` for people. */
  summary(data: object, text: string): void;
  /** A failure, reported last: text on stderr, or an `error` JSON line on stderr. */
  error(data: { code: string; exitCode: number; message: string; details?: unknown }): void;
  /**
   * Gives stdout to the command's data (e.g. `qvault export <snapshot> -`): text for people goes
   * to stderr from then on. JSON lines cannot share stdout with data; callers refuse --json first.
   */
  yieldStdout(): void;
}

function writeLine(stream: NodeJS.WriteStream, text: string): void {
  stream.write(text.endsWith("\n") ? text : `${text}\n`);
}

/** The output for the given flags; the mode follows --json, then whether stderr is a terminal. */
export function createOutput(options: { json?: boolean; quiet?: boolean }): Output {
  const quiet = options.quiet ?? false;
  const mode: OutputMode = options.json ? "json" : process.stderr.isTTY ? "tty" : "plain";
  const json = (line: object) => writeLine(process.stdout, JSON.stringify(line));
  let stdoutTaken = false;
  const textStream = () => (stdoutTaken ? process.stderr : process.stdout);
  const view = createProgressView(mode, { quiet, writeJson: json });
  let progressShown = false;
  const endProgress = () => {
    if (!progressShown) return;
    progressShown = false;
    view.stop();
  };
  return {
    mode,
    quiet,
    progress(progress) {
      progressShown = true;
      view.update(progress);
    },
    endProgress,
    item(type, data, text) {
      endProgress();
      if (mode === "json") json({ message_type: type, ...data });
      else writeLine(textStream(), text);
    },
    print(text) {
      endProgress();
      if (mode !== "json") writeLine(textStream(), text);
    },
    say(text) {
      endProgress();
      if (mode !== "json" && !quiet) writeLine(textStream(), text);
    },
    warn(text) {
      endProgress();
      if (mode === "json") json({ message_type: "warning", message: text });
      else writeLine(process.stderr, `warning: ${text}`);
    },
    summary(data, text) {
      endProgress();
      if (mode === "json") json({ message_type: "summary", ...data });
      else if (text) writeLine(textStream(), text);
    },
    error(data) {
      endProgress();
      if (mode === "json") writeLine(process.stderr, JSON.stringify({ message_type: "error", ...data }));
      else writeLine(process.stderr, `qvault: ${data.message}`);
    },
    yieldStdout() {
      stdoutTaken = true;
    },
  };
}
