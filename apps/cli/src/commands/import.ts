/**
 * `qvault import <file>`: an archive (`.qvar`, packages/core/FORMAT.md, "Archive files") into the
 * repository as a new snapshot of trigger IMPORT, directly or uploaded to a server's
 * `POST /backups/import`. The whole archive is checked before anything is stored; a refused
 * archive stores nothing. With --verify-only the archive is only checked, here, and nothing is
 * stored anywhere.
 */
import { createReadStream } from "node:fs";
import {
  type ArchiveReport,
  importArchive,
  nodeCodec,
  openArchive,
  type ProgressSink,
  verifyArchive,
} from "@qvault/core";
import { formatBytes, plural } from "@qvault/vault/report-text";
import { archiveInput, stdinArchive, withArchiveSource } from "../archive/archive-file.js";
import { uploadArchive } from "../archive/archive-http.js";
import {
  type ArchivePassphraseOptions,
  addArchivePassphraseOptions,
  archivePassphraseOf,
} from "../archive/archive-passphrase.js";
import { defineCommand, type RunResult } from "../command.js";
import type { Output } from "../output/output.js";
import { formatTime } from "../output/time.js";

interface ImportOptions extends ArchivePassphraseOptions {
  verifyOnly?: boolean;
}

const reading = (progress: ProgressSink) => (bytes: number) =>
  progress({ phase: "reading", done: bytes, total: null, bytes });

/** Opens and checks the archive `file` names, stores nothing, and reports every problem. */
function verifyOnly(output: Output, file: string, passphrase: string | null, signal: AbortSignal) {
  const { progress } = output;
  return withArchiveSource(
    file,
    { progress: reading(progress), signal },
    async (source, input): Promise<RunResult> => {
      const archive = await openArchive(source, { codec: nodeCodec, passphrase, signal, progress });
      const report = await verifyArchive(archive, { signal, progress });
      printIssues(output, report);
      const { snapshot } = archive;
      const questionCount = archive.sections.reduce((sum, section) => sum + section.count, 0);
      output.summary(
        {
          command: "import",
          verifyOnly: true,
          ok: report.ok,
          problems: report.errorCount,
          bytes: input.size,
          encrypted: archive.header.encrypted,
          formatVersion: archive.header.version,
          createdAt: archive.createdAt,
          records: report.records,
          frames: report.frames,
          snapshot: {
            id: snapshot.id,
            time: snapshot.time,
            trigger: snapshot.trigger,
            scope: snapshot.scope,
            note: snapshot.note,
            repository: snapshot.repository,
            sectionCount: archive.sections.length,
            questionCount,
          },
        },
        `Archive of snapshot ${snapshot.id} (${snapshot.scope}, ${snapshot.trigger}, ${formatTime(snapshot.time)}) of repository ` +
          `${snapshot.repository.slice(0, 12)}: ${plural(questionCount, "question")} in ${plural(archive.sections.length, "section")}, ` +
          `${plural(report.records, "record")}, ${formatBytes(input.size)}, ${archive.header.encrypted ? "encrypted" : "not encrypted"}\n` +
          (report.ok
            ? "intact; nothing was stored"
            : `${plural(report.errorCount, "problem")}: an import would refuse it; nothing was stored`),
      );
      if (report.ok) return undefined;
      return report.errors.some((e) => e.code === "INTEGRITY_ERROR") ? "INTEGRITY" : "VALIDATION_FAILED";
    },
  );
}

function printIssues(output: Output, report: ArchiveReport): void {
  for (const issue of report.errors)
    output.item(
      "issue",
      { severity: "error", ...issue },
      `error: ${issue.code} ${issue.entity ?? ""} ${issue.id ?? ""}: ${issue.message}`.replace(/\s+/g, " "),
    );
  if (report.errorCount > report.errors.length)
    output.warn(`${plural(report.errorCount - report.errors.length, "more problem")} not listed`);
}

