/** `qvault init`: creates a repository, encrypted when a passphrase is given. */
import { Repository } from "@qvault/core";
import { defineCommand } from "../command.js";

export const init = defineCommand({
  name: "init",
  summary: "create a repository (encrypted with --passphrase or QVAULT_PASSPHRASE)",
  description:
    "Creates an empty repository at --repo (or the data folder's). With a passphrase (at least 8 characters) " +
    "it is encrypted: a random master key, wrapped by a key derived from the passphrase with scrypt; the same " +
    "passphrase is then needed to open it. A server started on the same folder uses the repository as it is.",
  examples: [
    "qvault init --repo /backups/qvault",
    "QVAULT_PASSPHRASE='correct horse battery' qvault init --repo /backups/qvault",
    "qvault init --data-dir ./data --passphrase-file ~/.qvault-passphrase",
  ],
  async local({ local, output }) {
    const repository = await Repository.init(local.repositoryOptions());
    const location = local.config.repositoryDir;
    output.summary(
      { command: "init", repository: location, repositoryId: repository.id, encrypted: repository.encrypted },
      `created ${repository.encrypted ? "an encrypted" : "a"} repository ${repository.id} at ${location}`,
    );
    return undefined;
  },
});
