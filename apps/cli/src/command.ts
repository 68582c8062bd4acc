/**
 * A command of the `qvault` line, as a plain description: its name, arguments, options, help
 * examples, and how it runs against a repository and database directly (`local`) and against a
 * running server (`server`), or with neither (`run`). `command-table.ts` lists them; `program.ts` turns the table into
 * commander commands. Adding a command is one file that exports a spec, and its line in the table.
 */
import type { Command } from "commander";
import type { ExitName } from "./output/exit-codes.js";
import type { Output } from "./output/output.js";
import type { GlobalOptions } from "./target/globals.js";
import type { LocalTarget } from "./target/local.js";
import type { ServerClient } from "./target/server.js";

export interface RunContext {
  globals: GlobalOptions;
  /** The whole program, for commands about the command line itself (completion). */
  program: Command;
  output: Output;
  /** Aborted by Ctrl-C: work stops before it commits and the command ends with INTERRUPTED. */
  signal: AbortSignal;
}

/** What a run ends with: nothing for OK, or the name of another exit code (e.g. INTEGRITY). */
export type RunResult = ExitName | undefined;

export interface CommandSpec<Options = Record<string, never>> {
  name: string;
  /** Positional arguments in commander's syntax, e.g. "<snapshot> [other]". */
  args?: string;
  /** One line, shown in the list of commands. */
  summary: string;
  /** More, shown in the command's own help. */
  description?: string;
  /** Adds the command's own options. */
  options?(command: Command): void;
  /** Lines of the help's Examples section, each a command line. */
  examples: string[];
  /** Runs with neither a repository nor a server (e.g. `completion`); then `local` and `server` are absent. */
  run?(context: RunContext, args: string[], options: Options): Promise<RunResult>;
  /** Runs against a repository and database directly. */
  local?(context: RunContext & { local: LocalTarget }, args: string[], options: Options): Promise<RunResult>;
  /** Runs against a server (--server); absent when the command needs the files themselves. */
  server?(
    context: RunContext & { server: ServerClient },
    args: string[],
    options: Options,
  ): Promise<RunResult>;
}

/** Declares a command; only gives `Options` its type. */
export function defineCommand<Options>(spec: CommandSpec<Options>): CommandSpec<Options> {
  return spec;
}
