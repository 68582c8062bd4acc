/**
 * How numbers, sizes, times and durations read in the admin. Sizes use decimal units (1 kB =
 * 1000 bytes), as file managers and disks do, through pretty-bytes, the same library the server
 * and the command line word sizes with, so "84.3 GB" reads the same everywhere. Times are the
 * browser's local time; relative times ("3 minutes ago") come from dayjs's relativeTime.
 */
import dayjs from "dayjs";
import relativeTime from "dayjs/plugin/relativeTime";
import prettyBytes from "pretty-bytes";

dayjs.extend(relativeTime);

const count = new Intl.NumberFormat();
const oneDecimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** 12345 → "12,345" (in the browser's locale). */
export function formatCount(value: number): string {
  return count.format(value);
}

/** 1609954 → "1.6 MB"; 0 → "0 B" (SI units, one decimal at most). */
export function formatBytes(bytes: number): string {
  return prettyBytes(bytes, { maximumFractionDigits: 1 });
}

/** 850 → "850 ms", 3200 → "3.2 s", 125000 → "2 min 5 s", 3780000 → "1 h 3 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${oneDecimal.format(ms / 1000)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** An ISO time as "24 Nov 2026, 02:50:59" in local time. */
export function formatDateTime(iso: string): string {
  return dateTime.format(new Date(iso));
}

/**
 * An ISO time relative to `now`: "just now", "5 minutes ago", "a day ago", "in 8 hours". Times
 * within 45 seconds either way (a clock re-read only now and then, or a server clock slightly
 * ahead) read "just now".
 */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const at = dayjs(iso);
  if (Math.abs(at.diff(now)) < 45_000) return "just now";
  return at.from(now);
}

/** 4.236 → "4.2×": how many times larger one size is than another. */
export function formatRatio(ratio: number): string {
  return `${oneDecimal.format(ratio)}×`;
}

/** Items per second: "16,423/s", "75/s", "0.4/s". */
export function formatRate(perSecond: number): string {
  return `${perSecond >= 10 ? count.format(Math.round(perSecond)) : oneDecimal.format(perSecond)}/s`;
}

/** "12 of 5,000" or "12" when the total is unknown. */
export function formatProgressCount(done: number, total: number | null): string {
  return total == null ? formatCount(done) : `${formatCount(done)} of ${formatCount(total)}`;
}
