/** Parsers for option values; a bad value is commander's InvalidArgumentError (exit code 2). */
import { InvalidArgumentError, Option } from "commander";
import { parseTime, TIME_FORMS } from "./output/time.js";

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

/**
 * A time as {@link parseTime} reads it, checked here and kept as text: it is read in the run, once
 * `--utc` has set the time zone. Convert it with {@link timeOf}.
 */
export function timeText(value: string): string {
  if (!parseTime(value)) throw new InvalidArgumentError(`expected a time like ${TIME_FORMS}`);
  return value;
}

/** The time a {@link timeText} option holds, in the time zone now in force. */
export function timeOf(text: string): Date;
export function timeOf(text: string | undefined): Date | undefined;
export function timeOf(text: string | undefined): Date | undefined {
  return text === undefined ? undefined : parseTime(text)!;
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

/**
 * An option whose value is one of `choices` (case-insensitive, given back upper-case). Its choices
 * are commander's, so the help lists them and shell completion offers them.
 */
export function choiceOption<T extends string>(
  flags: string,
  description: string,
  choices: readonly T[],
): Option {
  return new Option(flags, description)
    .choices(choices.map((c) => c.toLowerCase()))
    .argParser(oneOf(choices));
}