function report(
  output: Output,
  result: {
    snapshotId: string;
    scope: string;
    sectionCount: number;
    questionCount: number;
    addedRecords: number;
    note: string | null;
    origin: string;
    bytes: number;
  },
): void {
  const { origin, ...data } = result;
  output.summary(
    { command: "import", verifyOnly: false, trigger: "IMPORT", ...data },
    `Imported ${plural(result.questionCount, "question")} in ${plural(result.sectionCount, "section")} from ${origin} ` +
      `(${formatBytes(result.bytes)}); ${plural(result.addedRecords, "record")} added\nsnapshot ${result.snapshotId} saved`,
  );
}

export const importCommand = defineCommand<ImportOptions>({
  name: "import",
  args: "<file>",
  summary: "import an archive file (.qvar) as a new snapshot, or --verify-only to check it",
  description:
    "Checks the whole archive before it stores anything: the file's checksum, the passphrase, then every " +
    "frame and record (digest, record schema, the section and question it is listed under). Only then are " +
    "the records the repository lacks stored, with a new snapshot of trigger IMPORT whose note names the " +
    "archived snapshot, its time and repository; restore it like any snapshot. A refused archive stores " +
    "nothing. `-` reads the archive from stdin (copied to a temporary file under TMPDIR first, as the " +
    "checks read it more than once). --verify-only checks the archive on this machine and stores nothing, " +
    "with or without a repository or server. Through a server, the file is streamed to " +
    "POST /backups/import, which runs the same checks as an IMPORT job.",
  options(command) {
    addArchivePassphraseOptions(command, "the passphrase the archive was encrypted with");
    command.option("--verify-only", "check the archive completely, list every problem, store nothing");
  },
  examples: [
    "qvault import qvault-019a3c5e27f1.qvar",
    "qvault import spring.qvar --verify-only --json",
    "QVAULT_ARCHIVE_PASSPHRASE='another long secret' qvault import spring.qvar --repo /backups/other",
    "ssh backup-host 'cat bank.qvar' | qvault import -",
    "qvault import spring.qvar --server http://127.0.0.1:4000 --key $QVAULT_API_KEY",
  ],
  async local({ local, output, signal }, [file], options) {
    const passphrase = archivePassphraseOf(options);
    if (options.verifyOnly) return verifyOnly(output, file!, passphrase, signal);
    const repository = await local.repository();
    const { progress } = output;
    return withArchiveSource(file!, { progress: reading(progress), signal }, async (source, input) => {
      const manifest = await importArchive(repository, source, {
        codec: nodeCodec,
        passphrase,
        origin: input.origin,
        signal,
        progress,
      });
      report(output, {
        snapshotId: manifest.id,
        scope: manifest.scope,
        sectionCount: manifest.stats.sectionCount,
        questionCount: manifest.stats.questionCount,
        addedRecords: manifest.stats.addedRecords,
        note: manifest.note,
        origin: input.origin,
        bytes: input.size,
      });
      return undefined;
    });
  },
  async server({ server, output, signal }, [file], options) {
    const passphrase = archivePassphraseOf(options);
    if (options.verifyOnly) return verifyOnly(output, file!, passphrase, signal);
    // From a file the size is known, so the server can refuse one too large before any byte is sent.
    const input =
      file === "-" ? null : await archiveInput(file!, { progress: reading(output.progress), signal });
    const { answer, bytes } = await uploadArchive(
      server,
      input
        ? { stream: createReadStream(input.path), size: input.size }
        : { stream: stdinArchive(), size: null },
      {
        passphrase,
        signal,
        progress: output.progress,
        onLateAbort: () =>
          output.warn(
            "the archive was sent whole and the server imports it on its own; waiting for its answer " +
              "(Ctrl-C again quits, and the import may still finish)",
          ),
      },
    );
    report(output, {
      snapshotId: answer.backupId,
      scope: answer.scope,
      sectionCount: answer.sectionCount,
      questionCount: answer.questionCount,
      addedRecords: answer.addedRecords,
      note: answer.note,
      origin: input?.origin ?? "standard input",
      bytes,
    });
    return undefined;
  },
});
