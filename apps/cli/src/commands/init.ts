/** `qvault init`: creates a repository, encrypted when a passphrase is given. */
import { Repository } from "@qvault/core";
import { defineCommand } from "../command.js";
import { localConfig } from "../target/locations.js";
import { canPrompt, promptNewPassphrase } from "../target/secrets.js";

export const init = defineCommand({
  name: "init",
  summary: "create a repository (encrypted with a passphrase)",
  description:
    "Creates an empty repository at --repo (or the data folder's). With a passphrase (at least 8 characters) " +
    "it is encrypted: a random master key, wrapped by a key derived from the passphrase with scrypt; the same " +
    "passphrase is then needed to open it. The passphrase comes from --passphrase-command, --passphrase-file, " +
    "--passphrase or QVAULT_PASSPHRASE; with none of them, on a terminal, it is asked for twice (empty: not " +
    "encrypted). A server started on the same folder uses the repository as it is.",
  examples: [
    "qvault init --repo /backups/qvault",
    "QVAULT_PASSPHRASE='correct horse battery' qvault init --repo /backups/qvault",
    "qvault init --data-dir ./data --passphrase-file ~/.qvault-passphrase",
    "qvault init --repo /backups/qvault --passphrase-command 'pass show qvault'",
  ],
  async local({ local, output, globals }) {
    const options = local.repositoryOptions();
    if (options.passphrase === null && canPrompt()) {
      const passphrase = await promptNewPassphrase(local.config.repository);
      // Checked as QVAULT_PASSPHRASE is: at least 8 characters.
      if (passphrase !== null)
        options.passphrase = localConfig(globals, process.env, { value: passphrase, flag: "the passphrase" })
          .passphrase!;
    }
    const repository = await Repository.init(options);
    const location = local.config.repository;
    output.summary(
      { command: "init", repository: location, repositoryId: repository.id, encrypted: repository.encrypted },
      `created ${repository.encrypted ? "an encrypted" : "a"} repository ${repository.id} at ${location}`,
    );
    return undefined;
  },
});
