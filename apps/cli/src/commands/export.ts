/**
 * `qvault export <snapshot> [file]`: one snapshot as a portable archive (`.qvar`, specified in
 * packages/core/FORMAT.md, "Archive files"), written from the repository directly or downloaded
 * from a server, and encrypted under the archive's own passphrase when one is given. The archive
 * is streamed to its file, never held in memory, and the file only takes its name once complete.
 */
import { notFound, writeArchive } from "@qvault/core";
import { formatBytes, plural } from "@qvault/vault/report-text";
import { checkEnvelope } from "../archive/archive-envelope.js";
import { archiveDestination } from "../archive/archive-file.js";
import { downloadArchive } from "../archive/archive-http.js";
import {
  type ArchivePassphraseOptions,
  addArchivePassphraseOptions,
  archivePassphraseOf,
  EXPORT_PASSPHRASE_MIN,
} from "../archive/archive-passphrase.js";
import { defineCommand } from "../command.js";
import { CliError } from "../output/exit-codes.js";
import type { Output } from "../output/output.js";
import {
  addSnapshotOptions,
  findServerSnapshot,
  findSnapshot,
  SNAPSHOT_HELP,
  type SnapshotOptions,
  snapshotArgs,
} from "../target/snapshot-ref.js";

interface ExportOptions extends ArchivePassphraseOptions, SnapshotOptions {
  force?: boolean;
}

/** The passphrase, after refusing what cannot work, before any slow work. */
function prepare(output: Output, file: string | undefined, options: ExportOptions): string | null {
  if (file === "-" && output.mode === "json")
    throw new CliError(
      "USAGE",
      "`-` writes the archive on stdout, where --json prints its lines: name a file, or drop --json",
    );
  return archivePassphraseOf(options, EXPORT_PASSPHRASE_MIN);
}

function report(
  output: Output,
  result: {
    snapshotId: string;
    file: string;
    bytes: number;
    encrypted: boolean;
    sectionCount: number;
    questionCount: number;
  },
): void {
  const where = result.file === "-" ? "stdout" : result.file;
  output.summary(
    { command: "export", ...result },
    `Exported ${plural(result.questionCount, "question")} in ${plural(result.sectionCount, "section")} of snapshot ${result.snapshotId}: ` +
      `${formatBytes(result.bytes)}, ${result.encrypted ? "encrypted" : "not encrypted"}\narchive written to ${where}`,
  );
}

export const exportCommand = defineCommand<ExportOptions>({
  name: "export",
  args: "[snapshot] [file]",
  summary: "write a snapshot as a portable archive file (.qvar), optionally encrypted",
  description:
    "Writes the snapshot's sections, questions and answers, with its metadata, into one file that any qvault " +
    "repository can import (`qvault import`). The file defaults to qvault-<id>.qvar in the current folder (or " +
    "in the folder named); `-` writes to stdout. It is written under a temporary name and renamed when " +
    "complete, so a failed or interrupted export leaves no file. With an archive passphrase (at least 8 " +
    "characters; not the repository's) the archive is encrypted and authenticated (AES-256-GCM, key from " +
    "scrypt); without one it carries checksums only. Through a server, the archive is downloaded from " +
    "GET /backups/<id>/archive and its checksum checked before the file takes its name. " +
    `${SNAPSHOT_HELP} With --as-of, give only [file].`,
  options(command) {
    addArchivePassphraseOptions(command, "encrypt the archive with this passphrase");
    command.option("-f, --force", "replace the file if it exists");
    addSnapshotOptions(command);
  },
  examples: [
    "qvault export latest",
    "qvault export 019a3c5e27f1 /backups/spring.qvar",
    "QVAULT_ARCHIVE_PASSPHRASE='another long secret' qvault export latest --json",
    "qvault export latest - | ssh backup-host 'cat > bank.qvar'",
    'qvault export --as-of "2026-03-01 09:00" march.qvar',
    "qvault export latest --server http://127.0.0.1:4000 --key $QVAULT_API_KEY",
  ],
  async local({ local, output, signal }, args, options) {
    const { choice, rest } = snapshotArgs(args, options, 1);
    const file = rest[0];
    const passphrase = prepare(output, file, options);
    const repository = await local.repository();
    const manifest = await findSnapshot(repository, choice);
    const destination = await archiveDestination(file, manifest.id, { force: options.force ?? false });
    if (destination.name === "-") output.yieldStdout();
    const bytes = await destination.write(
      writeArchive(repository, manifest.id, { passphrase, signal, progress: output.progress }),
    );
    report(output, {
      snapshotId: manifest.id,
      file: destination.name,
      bytes,
      encrypted: passphrase !== null,
      sectionCount: manifest.stats.sectionCount,
      questionCount: manifest.stats.questionCount,
    });
    return undefined;
  },
  async server({ server, output, signal }, args, options) {
    const { choice, rest } = snapshotArgs(args, options, 1);
    const file = rest[0];
    const passphrase = prepare(output, file, options);
    const id = await findServerSnapshot(server, choice);
    const { backup } = await server.request<{
      backup: { sectionCount: number; questionCount: number } | null;
    }>("query($id: ID!) { backup(id: $id) { sectionCount questionCount } }", { id });
    if (!backup) throw notFound("Snapshot", id);
    const destination = await archiveDestination(file, id, { force: options.force ?? false });
    if (destination.name === "-") output.yieldStdout();
    const bytes = await destination.write(
      checkEnvelope(downloadArchive(server, id, { passphrase, signal, progress: output.progress })),
    );
    report(output, {
      snapshotId: id,
      file: destination.name,
      bytes,
      encrypted: passphrase !== null,
      sectionCount: backup.sectionCount,
      questionCount: backup.questionCount,
    });
    return undefined;
  },
});
