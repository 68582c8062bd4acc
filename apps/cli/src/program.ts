/**
 * The `qvault` program: the global flags, one commander command per entry of the command table,
 * and the run of a command: choosing its target (files or server), Ctrl-C, and turning whatever
 * it throws into a reported error and an exit code.
 */
import { createRequire } from "node:module";
import { isQvaultError, toQvaultError } from "@qvault/core";
import { Command, Option } from "commander";
import type { CommandSpec, RunContext } from "./command.js";
import { COMMANDS } from "./command-table.js";
import { wholeNumber } from "./options.js";
import { CliError, EXIT_CODES, exitCodeHelp, exitOf } from "./output/exit-codes.js";
import { createOutput, type Output } from "./output/output.js";
import type { GlobalOptions } from "./target/globals.js";
import { createLocalTarget } from "./target/local.js";
import { apiKeyFromFlags, canPrompt, promptSecret } from "./target/secrets.js";
import { createServerClient } from "./target/server.js";

/** This command line's version, from its package. */
export const VERSION: string = createRequire(import.meta.url)("../package.json").version;

const ENVIRONMENT = `Environment (flags win):
  QVAULT_DATA_DIR      data folder (default ./data), as for the server
  QVAULT_DATABASE      bank database, relative to the data folder (default qvault.sqlite)
  QVAULT_DATABASE_URL  postgres://user:password@host:5432/database: the bank in PostgreSQL instead
  QVAULT_REPOSITORY    repository, relative to the data folder (default repository)
  QVAULT_PASSPHRASE    passphrase of an encrypted repository, after --passphrase-command,
                       --passphrase-file and --passphrase; without any, a terminal is asked
  QVAULT_ARCHIVE_PASSPHRASE  passphrase of an archive (export encrypts with it, import opens with it)
  QVAULT_COMPRESSION_QUALITY  brotli quality 0-11 for new data (default 4)
  QVAULT_SERVER        URL of a running qvault server (then commands go through its API)
  QVAULT_API_KEY       API key for the server (--key-file wins; without any, a terminal is asked)
  TZ                   time zone of times printed and read (--utc: UTC)`;

/** The message of a failure, with its cause when that says more. */
function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? (error.cause as Error | undefined) : undefined;
  return cause?.message && !message.includes(cause.message) ? `${message}: ${cause.message}` : message;
}

/** The server's API key from the flags, or asked for on a terminal; undefined when there is none. */
async function apiKeyOf(globals: GlobalOptions): Promise<string | undefined> {
  const key = apiKeyFromFlags(globals);
  if (key !== undefined || !canPrompt()) return key;
  return (await promptSecret(`API key for ${globals.server}: `)) || undefined;
}

/** Runs `spec` and returns the exit code; never throws. */
async function execute(
  program: Command,
  spec: CommandSpec<unknown>,
  args: string[],
  options: unknown,
  globals: GlobalOptions,
) {
  // Every time printed, read (--as-of, --from) and bucketed (forget) is then in UTC.
  if (globals.utc) process.env.TZ = "UTC";
  const output: Output = createOutput(globals);
  const controller = new AbortController();
  const interrupt = () => {
    if (controller.signal.aborted) process.exit(EXIT_CODES.INTERRUPTED.code);
    output.warn("interrupted: stopping (press Ctrl-C again to quit at once)");
    controller.abort();
  };
  process.on("SIGINT", interrupt);
  const context: RunContext = { globals, program, output, signal: controller.signal };
  try {
    let result: Awaited<ReturnType<NonNullable<typeof spec.local>>>;
    if (spec.run) result = await spec.run(context, args, options);
    else if (globals.server) {
      if (!spec.server)
        throw new CliError(
          "USAGE",
          `\`qvault ${spec.name}\` works on a repository directly; it has no --server form`,
        );
      const server = createServerClient({ url: globals.server, key: await apiKeyOf(globals) });
      result = await spec.server({ ...context, server }, args, options);
    } else {
      if (!spec.local) throw new CliError("USAGE", `\`qvault ${spec.name}\` needs --server`);
      const local = createLocalTarget(globals, output);
      try {
        result = await spec.local({ ...context, local }, args, options);
      } finally {
        await local.close();
      }
    }
    output.endProgress();
    return EXIT_CODES[result ?? "OK"].code;
  } catch (thrown) {
    // A file system failure becomes STORAGE_ERROR, saying what to do, as it does in the server.
    const normal = thrown instanceof CliError ? null : toQvaultError(thrown);
    const error = normal?.code === "STORAGE_ERROR" ? normal : thrown;
    const exit = exitOf(error);
    const details = isQvaultError(error) ? error.details : undefined;
    output.error({
      code: isQvaultError(error) ? error.code : exit,
      exitCode: EXIT_CODES[exit].code,
      message: messageOf(error),
      ...(details && Object.keys(details).length ? { details } : {}),
    });
    return EXIT_CODES[exit].code;
  } finally {
    process.off("SIGINT", interrupt);
  }
}

