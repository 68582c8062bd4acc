/**
 * One benchmark scenario, run in its own process so that its peak memory is its own:
 *   node <scenario.js compiled by bench.ts> <scenario> <database> <repository> [arg]
 * `database`: a SQLite file, or a postgres:// URL; `repository`: a folder, or s3://bucket/prefix.
 * Prints one JSON line: { ms, maxRssMb, loopP99Ms, ...figures }.
 */
import { createWriteStream, statSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  backup,
  check,
  createStorage,
  importArchive,
  nodeCodec,
  openFileSource,
  planRestore,
  Repository,
  type RestoreRequest,
  restore,
  writeArchive,
} from "@qvault/core";
import {
  bankLocation,
  createBankTarget,
  journalCursor,
  openBankDatabase,
  withBankSource,
} from "@qvault/question-bank";
import { backUpBank } from "@qvault/vault";

const [scenario, database, repositoryDir, arg] = process.argv.slice(2);
if (!scenario || !database || !repositoryDir)
  throw new Error("usage: scenario <name> <database> <repository> [arg]");

// A SQLite file, or a postgres:// URL.
// The media folder, when the scenario's bank has one (QVAULT_MEDIA_DIR, as the server takes it).
const db = await openBankDatabase({ ...bankLocation(database), mediaDir: process.env.QVAULT_MEDIA_DIR });
// A folder, or s3://bucket/prefix reached as the server reaches it (QVAULT_S3_* and the SDK's chain).
const repository = await Repository.openOrInit({
  storage: createStorage(repositoryDir, {
    endpoint: process.env.QVAULT_S3_ENDPOINT,
    region: process.env.QVAULT_S3_REGION,
    forcePathStyle: process.env.QVAULT_S3_FORCE_PATH_STYLE === "true",
  }),
  codec: nodeCodec,
});
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
const started = performance.now();
let figures: Record<string, unknown> = {};

switch (scenario) {
  case "backup-full":
  case "backup-section": {
    // As the command line and the server take them (vault's backUpBank): a FULL one is built on
    // the newest FULL snapshot from the change journal when the journal names every change.
    const manifest = await backUpBank(
      db,
      repository,
      scenario === "backup-full" ? { scope: "FULL" } : { scope: "SECTIONS", sectionIds: [arg!] },
    );
    figures = { ...manifest.stats, id: manifest.id };
    break;
  }
  case "backup-read-whole": {
    // A FULL backup that reads every question (what a backup does when the journal cannot name
    // every change since the newest FULL snapshot): core's backup over the bank, with the
    // journal's cursor as vault records it, so that later backups and plans build on it.
    const manifest = await withBankSource(db, async (source, query) =>
      backup(repository, source, { scope: "FULL", cursor: await journalCursor(query) }),
    );
    figures = { ...manifest.stats, id: manifest.id };
    break;
  }
  case "plan": {
    const request = JSON.parse(arg!) as RestoreRequest;
    const plan = await withBankSource(db, (source) => planRestore(repository, source, request));
    figures = { ...plan.counts, questionCount: plan.questions.length };
    break;
  }
  case "restore": {
    const request = JSON.parse(arg!) as RestoreRequest;
    const result = await restore(repository, createBankTarget(db), request);
    figures = {
      ...result.plan.counts,
      questionCount: result.plan.questions.length,
      written: result.written,
      deleted: result.deleted,
    };
    break;
  }
  case "verify": {
    const report = await check(repository, { readData: true });
    if (!report.ok) throw new Error(`verify found problems: ${JSON.stringify(report.problems.slice(0, 3))}`);
    figures = { ...report.stats };
    break;
  }
  case "export": {
    // arg: "<snapshot id> <archive file>"
    const [id, file] = arg!.split(" ");
    const out = createWriteStream(file!);
    await pipeline(Readable.from(writeArchive(repository, id!)), out);
    figures = { archiveBytes: statSync(file!).size };
    break;
  }
  case "import": {
    const source = await openFileSource(arg!);
    try {
      const manifest = await importArchive(repository, source);
      figures = {
        id: manifest.id,
        questionCount: manifest.stats.questionCount,
        addedBytes: manifest.stats.addedBytes,
      };
    } finally {
      await source.close();
    }
    break;
  }
  default:
    throw new Error(`unknown scenario ${scenario}`);
}

const ms = performance.now() - started;
loop.disable();
await db.close();
console.log(
  JSON.stringify({
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    loopP99Ms: loop.percentile(99) / 1e6,
    ...figures,
  }),
);
