/**
 * The archive's passphrase, apart from the repository's: `--archive-passphrase`,
 * `--archive-passphrase-file` or QVAULT_ARCHIVE_PASSPHRASE. It is not `--passphrase`, because
 * that flag is the repository's on every command, and an export from an encrypted repository
 * into an encrypted archive needs both.
 */
import { readFileSync } from "node:fs";
import { type Command, Option } from "commander";
import { CliError } from "../output/exit-codes.js";

export interface ArchivePassphraseOptions {
  archivePassphrase?: string;
  archivePassphraseFile?: string;
}

/** The shortest passphrase an export encrypts with, as the server's archive route. */
export const EXPORT_PASSPHRASE_MIN = 8;

/** Adds the passphrase options; `purpose` is what the passphrase does, for the help. */
export function addArchivePassphraseOptions(command: Command, purpose: string): void {
  command
    .addOption(
      new Option(
        "--archive-passphrase <text>",
        `${purpose} (prefer QVAULT_ARCHIVE_PASSPHRASE or --archive-passphrase-file)`,
      ).env("QVAULT_ARCHIVE_PASSPHRASE"),
    )
    .option("--archive-passphrase-file <file>", "read the archive's passphrase from this file");
}

/**
 * The passphrase given, or null; the file wins over the text and the variable.
 * @throws CliError USAGE when the file cannot be read, or the passphrase is shorter than `minLength`.
 */
export function archivePassphraseOf(options: ArchivePassphraseOptions, minLength = 1): string | null {
  let passphrase = options.archivePassphrase ?? "";
  if (options.archivePassphraseFile) {
    try {
      passphrase = readFileSync(options.archivePassphraseFile, "utf8").replace(/\r?\n$/, "");
    } catch (cause) {
      throw new CliError("USAGE", `Cannot read --archive-passphrase-file ${options.archivePassphraseFile}`, {
        cause,
      });
    }
  }
  if (passphrase === "") return null;
  if (passphrase.length < minLength)
    throw new CliError("USAGE", `The archive's passphrase must be at least ${minLength} characters`);
  return passphrase;
}