function register(program: Command, spec: CommandSpec<unknown>, done: (code: number) => void): void {
  const command = program
    .command(spec.args ? `${spec.name} ${spec.args}` : spec.name)
    .summary(spec.summary)
    .description(spec.description ? `${spec.summary}.\n\n${spec.description}` : `${spec.summary}.`);
  spec.options?.(command);
  const targets = [spec.local && "a repository and database directly", spec.server && "a server (--server)"]
    .filter(Boolean)
    .join(", or ");
  command.addHelpText(
    "after",
    `${spec.run ? "" : `\nRuns against ${targets}.\n`}\nExamples:\n${spec.examples.map((line) => `  $ ${line}`).join("\n")}\n\nExit codes: see \`qvault --help\`.`,
  );
  command.action(async (...received: unknown[]) => {
    const self = received.at(-1) as Command;
    const args = self.processedArgs as string[];
    done(await execute(program, spec, args, self.opts(), program.opts() as GlobalOptions));
  });
}

/**
 * The program; `done` receives the exit code of the command that ran. With `json`, commander's own
 * usage errors are printed as `error` JSON lines too.
 */
export function createProgram(done: (code: number) => void, options: { json: boolean }): Command {
  const program = new Command("qvault")
    .description(
      "Back up and restore a question bank: snapshots of its sections, questions and answers in a repository, " +
        "browsed, compared, restored (previewed, validated, all-or-nothing, undoable), checked, cleaned up, " +
        "and carried between repositories as archive files. " +
        "Works on a repository and the bank's database directly, or through a running qvault server.",
    )
    .version(VERSION, "-V, --version", "print qvault's version")
    .option("--repo <dir>", "the repository's folder (default: <data dir>/repository)")
    .option(
      "--db <file or url>",
      "the bank's database: a SQLite file (default: <data dir>/qvault.sqlite) or a postgres:// URL",
    )
    .option("--data-dir <dir>", "the data folder, as the server's QVAULT_DATA_DIR (default: ./data)")
    .option(
      "--passphrase-command <cmd>",
      "run this (by the shell) and use the first line it prints as the passphrase, e.g. 'pass show qvault'",
    )
    .option("--passphrase-file <file>", "read the passphrase from this file")
    .option(
      "--passphrase <text>",
      "passphrase of an encrypted repository (seen by other users in ps: prefer the two above, or QVAULT_PASSPHRASE)",
    )
    .addOption(
      new Option("--server <url>", "work through a running qvault server's API").env("QVAULT_SERVER"),
    )
    .option("--key-file <file>", "read the server's API key from this file")
    .addOption(
      new Option("--key <key>", "the server's API key (prefer --key-file or QVAULT_API_KEY)").env(
        "QVAULT_API_KEY",
      ),
    )
    .option("--retry-lock <seconds>", "wait this long for another writer's lock", wholeNumber(0), 0)
    .option("--json", "print one JSON object per line (status, results, a final summary)")
    .option("--utc", "print and read times in UTC, not the local time zone")
    .option("-q, --quiet", "no progress and no extra lines")
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      outputError: (text, write) =>
        write(
          options.json
            ? `${JSON.stringify({ message_type: "error", code: "USAGE", exitCode: EXIT_CODES.USAGE.code, message: text.replace(/^error: /, "").trim() })}\n`
            : text,
        ),
    });
  for (const spec of COMMANDS) register(program, spec, done);
  program.addHelpText(
    "after",
    `\n${ENVIRONMENT}\n\nExit codes:\n${exitCodeHelp()}\n\nRun \`qvault <command> --help\` for a command's options and examples.`,
  );
  return program;
}
