/** `qvault copy`: keeps a second repository in step with the first, like `restic copy`. */
import { resolve } from "node:path";
import { isS3Location } from "@qvault/core";
import { copyRepository, describeCopy } from "@qvault/vault/copy";
import { defineCommand } from "../command.js";
import { CliError } from "../output/exit-codes.js";
import { readSecretFile } from "../target/secrets.js";
import { findSnapshot } from "../target/snapshot-ref.js";

interface CopyOptions {
  to?: string;
  toPassphraseFile?: string;
}

export const copy = defineCommand<CopyOptions>({
  name: "copy",
  args: "[snapshots...]",
  summary: "copy the snapshots a second repository lacks into it (off-site copies)",
  description:
    "Copies into the repository at --to (a folder, or s3://bucket/prefix; QVAULT_COPY_TO) every snapshot of " +
    "--repo that it lacks, or only the snapshots named; only the records it lacks are read and stored, each " +
    "checked by its digest on arrival, and each snapshot's manifest is written once all it names is stored. " +
    "Snapshots keep their ids, so a snapshot is found by one id in both. The copy is created when it does not " +
    "exist, encrypted with the copy's passphrase (--to-passphrase-file or QVAULT_COPY_PASSPHRASE), or else " +
    "with the source's; an existing copy is opened with that passphrase. What the source forgets stays in the " +
    "copy until the copy's own forget and prune.",
  options(command) {
    command.option("--to <location>", "the copy: a folder, or s3://bucket/prefix (default: QVAULT_COPY_TO)");
    command.option("--to-passphrase-file <file>", "a file holding the copy's passphrase");
  },
  examples: [
    "qvault copy --repo /backups/qvault --to s3://offsite-bucket/qvault",
    "qvault copy --repo s3://main/qvault --to /mnt/usb/qvault --to-passphrase-file ~/.qvault-copy",
    "qvault copy --to s3://offsite-bucket/qvault latest --json",
  ],
  async local({ local, output, signal }, args, options) {
    const to = options.to ?? local.config.copyTo;
    if (!to)
      throw new CliError(
        "USAGE",
        "Name the copy with --to (a folder or s3://bucket/prefix) or QVAULT_COPY_TO",
      );
    const location = isS3Location(to) ? to : resolve(to);
    if (location === local.config.repository)
      throw new CliError(
        "USAGE",
        "--to names the repository being copied; a copy must be another repository",
      );
    const source = await local.repository();
    const passphrase =
      (options.toPassphraseFile
        ? readSecretFile("--to-passphrase-file", options.toPassphraseFile).replace(/\r?\n$/, "")
        : local.config.copyPassphrase) ??
      local.repositoryOptions().passphrase ??
      null;
    if (passphrase !== null && passphrase.length < 8)
      throw new CliError("USAGE", "The copy's passphrase must be at least 8 characters");
    // Each argument as every command reads a snapshot: an id, a prefix of one, or `latest`.
    const refs = args.flat(); // the variadic argument comes as one list
    const snapshotIds = refs.length
      ? await Promise.all(
          refs.map(async (ref) => (await findSnapshot(source, { ref, includeSafety: true })).id),
        )
      : undefined;
    const run = await copyRepository(
      source,
      { location, s3: local.config.copyS3, passphrase },
      { snapshotIds, progress: output.progress, signal },
    );
    output.summary({ command: "copy", ...run }, describeCopy(run));
    return undefined;
  },
});
