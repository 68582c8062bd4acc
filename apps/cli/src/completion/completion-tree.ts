/**
 * What shell completion knows about `qvault`, read from commander's own command, option and
 * argument objects (so a new command or flag is completed with no list to keep): each command's
 * name, summary, options and arguments, and what a value is completed with.
 *
 * A value is completed by its placeholder's name: `<file>` with file names, `<dir>` with
 * folders, an option with choices (commander's `.choices()`) with those, a `snapshot` argument
 * with `latest`, help's `command` argument with the commands; anything else with nothing.
 */
import type { Argument, Command, Option } from "commander";
import { collect } from "../options.js";

/** What a value is completed with. */
export type ValueKind =
  | { kind: "file" }
  | { kind: "dir" }
  | { kind: "words"; words: string[] }
  | { kind: "none" };

export interface CompletionOption {
  /** "--repo" */
  long: string | null;
  /** "-q" */
  short: string | null;
  description: string;
  /** null for a flag that takes no value. */
  value: ValueKind | null;
  /** Given more than once (`--section a --section b`). */
  repeatable: boolean;
}

export interface CompletionArgument {
  name: string;
  value: ValueKind;
  variadic: boolean;
}

export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  arguments: CompletionArgument[];
}

export interface CompletionTree {
  /** The program's name: what the user types. */
  name: string;
  /** The program's own options, valid before and after a command. */
  options: CompletionOption[];
  commands: CompletionCommand[];
}

/** The first line of a description, in one line, without a final period. */
function oneLine(text: string): string {
  return (text.split("\n")[0] ?? "").replace(/\s+/g, " ").trim().replace(/\.$/, "");
}

function valueKind(placeholder: string | undefined, choices: readonly string[] | undefined): ValueKind {
  if (choices?.length) return { kind: "words", words: [...choices] };
  if (placeholder === "file") return { kind: "file" };
  if (placeholder === "dir") return { kind: "dir" };
  return { kind: "none" };
}

function optionOf(option: Option): CompletionOption {
  const takesValue = option.required || option.optional;
  const placeholder = /[<[]([\w-]+)(?:\.\.\.)?[>\]]/.exec(option.flags)?.[1];
  return {
    long: option.long ?? null,
    short: option.short ?? null,
    description: oneLine(option.description),
    value: takesValue ? valueKind(placeholder, option.argChoices) : null,
    repeatable: option.variadic || option.parseArg === (collect as unknown as Option["parseArg"]),
  };
}

function argumentOf(argument: Argument, commandNames: string[]): CompletionArgument {
  const name = argument.name();
  let value = valueKind(name, argument.argChoices);
  if (value.kind === "none" && /^snapshot/i.test(name)) value = { kind: "words", words: ["latest"] };
  if (value.kind === "none" && name === "command") value = { kind: "words", words: commandNames };
  return { name, value, variadic: argument.variadic };
}

/** The completion tree of `program` and its visible commands. */
export function completionTree(program: Command): CompletionTree {
  const help = program.createHelp();
  const commands = help.visibleCommands(program);
  const names = commands.map((c) => c.name());
  return {
    name: program.name(),
    options: help.visibleOptions(program).map(optionOf),
    commands: commands.map((command) => ({
      name: command.name(),
      description: oneLine(command.summary() || command.description()),
      options: help.visibleOptions(command).map(optionOf),
      arguments: command.registeredArguments.map((a) => argumentOf(a, names)),
    })),
  };
}

/** Every spelling of the options (e.g. "-q", "--quiet"). */
export function optionNames(options: readonly CompletionOption[]): string[] {
  return [...new Set(options.flatMap((o) => [o.short, o.long].filter((n): n is string => n !== null)))];
}
