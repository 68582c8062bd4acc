/**
 * Times for people: printed in the local time zone (the process's, TZ; `--utc` sets TZ=UTC), and
 * read from the command line as ISO 8601 or `YYYY-MM-DD HH:MM`, local unless a zone is given.
 * JSON output keeps ISO 8601 in UTC, which scripts compare without knowing the zone.
 */

const two = (n: number) => String(n).padStart(2, "0");

/** "2026-03-01 14:05:09" in the local time zone. */
export function formatTime(iso: string | Date): string {
  const d = typeof iso === "string" ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** The local time zone's name, e.g. "Europe/Berlin" or "UTC", for table headers. */
export function timeZoneName(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? "local";
}

const TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** The forms {@link parseTime} reads, for messages. */
export const TIME_FORMS = '2026-03-01, "2026-03-01 14:30" (local time) or 2026-03-01T14:30:00Z';

/**
 * The time `text` names: a date (its start, 00:00), or a date and a time, in the local time zone
 * unless it ends with a zone (`Z`, `+02:00`). Returns null when it is not such a time or names a
 * day that does not exist.
 */
export function parseTime(text: string): Date | null {
  const match = TIME.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour = "00", minute = "00", second = "00", ms = "0", zone] = match;
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const [y, mo, d, h, mi, s] = fields;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const millis = Number(ms.padEnd(3, "0"));
  // The calendar day must exist (no 2026-02-30): checked in UTC, where no day is skipped.
  const day0 = new Date(Date.UTC(y, mo - 1, d));
  if (day0.getUTCMonth() !== mo - 1) return null;
  if (zone) {
    const offset = zone.toUpperCase() === "Z" ? 0 : offsetMinutes(zone);
    return new Date(Date.UTC(y, mo - 1, d, h, mi, s, millis) - offset * 60_000);
  }
  return new Date(y, mo - 1, d, h, mi, s, millis);
}

function offsetMinutes(zone: string): number {
  const digits = zone.replace(":", "");
  const sign = digits.startsWith("-") ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}
