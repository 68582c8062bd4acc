/**
 * Secrets: the repository's passphrase and the server's API key. None ever needs to be in argv,
 * where other users of the machine can read it (`ps`).
 *
 * The passphrase, the first of:
 * 1. `--passphrase-command <cmd>`: run by the shell; the first line of its output (like restic's
 *    --password-command, e.g. `pass show qvault`);
 * 2. `--passphrase-file <file>`: the file's content, less one final line break;
 * 3. `--passphrase <text>` (visible in argv: for tests and throwaway repositories);
 * 4. QVAULT_PASSPHRASE;
 * 5. a prompt without echo, when stdin is a terminal and the repository is encrypted (or `init`
 *    creates one).
 * At most one of the three flags may be given.
 *
 * The API key: `--key-file <file>` (its first line), then `--key <key>` or QVAULT_API_KEY, then a
 * prompt without echo on a terminal.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { read } from "read";
import { CliError } from "../output/exit-codes.js";
import type { GlobalOptions } from "./globals.js";

/** True when there is someone to ask: stdin is a terminal. */
export function canPrompt(): boolean {
  return Boolean(process.stdin.isTTY);
}

/**
 * Asks for a secret on the terminal without echoing it (prompt on stderr, so stdout stays the
 * command's). @throws CliError INTERRUPTED on Ctrl-C.
 */
export async function promptSecret(prompt: string): Promise<string> {
  try {
    return await read({ prompt, silent: true, replace: "", input: process.stdin, output: process.stderr });
  } catch (cause) {
    throw new CliError("INTERRUPTED", "Interrupted: nothing was done", { cause });
  } finally {
    // The Enter typed was not echoed: end the prompt's line.
    process.stderr.write("\n");
  }
}

/**
 * Asks twice for the passphrase of a new repository; empty means not encrypted.
 * @throws CliError USAGE when the two differ.
 */
export async function promptNewPassphrase(where: string): Promise<string | null> {
  const first = await promptSecret(
    `Passphrase for the new repository at ${where} (at least 8 characters; empty: not encrypted): `,
  );
  if (!first) return null;
  if ((await promptSecret("The same passphrase again: ")) !== first)
    throw new CliError("USAGE", "The two passphrases differ; nothing was created");
  return first;
}

export function readSecretFile(flag: string, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (cause) {
    throw new CliError("USAGE", `Cannot read ${flag} ${file}`, { cause });
  }
}

/** Runs `command` by the shell and returns the first line of what it printed. */
function runSecretCommand(command: string): string {
  // stdin and stderr stay the terminal's, so a password manager may ask for its own unlock.
  const result = spawnSync(command, { shell: true, encoding: "utf8", stdio: ["inherit", "pipe", "inherit"] });
  if (result.error)
    throw new CliError("USAGE", `--passphrase-command could not run: ${result.error.message}`, {
      cause: result.error,
    });
  if (result.status !== 0)
    throw new CliError(
      "USAGE",
      `--passphrase-command ended with ${result.status === null ? `signal ${result.signal}` : `exit code ${result.status}`}`,
    );
  const line = result.stdout.split(/\r?\n/)[0] ?? "";
  if (!line) throw new CliError("USAGE", "--passphrase-command printed no passphrase");
  return line;
}

/**
 * The passphrase the flags give, or undefined when none does (then QVAULT_PASSPHRASE, then a
 * prompt). @throws CliError USAGE when more than one flag is given, or the file or command fails.
 */
export function passphraseFromFlags(globals: GlobalOptions): { value: string; flag: string } | undefined {
  const given = [
    globals.passphraseCommand !== undefined && "--passphrase-command",
    globals.passphraseFile !== undefined && "--passphrase-file",
    globals.passphrase !== undefined && "--passphrase",
  ].filter(Boolean);
  if (given.length > 1) throw new CliError("USAGE", `Give one of ${given.join(", ")}, not several`);
  if (globals.passphraseCommand !== undefined)
    return { value: runSecretCommand(globals.passphraseCommand), flag: "--passphrase-command" };
  if (globals.passphraseFile !== undefined)
    return {
      value: readSecretFile("--passphrase-file", globals.passphraseFile).replace(/\r?\n$/, ""),
      flag: "--passphrase-file",
    };
  return globals.passphrase === undefined ? undefined : { value: globals.passphrase, flag: "--passphrase" };
}

/** The API key from --key-file, --key or QVAULT_API_KEY, or undefined when none is given. */
export function apiKeyFromFlags(globals: GlobalOptions): string | undefined {
  if (globals.keyFile !== undefined) {
    const key = readSecretFile("--key-file", globals.keyFile).split(/\r?\n/)[0]?.trim();
    if (!key) throw new CliError("USAGE", `--key-file ${globals.keyFile} holds no key`);
    return key;
  }
  return globals.key;
}
