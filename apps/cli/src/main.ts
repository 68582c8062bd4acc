#!/usr/bin/env node
/** The `qvault` command: `qvault <command> [options]`; `qvault --help` lists the commands and exit codes. */
import { CommanderError } from "commander";
import { EXIT_CODES } from "./output/exit-codes.js";
import { createProgram } from "./program.js";

/** Commander's ways of ending that are not a usage error. */
const FINE = new Set(["commander.helpDisplayed", "commander.version"]);

// Run as `pnpm qvault …`, paths are meant from where the command was typed, not the checkout's root.
if (process.env.npm_lifecycle_event === "qvault" && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);

let code: number = EXIT_CODES.USAGE.code;
const program = createProgram(
  (exitCode) => {
    code = exitCode;
  },
  { json: process.argv.includes("--json") },
);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  code = FINE.has(error.code) ? EXIT_CODES.OK.code : EXIT_CODES.USAGE.code;
}
process.exit(code);
