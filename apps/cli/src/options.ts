/** Parsers for option values; a bad value is commander's InvalidArgumentError (exit code 2). */
import { InvalidArgumentError } from "commander";

/** For repeatable options: `--section a --section b` gives ["a", "b"]. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** A whole number from `min` up. */
export function wholeNumber(min = 0): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min)
      throw new InvalidArgumentError(`expected a whole number${min > 0 ? ` of at least ${min}` : ""}`);
    return number;
  };
}

/** A date or date-time (ISO 8601, e.g. 2026-03-01 or 2026-03-01T12:00:00Z). */
export function dateTime(value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime()))
    throw new InvalidArgumentError("expected a date like 2026-03-01 or 2026-03-01T12:00:00Z");
  return date;
}

/** One of `choices`, case-insensitive; given back upper-case. */
export function oneOf<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value) => {
    const upper = value.toUpperCase() as T;
    if (!choices.includes(upper))
      throw new InvalidArgumentError(`expected one of ${choices.map((c) => c.toLowerCase()).join(", ")}`);
    return upper;
  };
}
