/**
 * Progress of long work, rendered three ways: a bar per phase on a terminal (cli-progress, on
 * stderr), a plain line now and then when stderr is not a terminal, and `status` JSON lines on
 * stdout with --json. Updates come as core's {@link Progress}, from the engine directly or from a
 * server's job; they are throttled here, so senders may report as often as they like.
 */
import type { Progress } from "@qvault/core";
import { formatBytes } from "@qvault/vault/report-text";
import cliProgress from "cli-progress";

export type OutputMode = "tty" | "plain" | "json";

export interface ProgressView {
  update(progress: Progress): void;
  /** Ends the display: the last bar stays on screen as it ended; throttled updates are flushed. */
  stop(): void;
}

const PLAIN_INTERVAL_MS = 2_000;
const JSON_INTERVAL_MS = 250;

function percentOf(progress: Progress): number | null {
  return progress.total ? Math.min(1, progress.done / progress.total) : null;
}

function plainLine(progress: Progress): string {
  const percent = percentOf(progress);
  const count = progress.total !== null ? `${progress.done}/${progress.total}` : `${progress.done}`;
  const bytes = progress.bytes ? `, ${formatBytes(progress.bytes)}` : "";
  return `${progress.phase}: ${count}${percent !== null ? ` (${Math.round(percent * 100)}%)` : ""}${bytes}${progress.message ? ` ${progress.message}` : ""}`;
}

/**
 * Throttles `show`: the first update of a phase goes at once, others at most every `ms`, and an
 * update equal to the one shown last not at all.
 */
function throttled(ms: number, show: (progress: Progress) => void): ProgressView {
  let lastPhase: string | null = null;
  let lastAt = 0;
  let pending: Progress | null = null;
  let lastShown = "";
  const render = (progress: Progress) => {
    const key = JSON.stringify(progress);
    if (key !== lastShown) show(progress);
    lastShown = key;
  };
  return {
    update(progress) {
      const now = Date.now();
      if (progress.phase !== lastPhase || now - lastAt >= ms) {
        lastPhase = progress.phase;
        lastAt = now;
        pending = null;
        render(progress);
      } else pending = progress;
    },
    stop() {
      if (pending) render(pending);
      pending = null;
    },
  };
}

function barView(stream: NodeJS.WriteStream): ProgressView {
  let bar: cliProgress.SingleBar | null = null;
  let phase: string | null = null;
  let known = false;
  const payload = (p: Progress) => ({
    phase: p.phase.padEnd(10),
    size: p.bytes ? ` | ${formatBytes(p.bytes)}` : "",
  });
  return {
    update(progress) {
      const hasTotal = progress.total !== null && progress.total > 0;
      if (!bar || progress.phase !== phase || hasTotal !== known) {
        bar?.stop();
        phase = progress.phase;
        known = hasTotal;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: hasTotal
              ? "{phase} |{bar}| {percentage}% | {value}/{total}{size} | ETA {eta_formatted}"
              : "{phase} {value}{size}",
            hideCursor: true,
            clearOnComplete: false,
            fps: 10,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(progress.total ?? 0, progress.done, payload(progress));
        return;
      }
      if (hasTotal && progress.total !== null) bar.setTotal(progress.total);
      bar.update(progress.done, payload(progress));
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** The progress display for `mode`; `quiet` shows none (no status lines with --json either). */
export function createProgressView(
  mode: OutputMode,
  options: { quiet: boolean; writeJson: (line: object) => void },
): ProgressView {
  if (options.quiet) return { update() {}, stop() {} };
  if (mode === "json")
    return throttled(JSON_INTERVAL_MS, (p) =>
      options.writeJson({
        message_type: "status",
        phase: p.phase,
        done: p.done,
        total: p.total,
        percentDone: percentOf(p),
        bytes: p.bytes,
        ...(p.message ? { message: p.message } : {}),
      }),
    );
  if (mode === "tty") return barView(process.stderr);
  return throttled(PLAIN_INTERVAL_MS, (p) => process.stderr.write(`${plainLine(p)}\n`));
}
