/**
 * `pnpm bench`: qvault against what a user would reach for instead, measured in the same run.
 *
 * For each bank size: a full backup, a second full backup of the unchanged bank, a full backup
 * after editing 1% of the questions (spread over every section, plus 0.1% inserted and 0.1%
 * deleted), a one-section backup, and a verify that reads and re-hashes all data; beside them,
 * `sqlite3 .backup` of the database and `restic backup` of that copy (then the same after the
 * edits). Each sequence runs BENCH_REPEATS times (default 3) on fresh copies; figures are medians.
 * Results go to the console and to docs/benchmarks.md.
 *
 * Then the edit storm (./storm.ts) on the 10k bank: edits through the API at a steady rate while
 * automatic backups run.
 *
 * Then automatic snapshots (./automatic.ts): 10 changed questions in a 100k bank, and a day of
 * automatic snapshots against a few large backups.
 *
 * Then load (./load.ts): subscribers and query clients during a restore of the 100k bank; the same
 * across two instances on PostgreSQL with 10,000 subscribers (instances), beside a floor of bare
 * WebSocket servers; and a soak of edits, automatic backups and cleanups, watching memory and
 * open files.
 *
 * The media part: a bank whose questions have audio files (clips of 100 KB to 1 MB, incompressible
 * as recordings are) backed up and restored against restic over the database copy and the media
 * folder. The s3 part: the repository in object storage (s3rver over https) against restic to the same
 * server. The postgres part: the bank on PostgreSQL against pg_dump + restic and pg_restore. It and the
 * instances part start a PostgreSQL cluster of their own (Debian's server binaries, as the tests).
 *
 * Environment: BENCH_PARTS (default every part but million: "backup,postgres,s3,storm,automatic,archive,browser,load,instances,jobs,soak"; the parts not run keep
 * their section of docs/benchmarks.md), BENCH_SIZES (default "10000,100000"), BENCH_REPEATS
 * (default 3), BENCH_STORM_SECONDS (default 60; 0 skips it), BENCH_STORM_RATE (default 50),
 * BENCH_AUTO_SIZE (default 100000), BENCH_DAY_EDITS (default 10000), BENCH_LOAD_SIZE (default
 * 100000), BENCH_LOAD_SUBSCRIBERS (200), BENCH_LOAD_CLIENTS (50), BENCH_LOAD_RUNS (3), BENCH_SOAK_SECONDS
 * (600; 0 skips), BENCH_PG_SIZE (100000), BENCH_INSTANCES_SIZE (100000), BENCH_INSTANCES_SUBSCRIBERS
 * (10000), BENCH_S3_SIZE (100000).
 */
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { measureArchiveOpen } from "@qvault/e2e";
import { openBankDatabase, seedDemoBank } from "@qvault/question-bank";
import { startPostgresCluster, startS3FaultProxy, startS3Server } from "@qvault/test-server";
import {
  type DayResult,
  dayOfAutomaticSnapshots,
  type Readability,
  type SmallChangeResult,
  smallChange,
} from "./automatic.js";
import { PARTS, type Part, updateBenchmarks } from "./benchmarks-file.js";
import {
  type BroadcastFloor,
  broadcastFloor,
  instancesLoad,
  type JobResponsiveness,
  jobResponsiveness,
  type LoadResult,
  type SoakResult,
  soak,
  subscriberLoad,
} from "./load.js";
import { editStorm } from "./storm.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const cache = join(here, "..", ".cache");
const work = join(cache, "work");
const sizes = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);
/** The JavaScript heap an export must also run in, to show that it streams. */
const SMALL_HEAP_MB = 96;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mb = (bytes: number) => bytes / 1e6;
const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");

function have(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

function dirSize(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  return total;
}

function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

interface ScenarioResult {
  id?: string;
  ms: number;
  maxRssMb: number;
  loopP99Ms: number;
  addedBytes?: number;
  logicalBytes?: number;
  questionCount?: number;
  bytesRead?: number;
}

function scenario(
  name: string,
  database: string,
  repository: string,
  arg?: string,
  env?: Record<string, string>,
): ScenarioResult {
  const out = execFileSync(
    process.execPath,
    [compiledScenario(), name, database, repository, ...(arg ? [arg] : [])],
    {
      cwd: join(here, ".."),
      encoding: "utf8",
      maxBuffer: 1 << 24,
      ...(env ? { env: { ...process.env, ...env } } : {}),
    },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

/**
 * scenario.ts compiled to JavaScript (once per run, into the cache), so that each scenario runs
 * as the product's commands do, in plain node: its peak memory is not a TypeScript loader's too.
 */
let compiled: string | null = null;
function compiledScenario(): string {
  if (compiled) return compiled;
  const outDir = join(cache, "compiled");
  execFileSync(
    "pnpm",
    ["exec", "tsc", "-p", join(here, "..", "tsconfig.json"), "--noEmit", "false", "--outDir", outDir],
    { cwd: join(here, ".."), stdio: "inherit" },
  );
  compiled = join(outDir, "scenario.js");
  return compiled;
}

/**
 * The floor under any restore into an empty bank that writes rows: the sqlite3 shell inserting
 * the rows of `bank` into an empty bank made by the product's migrations, in one transaction,
 * foreign keys on and the journal's triggers skipping (as in a restore), in its fastest order:
 * each table's rows sorted by key, its other indexes dropped first and built after. `WHERE 1`
 * keeps SQLite from copying the tables' pages whole, which only an identical file allows.
 * Returns the shell's time in milliseconds.
 */
async function sqliteInsertFloor(bank: string): Promise<number> {
  const file = join(work, "floor.sqlite");
  rmSync(file, { force: true });
  await (await openBankDatabase({ file })).close();
  const tables = ["section", "question", "answer"];
  const indexes = JSON.parse(
    execFileSync(
      "sqlite3",
      [
        "-json",
        file,
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map((t) => `'${t}'`).join(",")})`,
      ],
      { encoding: "utf8" },
    ) || "[]",
  ) as { name: string; sql: string }[];
  const script = [
    "PRAGMA foreign_keys = ON;",
    `ATTACH '${bank}' AS src;`,
    "BEGIN;",
    `INSERT OR REPLACE INTO journal_origin (id, origin) VALUES (1, 'restore');`,
    ...indexes.map((i) => `DROP INDEX "${i.name}";`),
    ...tables.map((t) => `INSERT INTO ${t} SELECT * FROM src.${t} WHERE 1 ORDER BY id;`),
    ...indexes.map((i) => `${i.sql};`),
    "COMMIT;",
  ].join("\n");
  return timed(() => execFileSync("sqlite3", [file], { input: script }));
}

/** An empty work folder with a copy of `bank`, and where the run's repository goes. */
function freshWork(bank: string): { db: string; repo: string } {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const db = join(work, "bank.sqlite");
  copyFileSync(bank, db);
  return { db, repo: join(work, "repository") };
}

async function seeded(size: number): Promise<string> {
  const file = join(cache, `bank-${size}.sqlite`);
  if (existsSync(file)) return file;
  console.log(`generating a demo bank of ${size} questions (cached in ${file})…`);
  const db = await openBankDatabase({ file });
  await seedDemoBank(db, { questions: size, seed: 1 });
  await db.reader.query("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.close();
  return file;
}

/** 1% of questions edited (every 100th row, so every section), 0.1% inserted, 0.1% deleted. */
async function editBank(file: string): Promise<{ edited: number; inserted: number; deleted: number }> {
  const db = await openBankDatabase({ file });
  const counts = await db.transaction(async (m) => {
    const edited = (await m.query(`SELECT COUNT(*) AS n FROM question WHERE rowid % 100 = 0`))[0].n;
    await m.query(
      `UPDATE question SET prompt = prompt || ' (revised)', version = version + 1 WHERE rowid % 100 = 0`,
    );
    const source = `SELECT * FROM question WHERE rowid % 1000 = 7`;
    const inserted = (await m.query(`SELECT COUNT(*) AS n FROM (${source})`))[0].n;
    await m.query(
      `INSERT INTO question (id, sectionId, type, prompt, explanation, difficulty, tags, audioPath, position, version, createdAt, updatedAt)
       SELECT id || '-new', sectionId, type, 'New: ' || prompt, explanation, difficulty, tags, audioPath, position + 10000000, 1, createdAt, updatedAt FROM (${source})`,
    );
    await m.query(
      `INSERT INTO answer (id, questionId, text, isCorrect, position)
       SELECT a.id || '-new', a.questionId || '-new', a.text, a.isCorrect, a.position FROM answer a JOIN (${source}) q ON q.id = a.questionId`,
    );
    const deleted = (await m.query(`SELECT COUNT(*) AS n FROM question WHERE rowid % 1000 = 3`))[0].n;
    await m.query(`DELETE FROM question WHERE rowid % 1000 = 3`);
    return { edited, inserted, deleted };
  });
  await db.reader.query("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.close();
  return counts;
}

async function anEditedQuestion(file: string): Promise<string> {
  const db = await openBankDatabase({ file });
  const [row] = await db.reader.query(`SELECT id FROM question WHERE prompt LIKE '% (revised)' LIMIT 1`);
  await db.close();
  return row.id;
}

async function firstSection(file: string): Promise<{ id: string; name: string; count: number }> {
  const db = await openBankDatabase({ file });
  const [row] = await db.reader.query(
    `SELECT s.id, s.name, COUNT(q.id) AS count FROM section s JOIN question q ON q.sectionId = s.id WHERE s.name = 'Grammar' GROUP BY s.id`,
  );
  await db.close();
  return { id: row.id, name: row.name, count: Number(row.count) };
}

interface Run {
  size: number;
  /** How many times each scenario ran (figures are medians). */
  runs: number;
  logicalBytes: number;
  sectionName: string;
  sectionCount: number;
  edits: { edited: number; inserted: number; deleted: number };
  ours: Record<string, ScenarioResult[]>;
  repoBytes: number[];
  sqliteBackupMs: number[];
  resticMs: number[];
  resticRepoBytes: number[];
  resticAfterEditMs: number[];
  resticAddedBytes: number[];
  sqliteBackupAfterEditMs: number[];
  resticRestoreMs: number[];
  /** SQLite's own insert of the bank's rows into an empty bank: {@link sqliteInsertFloor}. */
  sqliteInsertMs: number[];
  /** A question the edits changed, for the one-question restore. */
  editedQuestion: string;
}

async function benchSize(
  size: number,
  tools: { sqlite3: boolean; restic: boolean },
  runs = repeats,
): Promise<Run> {
  const bank = await seeded(size);
  const section = await firstSection(bank);
  const run: Run = {
    size,
    runs,
    logicalBytes: 0,
    sectionName: section.name,
    sectionCount: section.count,
    edits: { edited: 0, inserted: 0, deleted: 0 },
    ours: {},
    repoBytes: [],
    sqliteBackupMs: [],
    resticMs: [],
    resticRepoBytes: [],
    resticAfterEditMs: [],
    resticAddedBytes: [],
    sqliteBackupAfterEditMs: [],
    resticRestoreMs: [],
    sqliteInsertMs: [],
    editedQuestion: "",
  };
  const record = (name: string, result: ScenarioResult) => {
    run.ours[name] ??= [];
    run.ours[name]!.push(result);
  };
  for (let r = 0; r < runs; r++) {
    const { db, repo } = freshWork(bank);
    const copy = join(work, "copy.sqlite");
    const resticRepo = join(work, "restic");
    const env = { ...process.env, RESTIC_PASSWORD: "bench", RESTIC_CACHE_DIR: join(work, "restic-cache") };

    if (tools.sqlite3)
      run.sqliteBackupMs.push(timed(() => execFileSync("sqlite3", [db, `.backup '${copy}'`])));
    if (tools.restic && tools.sqlite3) {
      execFileSync("restic", ["-r", resticRepo, "init", "--quiet"], { env });
      run.resticMs.push(
        timed(() => execFileSync("restic", ["-r", resticRepo, "backup", "--quiet", copy], { env })),
      );
      run.resticRepoBytes.push(dirSize(resticRepo));
    }
    const full = scenario("backup-full", db, repo);
    record("full backup", full);
    run.logicalBytes = full.logicalBytes ?? 0;
    run.repoBytes.push(dirSize(repo));
    record("full backup, unchanged bank", scenario("backup-full", db, repo));

    run.edits = await editBank(db);
    run.editedQuestion = await anEditedQuestion(db);
    if (tools.sqlite3) {
      rmSync(copy, { force: true });
      run.sqliteBackupAfterEditMs.push(timed(() => execFileSync("sqlite3", [db, `.backup '${copy}'`])));
    }
    if (tools.restic && tools.sqlite3) {
      const before = dirSize(resticRepo);
      run.resticAfterEditMs.push(
        timed(() => execFileSync("restic", ["-r", resticRepo, "backup", "--quiet", copy], { env })),
      );
      run.resticAddedBytes.push(dirSize(resticRepo) - before);
    }
    record("full backup after 1% edits", scenario("backup-full", db, repo));
    record("full backup reading every question", scenario("backup-read-whole", db, repo));
    record(`one-section backup (${section.name})`, scenario("backup-section", db, repo, section.id));
    record("verify --read-data", scenario("verify", db, repo));

    // Restores, from the backup taken before the edits.
    const from = (request: object) => JSON.stringify({ backupId: full.id, mode: "REPLACE", ...request });
    record("plan a full restore (1% edited bank)", scenario("plan", db, repo, from({ scope: "FULL" })));
    // A backup of an empty bank: restoring it deletes every section and question.
    const nothing = scenario("backup-full", join(work, "blank.sqlite"), repo);
    record(
      "plan a restore that deletes everything",
      scenario("plan", db, repo, JSON.stringify({ backupId: nothing.id, mode: "REPLACE", scope: "FULL" })),
    );
    record(
      `restore one section (${section.name})`,
      scenario("restore", db, repo, from({ scope: "SECTIONS", sectionIds: [section.id] })),
    );
    record(
      "restore one question",
      scenario("restore", db, repo, from({ scope: "QUESTIONS", questionIds: [run.editedQuestion] })),
    );
    record("full restore into the edited bank", scenario("restore", db, repo, from({ scope: "FULL" })));
    const empty = join(work, "empty.sqlite");
    record("full restore into an empty bank", scenario("restore", empty, repo, from({ scope: "FULL" })));
    if (tools.restic && tools.sqlite3) {
      const target = join(work, "restic-restore");
      run.resticRestoreMs.push(
        timed(() => {
          execFileSync("restic", ["-r", resticRepo, "restore", "latest", "--target", target, "--quiet"], {
            env,
          });
          const restored = readdirSync(target, { recursive: true, withFileTypes: true }).find(
            (e) => e.isFile() && e.name === "copy.sqlite",
          )!;
          renameSync(join(restored.parentPath, restored.name), join(work, "swapped.sqlite"));
        }),
      );
    }
    if (tools.sqlite3) run.sqliteInsertMs.push(await sqliteInsertFloor(copy));
    console.log(`  ${size}: run ${r + 1}/${runs} done`);
  }
  return run;
}

function header(): string {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${fmt(totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`;
  return [
    "# Benchmarks",
    "",
    `Produced by \`pnpm bench\`; the last part measured on ${new Date().toISOString().slice(0, 10)}; machine: ${machine}. Each part states how it was measured; \`BENCH_PARTS=automatic pnpm bench\` measures one part again and keeps the others.`,
  ].join("\n");
}

/**
 * The engine's targets for one bank size, measured against the baselines of the same run: at
 * 1,000,000 questions those of that size, below it those of 100k (the one-section restore's
 * only where the section has about 2,000 questions).
 */
function targetTable(run: Run, baseline: number, baselineAfter: number): string {
  const lines = ["| target | measured | verdict |", "|---|--:|---|"];
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const ms = (name: string) => median((run.ours[name] ?? []).map((r) => r.ms));
  const rssOf = (name: string) => median((run.ours[name] ?? []).map((r) => r.maxRssMb));
  const restoreBaseline = median(run.resticRestoreMs);
  const ratio = (name: string, against: number, limit: number, what: string, note = "") =>
    lines.push(
      `| ${name} ≤ ${limit}× ${what} | ${fmt(ms(name) / against)}× (${fmt(ms(name), 0)} ms vs ${fmt(against, 0)} ms)${note} | ${verdict(ms(name) / against <= limit)} |`,
    );
  const million = run.size >= 1_000_000;
  ratio("full backup", baseline, million ? 1.5 : 1, "(.backup + restic)");
  if (!million) {
    ratio("full backup, unchanged bank", baseline, 0.5, "(.backup + restic)");
    ratio("full backup after 1% edits", baselineAfter, 0.5, "(.backup + restic after the edits)");
  }
  for (const name of ["plan a full restore (1% edited bank)", "plan a restore that deletes everything"]) {
    const limitMs = million ? 10_000 : 1000;
    const memory = million ? "" : `, ${fmt(rssOf(name), 0)} MB`;
    const ok = ms(name) <= limitMs && (million || rssOf(name) <= 150);
    lines.push(
      `| ${name} ≤ ${limitMs / 1000} s${million ? "" : " and ≤ 150 MB"} | ${fmt(ms(name), 0)} ms${memory} | ${verdict(ok)} |`,
    );
  }
  const floor = median(run.sqliteInsertMs);
  ratio(
    "full restore into an empty bank",
    restoreBaseline,
    million ? 3 : 2,
    "(restic restore + swap)",
    `; SQLite's own insert of the rows alone: ${fmt(floor / restoreBaseline)}× (${fmt(floor, 0)} ms)`,
  );
  if (!million) ratio("full restore into the edited bank", restoreBaseline, 2, "(restic restore + swap)");
  const sectionRestore = ms(`restore one section (${run.sectionName})`);
  if (run.sectionCount <= 2500)
    lines.push(
      `| one-section restore (${run.sectionCount} questions) ≤ 0.2 s | ${fmt(sectionRestore, 0)} ms | ${verdict(sectionRestore <= 200)} |`,
    );
  const worst = (figure: (r: ScenarioResult) => number) =>
    Object.entries(run.ours)
      .map(([name, results]) => ({ name, value: median(results.map(figure)) }))
      .sort((a, b) => b.value - a.value)[0]!;
  const rss = worst((r) => r.maxRssMb);
  const p99 = worst((r) => r.loopP99Ms);
  lines.push(
    `| peak RSS of every command ≤ 300 MB | ${fmt(rss.value, 0)} MB (${rss.name}) | ${verdict(rss.value <= 300)} |`,
  );
  // The target is the API's (≤ 20 ms under every job): the jobs part measures it in the server.
  lines.push(
    `| event loop p99 in a command's own process (for information: the target, ≤ 20 ms in the API under every job, is the jobs part's) | worst ${fmt(p99.value, 1)} ms (${p99.name}) | |`,
  );
  return lines.join("\n");
}

function backupSection(runs: Run[], tools: { sqlite3: boolean; restic: boolean }, title?: string): string {
  const lines: string[] = [];
  lines.push(`## ${title ?? "Backups and restores against sqlite3 .backup and restic"}`, "");
  lines.push(
    `Every figure is the median of ${runs[0]?.runs ?? repeats} run(s) on fresh copies of a deterministic demo bank, each scenario in a process of its own; ratios compare with the baseline measured in the same run.`,
  );
  lines.push(
    "qvault's repository here is unencrypted, brotli quality 4 (the default); restic always encrypts (AES-256) and compresses with zstd.",
  );
  if (!tools.sqlite3 || !tools.restic)
    lines.push(
      "",
      `**Baselines missing**: ${[!tools.sqlite3 && "sqlite3", !tools.restic && "restic"].filter(Boolean).join(", ")} not installed (\`apt-get install -y sqlite3 restic\`); their ratios are n/a.`,
    );
  for (const run of runs) {
    const baseline = median(run.sqliteBackupMs) + median(run.resticMs);
    const baselineAfter = median(run.sqliteBackupAfterEditMs) + median(run.resticAfterEditMs);
    lines.push(
      "",
      `### ${run.size.toLocaleString("en")} questions (${fmt(mb(run.logicalBytes), 1)} MB of records)`,
      "",
    );
    lines.push(
      `Edits: ${run.edits.edited} questions changed, ${run.edits.inserted} inserted, ${run.edits.deleted} deleted. One section: ${run.sectionName}, ${run.sectionCount} questions.`,
      "",
    );
    lines.push(
      "| scenario | time (ms) | questions/s | MB/s | added bytes | peak RSS (MB) | event loop p99 (ms) | time vs baseline |",
    );
    lines.push("|---|--:|--:|--:|--:|--:|--:|--:|");
    for (const [name, results] of Object.entries(run.ours)) {
      const ms = median(results.map((r) => r.ms));
      const questions = results[0]!.questionCount ?? (name.startsWith("verify") ? run.size : 0);
      const bytes = name.startsWith("verify")
        ? median(results.map((r) => r.bytesRead ?? 0))
        : median(results.map((r) => r.logicalBytes ?? 0));
      const added =
        results[0]!.addedBytes === undefined ? "" : fmt(median(results.map((r) => r.addedBytes!)), 0);
      const against =
        name === "full backup" || name === "full backup, unchanged bank"
          ? baseline
          : name.startsWith("full backup after") || name === "full backup reading every question"
            ? baselineAfter
            : Number.NaN;
      lines.push(
        `| ${name} | ${fmt(ms, 0)} | ${fmt((questions / ms) * 1000, 0)} | ${fmt(mb(bytes) / (ms / 1000), 1)} | ${added} | ${fmt(median(results.map((r) => r.maxRssMb)), 0)} | ${fmt(median(results.map((r) => r.loopP99Ms)), 1)} | ${Number.isFinite(against) ? `${fmt(ms / against)}×` : ""} |`,
      );
    }
    lines.push("", "| baseline | time (ms) | repository or added bytes |", "|---|--:|--:|");
    lines.push(`| sqlite3 .backup | ${fmt(median(run.sqliteBackupMs), 0)} | |`);
    lines.push(
      `| restic backup of the copy | ${fmt(median(run.resticMs), 0)} | ${fmt(median(run.resticRepoBytes), 0)} |`,
    );
    lines.push(
      `| sqlite3 .backup + restic, after the edits | ${fmt(baselineAfter, 0)} | ${fmt(median(run.resticAddedBytes), 0)} added |`,
    );
    lines.push(
      `| restic restore of the copy + swap the file in | ${fmt(median(run.resticRestoreMs), 0)} | |`,
    );
    lines.push(
      `| floor of a restore into an empty bank: the sqlite3 shell inserting the bank's rows into an empty bank (one transaction, rows in key order, indexes built after) | ${fmt(median(run.sqliteInsertMs), 0)} | |`,
    );
    lines.push(
      "",
      `Other figures: repository ${fmt(mb(median(run.repoBytes)), 1)} MB against restic's ${fmt(mb(median(run.resticRepoBytes)), 1)} MB; after the 1% edits qvault added ${fmt(mb(median(run.ours["full backup after 1% edits"]!.map((r) => r.addedBytes!))), 3)} MB and restic ${fmt(mb(median(run.resticAddedBytes)), 1)} MB; a backup of the unchanged bank added ${fmt(median(run.ours["full backup, unchanged bank"]!.map((r) => r.addedBytes!)), 0)} bytes.`,
    );
    lines.push("", targetTable(run, baseline, baselineAfter));
  }
  return `${lines.join("\n")}\n`;
}

const LIMITS_TEXT = `## What limits these figures

Measured on the 100k bank on this machine (2 shared cores), with \`node --cpu-prof\` on the
compiled scenarios, statement timings through the sqlite3 driver, and the commands given.

- **Writing rows into SQLite bounds a restore into an empty bank, past its targets.** The floor
  of any restore that writes rows is SQLite inserting them, measured in each run above (the
  "floor" baseline: the sqlite3 shell inserting the bank's rows into an empty bank made by the
  migrations, one transaction, foreign keys on, the journal's triggers skipping as in a restore,
  each table's rows in key order with its other indexes built after, the fastest order found):
  at 100,000 questions it alone takes 2.6x restic's restore and a file swap, against a target of
  2x; at 1,000,000, 13x against 3x. So these two targets are out of reach for any restore that
  writes the bank's rows into SQLite. The rows in the bank's order instead take about 2.9 s at
  100k, 81 s at 1M with SQLite's default 2 MB page cache (65 s with 64 MB, 47 s with 256 MB):
  random keys in the 3.65 million answers' two indexes. In qvault's restore
  into an empty bank the statements take about 5.5 s (answers 3.2 to 3.6 s, questions 1.9 s: SQLite
  reads each batch's records out of their JSON twice, once per table), validation 2.5 s (records
  decompressed, parsed and checked against the record schema with zod: 0.7 s of it waiting for
  decompression, 0.45 s zod, 0.4 s garbage collection), and reading everything back to compare
  digests 2.3 s (1 s of it SQLite building the records' JSON). A 64 MB page cache saves 0.5 s and
  costs 64 MB; inserting answers in id order made them slower (4.1 s).
- **Without the journal, the bank's digests are read row by row.** A plan or backup that cannot
  build on the newest full snapshot reads every question's kept digest through the driver: about
  450 ms for 100,000 rows (SQLite's own share, the join included, about 190 ms; the rest is the
  driver making a row object each). Reading each chunk as one JSON array from SQLite saved a fifth
  of that but made a full backup 10% slower, and was not kept. When the change journal names every
  change since the newest full snapshot (vault's \`backUpBank\`, core's \`digestsSince\` for plans),
  only the changed questions are read.
- **SQLite and brotli bound a first full backup.** The bank builds each question's canonical bytes
  in SQL (about 1.1 s of SQLite for 100,000 questions, twice the 0.6 s of the JSON arrays it built
  before: keys, booleans, tags rebuilt string by string), brotli at quality 4 takes about 0.6 s of
  a core, and the main thread hashes and packs; the bank reads each chunk while the one before is
  worked on. On 2 cores that is most of the time; restic reads one file. Frames of 64 KiB instead
  of 256 KiB cut a scattered restore's decompression but made a full backup 65% slower (brotli's
  cost per call).
- **A restore of a few scattered edits decompresses the whole section.** One edited question in
  every hundred touches every 256 KiB frame, so validating the restore of 1% of the bank reads
  and decompresses nearly all 109 MB (up to 4 frames at once). The validated records are kept
  (16 MiB at most) and written without reading them again.
- **What still grows with the bank is memory.** The index is compact (typed arrays, about 50 bytes
  a record), but a plan holds every entry, and listings are held as maps of strings, so 100k
  commands peak at 200 to 370 MB and 1M ones far above.
- **On PostgreSQL, a restore into an empty database writes rows into existing indexes and
  foreign keys; pg_restore builds them after.** A full restore of 100,000 questions into an empty
  database (durable cluster, \`log_min_duration_statement = 0\` summed by statement, and
  \`node --cpu-prof\` on the scenario) spends about 10 s in PostgreSQL's statements: the answers'
  inserts 4.7 s (50 statements of about 7,000 rows, each row entering the primary key, the
  question index and the foreign key's check), the questions' 1.7 s, reading the written
  questions back as JSON to compare digests 1.2 s, clearing the answers of the questions written
  0.8 s, the journal 0.7 s, the digests 0.7 s, ANALYZE 0.3 s. qvault's own process is busy about 6 s
  of the 17 s (validation 0.8 s, the records' canonical bytes 0.55 s, decompression, hashing,
  1 s of garbage collection), much of it while PostgreSQL waits. \`pg_restore\` copies the rows
  (COPY) into tables without indexes, then builds the indexes and adds the foreign keys. A backup
  is about twice \`pg_dump -Fc\` + restic: the bank builds every question's record in SQL
  (json_build_array over the question and its answers), and the main thread hashes, compresses
  and packs them.
- **Thousands of subscribers on 2 shared cores: one message per subscriber per update.** With
  10,000 subscribers over two instances during a restore, each instance's main thread spends a
  quarter of its busy time in \`writev\` (a system call per message, 5,000 per update), then
  garbage collection and graphql-ws's framing (\`node --cpu-prof\`, BENCH_SERVER_NODE_ARGS). The
  floor row of that part measures bare WebSocket servers pushing one message to as many sockets
  on the same machine, with nothing else running: its p99 alone is most of the 250 ms target. An
  update is executed once for all subscribers of one operation, events reach subscribers 250 at a
  time with the event loop free between, and a subscriber that still waits for a job's progress
  hears only its newest state; the restore, PostgreSQL, both instances and the clients share the
  same 2 cores.
- **Audio: every byte is hashed twice and every file written whole, durably.** A full backup
  of 10,000 questions with 2,000 clips (1.1 GB) spends its main thread on SHA-256 (each file once,
  against the SHA-256 the bank records, then each content-defined chunk: restic hashes only the
  chunks) and waits on the disk for the rest (files read a few ahead; 8 MiB packs written and
  flushed one at a time); FastCDC itself is under 0.5 s (\`node --cpu-prof\` on the scenario). A
  restore reads each file's chunks, checks them and the whole file, and writes it under a temporary
  name, flushed, then renamed in place, four files at once (sequentially it took 17 s, not 13.8 s);
  restic writes its files without flushing each. Measured here before these changes: backup
  12.3 s, restore 17.3 s.
- **In object storage, the engine bounds the figures, not the store.** With the repository on
  an S3-protocol server on loopback, a full backup of 100,000 questions takes about what it takes
  into a folder (3.9 s against 4.2 s in the backup part; 36 requests, 12 objects), and a full
  restore into an empty bank about the same too (13.5 s against 13.9 s): the targets against
  restic are missed by the engine's own costs named above (SQLite's insert floor alone is 2.6x
  restic's restore), not by the requests. restic's own backup to the store is slower than to a
  folder (1.8 s against 1.5 s). A store across a network adds each request's latency: packs are
  uploaded while the next ones fill, and reads fetch up to 4 frames at once.
- **Two cores.** brotli and SQLite run on libuv's thread pool and compete with the main thread;
  figures vary by tens of percent between runs on this shared machine.

The server runs backups, checks and restores in its job thread, so its event loop stays free (the
jobs part above); the p99 column is each command's own process. The next steps, in order of
expected gain: listings and plans held as binary (digests as bytes, not maps of strings) and
streamed, for memory bounded by a batch; a restore into an empty bank that writes each table from
one parse of the records; and the canonical SQL made cheaper (booleans and tags).
`;

const parts = new Set(
  (process.env.BENCH_PARTS ?? PARTS.filter((part) => part !== "million").join(",")).split(",") as Part[],
);
const sections: Partial<Record<Part, string>> = {};
const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
mkdirSync(cache, { recursive: true });

if (parts.has("backup")) {
  const tools = { sqlite3: have("sqlite3"), restic: have("restic") };
  for (const [name, ok] of Object.entries(tools))
    if (!ok) console.warn(`${name} is not installed: its baseline is skipped (apt-get install -y ${name}).`);
  const runs: Run[] = [];
  for (const size of sizes) {
    console.log(`bank of ${size} questions, ${repeats} run(s)…`);
    runs.push(await benchSize(size, tools));
  }
  sections.backup = backupSection(runs, tools);
}

if (parts.has("million")) {
  const tools = { sqlite3: have("sqlite3"), restic: have("restic") };
  const size = Number(process.env.BENCH_MILLION_SIZE ?? 1_000_000);
  const runs = Number(process.env.BENCH_MILLION_REPEATS ?? 1);
  console.log(`bank of ${size} questions, ${runs} run(s)…`);
  sections.million = backupSection([await benchSize(size, tools, runs)], tools, "A million questions");
}

const stormSeconds = Number(process.env.BENCH_STORM_SECONDS ?? 60);
if (parts.has("postgres")) {
  const size = Number(process.env.BENCH_PG_SIZE ?? 100_000);
  console.log(`postgres: backups and restores of ${size} questions on PostgreSQL, ${repeats} run(s)…`);
  sections.postgres = await postgresPart(size);
}

if (parts.has("s3")) {
  const size = Number(process.env.BENCH_S3_SIZE ?? 100_000);
  console.log(`s3: backups and restores of ${size} questions in object storage, ${repeats} run(s)…`);
  sections.s3 = await objectStoragePart(size);
}
if (parts.has("media")) {
  const size = Number(process.env.BENCH_MEDIA_SIZE ?? 10_000);
  const clips = Number(process.env.BENCH_MEDIA_CLIPS ?? 2_000);
  console.log(`media: backups and restores of ${size} questions with ${clips} clips, ${repeats} run(s)…`);
  sections.media = await mediaPart(size, clips);
}
if (parts.has("storm") && stormSeconds > 0) {
  console.log(`edit storm: ${process.env.BENCH_STORM_RATE ?? 50} edits/s for ${stormSeconds} s…`);
  const storm = await editStorm(
    await seeded(10_000),
    stormSeconds,
    Number(process.env.BENCH_STORM_RATE ?? 50),
  );
  sections.storm = [
    `## Edit storm (10,000 questions; ${storm.rate} edits/s for ${storm.seconds} s through the API, automatic backups at default settings)`,
    "",
    "| figure | measured | target | verdict |",
    "|---|--:|--:|---|",
    `| commit to snapshot, median | ${fmt(storm.commitToSnapshotMs.median, 0)} ms | < 1500 ms | ${verdict(storm.commitToSnapshotMs.median < 1500)} |`,
    `| commit to snapshot, p99 | ${fmt(storm.commitToSnapshotMs.p99, 0)} ms | ≤ ${storm.maxDelayMs} ms (autoBackupMaxDelayMs) | ${verdict(storm.commitToSnapshotMs.p99 <= storm.maxDelayMs)} |`,
    `| commit to snapshot, max | ${fmt(storm.commitToSnapshotMs.max, 0)} ms | ≤ ${storm.maxDelayMs} ms | ${verdict(storm.commitToSnapshotMs.max <= storm.maxDelayMs)} |`,
    `| edits missing from the final snapshot | ${storm.missing} of ${storm.edits} | 0 | ${verdict(storm.missing === 0)} |`,
    `| automatic snapshots taken | ${storm.snapshots} | | |`,
    `| API latency of an edit, median / p99 | ${fmt(storm.apiLatencyMs.median, 0)} / ${fmt(storm.apiLatencyMs.p99, 0)} ms | | |`,
  ].join("\n");
}

if (parts.has("automatic")) {
  const smallSize = Number(process.env.BENCH_AUTO_SIZE ?? 100_000);
  console.log(`automatic snapshot of 10 changed questions in a bank of ${smallSize}…`);
  const small = await smallChange(await seeded(smallSize), join(work, "automatic-small"), smallSize);
  const dayEdits = Number(process.env.BENCH_DAY_EDITS ?? 10_000);
  console.log(`a day of automatic snapshots: ${dayEdits} edits in bursts on the 10k bank…`);
  const day = await dayOfAutomaticSnapshots(await seeded(10_000), join(work, "automatic-day"), {
    edits: dayEdits,
    repeats,
  });
  sections.automatic = automaticSection(small, day);
}

if (parts.has("archive")) {
  const size = Number(process.env.BENCH_ARCHIVE_SIZE ?? 100_000);
  console.log(`archives: export and import of a backup of ${size} questions, ${repeats} run(s)…`);
  sections.archive = archiveSection(size, await archiveRuns(await seeded(size)));
}

if (parts.has("browser")) {
  const size = Number(process.env.BENCH_BROWSER_SIZE ?? 10_000);
  console.log(`browser: opening an archive of ${size} questions in the admin…`);
  const times: Awaited<ReturnType<typeof measureArchiveOpen>>[] = [];
  for (let r = 0; r < repeats; r++) times.push(await measureArchiveOpen({ questions: size }));
  sections.browser = browserSection(size, times);
}

if (parts.has("load")) {
  const size = Number(process.env.BENCH_LOAD_SIZE ?? 100_000);
  const subscribers = Number(process.env.BENCH_LOAD_SUBSCRIBERS ?? 200);
  const clients = Number(process.env.BENCH_LOAD_CLIENTS ?? 50);
  console.log(
    `load: ${subscribers} subscribers and ${clients} query clients during a restore of ${size} questions…`,
  );
  const runs: LoadResult[] = [];
  for (let run = 0; run < Number(process.env.BENCH_LOAD_RUNS ?? 3); run++)
    runs.push(await subscriberLoad(await seeded(size), { subscribers, clients }));
  sections.load = loadSection(runs);
}

if (parts.has("instances")) {
  const size = Number(process.env.BENCH_INSTANCES_SIZE ?? 100_000);
  const subscribers = Number(process.env.BENCH_INSTANCES_SUBSCRIBERS ?? 10_000);
  const clients = Number(process.env.BENCH_LOAD_CLIENTS ?? 50);
  const runsWanted = Number(process.env.BENCH_LOAD_RUNS ?? 3);
  console.log(
    `instances: ${subscribers} subscribers over two instances on PostgreSQL and ${clients} query clients during a restore of ${size} questions…`,
  );
  // PostgreSQL as installed: fsync, synchronous commit and full-page writes on.
  const cluster = await startPostgresCluster({ durable: true });
  try {
    const template = cluster.createDatabase("bench_template");
    const seedDb = await openBankDatabase({ url: template });
    await seedDemoBank(seedDb, { questions: size, seed: 1 });
    await seedDb.close();
    const runs: LoadResult[] = [];
    const floors: BroadcastFloor[] = [];
    for (let run = 0; run < runsWanted; run++) {
      floors.push(await broadcastFloor(subscribers));
      const name = `bench_${run}`;
      execFileSync(
        "psql",
        [
          "-h",
          "127.0.0.1",
          "-p",
          String(cluster.port),
          "-U",
          "qvault",
          "-d",
          "postgres",
          "-qc",
          `CREATE DATABASE ${name} TEMPLATE bench_template`,
        ],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      runs.push(await instancesLoad(cluster.url(name), { subscribers, clients }));
    }
    sections.instances = loadSection(runs, 2, floors);
  } finally {
    cluster.stop();
  }
}

if (parts.has("jobs")) {
  const size = Number(process.env.BENCH_LOAD_SIZE ?? 100_000);
  console.log(`jobs: the server's event loop during each heavy job on ${size} questions, ${repeats} run(s)…`);
  const runs: JobResponsiveness[][] = [];
  for (let run = 0; run < repeats; run++) runs.push(await jobResponsiveness(await seeded(size)));
  sections.jobs = jobsSection(size, runs);
}

const soakSeconds = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
if (parts.has("soak") && soakSeconds > 0) {
  console.log(`soak: ${soakSeconds} s of edits, automatic backups and cleanups on the 10k bank…`);
  sections.soak = soakSection(await soak(await seeded(10_000), soakSeconds));
}

const text = updateBenchmarks(join(root, "docs", "benchmarks.md"), header(), sections, LIMITS_TEXT);
console.log(`\n${text}`);
console.log("written to docs/benchmarks.md");

function automaticSection(small: SmallChangeResult, day: DayResult): string {
  const row = (name: string, r: Readability) =>
    `| ${name} | ${r.snapshots} | ${r.packs} | ${r.files} | ${fmt(mb(r.bytes), 1)} | ${fmt(r.listMs, 0)} (${fmt(r.listMs / day.fewLarge.listMs)}×) | ${fmt(r.verifyMs, 0)} (${fmt(r.verifyMs / day.fewLarge.verifyMs)}×) | ${fmt(r.restoreMs, 0)} (${fmt(r.restoreMs / day.fewLarge.restoreMs)}×) |`;
  const worst = Math.max(
    day.afterCleanup.listMs / day.fewLarge.listMs,
    day.afterCleanup.verifyMs / day.fewLarge.verifyMs,
    day.afterCleanup.restoreMs / day.fewLarge.restoreMs,
  );
  return [
    "## Automatic snapshots",
    "",
    `Measured in one process through core and question-bank (no server): edits are committed with the change journal's triggers firing, then \`backUpBankChanges\` takes the automatic snapshot. Medians of ${small.rounds} snapshots and of ${repeats} reads.`,
    "",
    `### 10 changed questions in a bank of ${small.size.toLocaleString("en")}`,
    "",
    "| figure | measured | target | verdict |",
    "|---|--:|--:|---|",
    `| automatic snapshot, wall time | ${fmt(small.wallMs, 1)} ms (${fmt(small.wallMs / small.fullBackupMs, 4)}× the full backup's ${fmt(small.fullBackupMs, 0)} ms) | < 50 ms | ${verdict(small.wallMs < 50)} |`,
    `| automatic snapshot, CPU time | ${fmt(small.cpuMs, 1)} ms | < 50 ms | ${verdict(small.cpuMs < 50)} |`,
    `| bytes added | ${fmt(small.addedBytes, 0)} | | |`,
    "",
    `### A day of automatic snapshots: ${day.edits.toLocaleString("en")} edits in ${day.bursts} bursts on the 10k bank`,
    "",
    `Taking the ${day.bursts} snapshots took ${fmt(day.burstMs / 1000, 1)} s in all (${fmt(day.burstMs / day.bursts, 0)} ms each, editing included). Cleanup at the default retention (keep the last 10, 24 hourly, 7 daily, 4 weekly, 12 monthly) took ${fmt(day.pruneMs, 0)} ms and merged ${day.packsMerged} small packs. Each repository is then listed from cold (open, list snapshots, load the index), verified with readData, and its newest snapshot restored whole into an empty bank; in brackets, the ratio to three large FULL backups of the same final bank.`,
    "",
    "| repository | snapshots | packs | files | MB | list (ms) | verify (ms) | restore (ms) |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
    row("as the bursts left it", day.asLeft),
    row("after cleanup", day.afterCleanup),
    row("three large FULL backups", day.fewLarge),
    "",
    "| target | measured | verdict |",
    "|---|--:|---|",
    `| after cleanup, list, verify and restore as fast as a few large backups (within 1.25×) | worst ${fmt(worst)}× | ${verdict(worst <= 1.25)} |`,
  ].join("\n");
}

function jobsSection(size: number, runs: JobResponsiveness[][]): string {
  const rows = runs[0]!.map((first, i) => {
    const all = runs.map((run) => run[i]!);
    const p99 = median(all.map((r) => r.latencyMs.p99));
    const target = first.job.startsWith("no job") ? "" : "≤ 20 ms";
    return {
      text: `| ${first.job} | ${fmt(median(all.map((r) => r.jobMs)), 0)} | ${fmt(median(all.map((r) => r.samples)), 0)} | ${fmt(median(all.map((r) => r.latencyMs.median)), 1)} | ${fmt(p99, 1)} | ${fmt(median(all.map((r) => r.latencyMs.max)), 1)} | ${target} | ${target ? verdict(p99 <= 20) : ""} |`,
    };
  });
  return [
    `## The server's event loop during each job (${size.toLocaleString("en-US")} questions)`,
    "",
    `One server process on a copy of the demo bank, automatic backups off. While each job runs, \`GET /healthz\` (answered by the event loop alone, no database) is asked one request after another, 10 ms apart, from another process on the same 2 cores; its latency is the event loop's delay plus loopback HTTP. Backups, checks and restores run in the server's job thread. Jobs in this order: a first full backup, a full backup of the unchanged bank, verify --read-data, then a full restore of the first backup after a tenth of the questions was edited behind the API. Medians of ${runs.length} run(s).`,
    "",
    "| job | job time (ms) | probes | latency median (ms) | p99 (ms) | max (ms) | target (p99) | verdict |",
    "|---|--:|--:|--:|--:|--:|--:|---|",
    ...rows.map((r) => r.text),
  ].join("\n");
}

interface PostgresRun {
  backupMs: number;
  backupRssMb: number;
  dumpMs: number;
  resticMs: number;
  planMs: number;
  planRssMb: number;
  restoreMs: number;
  restoreRssMb: number;
  pgRestoreMs: number;
  copyFloorMs: number;
}

/**
 * The floor under any restore that writes the bank's rows into its schema on PostgreSQL: every
 * row of `source` written with COPY (the fastest way PostgreSQL loads rows) into `floor`, an
 * empty bank made by the product's migrations, in one transaction with the restore's origin set
 * (so the journal's and digests' triggers skip, as in a restore), its indexes and foreign keys in
 * place. Returns the load's time in milliseconds; the rows are copied out beforehand, untimed.
 */
async function postgresCopyFloor(
  urlOf: (database: string) => string,
  source: string,
  floor: string,
  psql: (sql: string) => unknown,
  pgTool: (tool: string, args: string[]) => unknown,
): Promise<number> {
  const tables = ["section", "question", "answer"];
  for (const table of tables)
    pgTool("psql", ["-d", source, "-qc", `\\copy "${table}" TO '${join(work, `${table}.copy`)}'`]);
  psql(`CREATE DATABASE ${floor}`);
  await (await openBankDatabase({ url: urlOf(floor) })).close();
  const script = join(work, "floor.sql");
  writeFileSync(
    script,
    [
      "BEGIN;",
      "SELECT set_config('qvault.origin', 'restore', true);",
      ...tables.map((table) => `\\copy "${table}" FROM '${join(work, `${table}.copy`)}'`),
      "COMMIT;",
    ].join("\n"),
  );
  return timed(() => pgTool("psql", ["-d", floor, "-q", "-v", "ON_ERROR_STOP=1", "-f", script]));
}

/**
 * The bank on PostgreSQL (a cluster of the bench's own with PostgreSQL's default durability),
 * against pg_dump -Fc then restic backup of the dump (backup), and pg_restore of that dump into an
 * empty database (restore). Each run on a fresh copy of one seeded database.
 */
async function postgresPart(size: number): Promise<string> {
  const cluster = await startPostgresCluster({ durable: true });
  const psql = (sql: string) =>
    execFileSync(
      "psql",
      ["-h", "127.0.0.1", "-p", String(cluster.port), "-U", "qvault", "-d", "postgres", "-qc", sql],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
  const pgTool = (tool: string, args: string[]) =>
    execFileSync(tool, ["-h", "127.0.0.1", "-p", String(cluster.port), "-U", "qvault", ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
  const runs: PostgresRun[] = [];
  try {
    const template = cluster.createDatabase("pg_template");
    const seedDb = await openBankDatabase({ url: template });
    await seedDemoBank(seedDb, { questions: size, seed: 1 });
    await seedDb.close();
    for (let r = 0; r < repeats; r++) {
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      const repo = join(work, "repo");
      const source = `pg_run_${r}`;
      psql(`CREATE DATABASE ${source} TEMPLATE pg_template`);
      const url = cluster.url(source);
      const backup = scenario("backup-full", url, repo);
      const dump = join(work, "bank.pgdump");
      const dumpMs = timed(() => pgTool("pg_dump", ["-Fc", "-f", dump, source]));
      const resticRepo = join(work, "restic");
      const env = { ...process.env, RESTIC_PASSWORD: "bench", RESTIC_CACHE_DIR: join(work, "restic-cache") };
      execFileSync("restic", ["-r", resticRepo, "init", "--quiet"], { env });
      const resticMs = timed(() =>
        execFileSync("restic", ["-r", resticRepo, "backup", "--quiet", dump], { env }),
      );
      const request = JSON.stringify({ backupId: backup.id, scope: "FULL", mode: "REPLACE" });
      const plan = scenario("plan", url, repo, request);
      const empty = `pg_empty_${r}`;
      psql(`CREATE DATABASE ${empty}`);
      const restore = scenario("restore", cluster.url(empty), repo, request);
      const target = `pg_restored_${r}`;
      psql(`CREATE DATABASE ${target}`);
      const pgRestoreMs = timed(() => pgTool("pg_restore", ["-d", target, dump]));
      const copyFloorMs = await postgresCopyFloor(cluster.url, source, `pg_floor_${r}`, psql, pgTool);
      runs.push({
        backupMs: backup.ms,
        backupRssMb: backup.maxRssMb,
        dumpMs,
        resticMs,
        planMs: plan.ms,
        planRssMb: plan.maxRssMb,
        restoreMs: restore.ms,
        restoreRssMb: restore.maxRssMb,
        pgRestoreMs,
        copyFloorMs,
      });
      for (const name of [source, empty, target, `pg_floor_${r}`]) psql(`DROP DATABASE ${name}`);
    }
  } finally {
    cluster.stop();
  }
  const mid = (pick: (run: PostgresRun) => number) => median(runs.map(pick));
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const baseline = mid((r) => r.dumpMs) + mid((r) => r.resticMs);
  const backupRatio = mid((r) => r.backupMs) / baseline;
  const restoreRatio = mid((r) => r.restoreMs) / mid((r) => r.pgRestoreMs);
  const peak = Math.max(
    mid((r) => r.backupRssMb),
    mid((r) => r.planRssMb),
    mid((r) => r.restoreRssMb),
  );
  return [
    `## The bank on PostgreSQL: ${size.toLocaleString("en")} questions against pg_dump, restic and pg_restore`,
    "",
    `A cluster of the bench's own (PostgreSQL ${/\d+\.\d+/.exec(execFileSync("psql", ["--version"], { encoding: "utf8" }))?.[0] ?? "?"}, its default durability: fsync, synchronous commit and full-page writes on), on the same 2 cores. Each run copies one seeded database (\`CREATE DATABASE … TEMPLATE\`); each qvault figure is one process of the scenario runner (as the command line runs it). Baselines, in the same run: \`pg_dump -Fc\` then \`restic backup\` of the dump; \`pg_restore\` of that dump into an empty database. Medians of ${runs.length} run(s).`,
    "",
    "| figure | qvault | baseline | ratio | target | verdict |",
    "|---|--:|--:|--:|--:|---|",
    `| full backup (ms) | ${fmt(
      mid((r) => r.backupMs),
      0,
    )} | ${fmt(baseline, 0)} (pg_dump ${fmt(
      mid((r) => r.dumpMs),
      0,
    )} + restic ${fmt(
      mid((r) => r.resticMs),
      0,
    )}) | ${fmt(backupRatio, 2)}× | ≤ 1.0× | ${verdict(backupRatio <= 1)} |`,
    `| full restore into an empty database (ms) | ${fmt(
      mid((r) => r.restoreMs),
      0,
    )} | ${fmt(
      mid((r) => r.pgRestoreMs),
      0,
    )} (pg_restore) | ${fmt(restoreRatio, 2)}× | ≤ 2× | ${verdict(restoreRatio <= 2)} |`,
    `| floor of a restore that writes rows into the bank's schema: COPY of every row into an empty bank made by the migrations, in one transaction, indexes and foreign keys in place (ms) | ${fmt(
      mid((r) => r.copyFloorMs),
      0,
    )} | ${fmt(
      mid((r) => r.pgRestoreMs),
      0,
    )} (pg_restore) | ${fmt(mid((r) => r.copyFloorMs) / mid((r) => r.pgRestoreMs), 2)}× | | |`,
    `| preview: plan of a full restore (ms) | ${fmt(
      mid((r) => r.planMs),
      0,
    )} | | | ≤ 1000 | ${verdict(mid((r) => r.planMs) <= 1000)} |`,
    `| peak RSS, backup / plan / restore (MB) | ${fmt(
      mid((r) => r.backupRssMb),
      0,
    )} / ${fmt(
      mid((r) => r.planRssMb),
      0,
    )} / ${fmt(
      mid((r) => r.restoreRssMb),
      0,
    )} | | | ≤ 300 | ${verdict(peak <= 300)} |`,
    "",
    `Each run: backup ${runs.map((r) => fmt(r.backupMs, 0)).join(" / ")} ms; restore ${runs.map((r) => fmt(r.restoreMs, 0)).join(" / ")} ms; pg_restore ${runs.map((r) => fmt(r.pgRestoreMs, 0)).join(" / ")} ms.`,
  ].join("\n");
}

interface ObjectStorageRun {
  backupMs: number;
  backupRssMb: number;
  sqliteBackupMs: number;
  resticMs: number;
  restoreMs: number;
  restoreRssMb: number;
  resticRestoreMs: number;
}

/**
 * The repository in object storage: qvault's full backup and full restore into an empty bank
 * against `sqlite3 .backup` + `restic backup` and `restic restore` + a file swap, both to the same
 * S3-protocol server (s3rver over https on loopback, in a process of its own), in the same run;
 * and the requests one backup makes, counted by a proxy in front of a second server.
 */
async function objectStoragePart(size: number): Promise<string> {
  const bank = await seeded(size);
  const server = await startS3Server({ buckets: ["qvault", "restic"], tls: true });
  const runs: ObjectStorageRun[] = [];
  let requests = 0;
  let objects = 0;
  try {
    const env = server.env();
    const restic = { ...process.env, ...env, RESTIC_PASSWORD: "bench" };
    for (let r = 0; r < repeats; r++) {
      const { db } = freshWork(bank);
      const repo = `s3://qvault/run-${r}`;
      const backup = scenario("backup-full", db, repo, undefined, env);
      const copy = join(work, "copy.sqlite");
      const sqliteBackupMs = timed(() => execFileSync("sqlite3", [db, `.backup '${copy}'`]));
      const resticRepo = `s3:${server.endpoint}/restic/run-${r}`;
      const resticEnv = { ...restic, RESTIC_CACHE_DIR: join(work, "restic-cache") };
      const cacert = ["--cacert", server.certFile!];
      execFileSync("restic", ["-r", resticRepo, ...cacert, "init", "--quiet"], { env: resticEnv });
      const resticMs = timed(() =>
        execFileSync("restic", ["-r", resticRepo, ...cacert, "backup", "--quiet", copy], { env: resticEnv }),
      );
      const request = JSON.stringify({ backupId: backup.id, scope: "FULL", mode: "REPLACE" });
      const restore = scenario("restore", join(work, "empty.sqlite"), repo, request, env);
      const target = join(work, "restic-restore");
      const resticRestoreMs = timed(() => {
        execFileSync(
          "restic",
          ["-r", resticRepo, ...cacert, "restore", "latest", "--target", target, "--quiet"],
          { env: resticEnv },
        );
        const restored = readdirSync(target, { recursive: true, withFileTypes: true }).find(
          (e) => e.isFile() && e.name === "copy.sqlite",
        )!;
        renameSync(join(restored.parentPath, restored.name), join(work, "swapped.sqlite"));
      });
      if (r === 0) {
        objects = readdirSync(join(server.directory, "qvault", "run-0"), { recursive: true }).filter((p) =>
          String(p).endsWith("._S3rver_object"),
        ).length;
      }
      runs.push({
        backupMs: backup.ms,
        backupRssMb: backup.maxRssMb,
        sqliteBackupMs,
        resticMs,
        restoreMs: restore.ms,
        restoreRssMb: restore.maxRssMb,
        resticRestoreMs,
      });
      console.log(`  s3: run ${r + 1}/${repeats} done`);
    }
    // The requests of one full backup, counted on their way (plain http, not timed). The proxy
    // runs in this process, so the scenario runs without blocking it.
    const plain = await startS3Server({ buckets: ["qvault"] });
    const proxy = await startS3FaultProxy(plain.endpoint);
    try {
      const { db } = freshWork(bank);
      proxy.reset(null);
      await promisify(execFile)(
        process.execPath,
        [compiledScenario(), "backup-full", db, "s3://qvault/counted"],
        {
          env: { ...process.env, ...plain.env(), QVAULT_S3_ENDPOINT: proxy.endpoint },
        },
      );
      requests = proxy.requests;
    } finally {
      await proxy.close();
      await plain.stop();
    }
  } finally {
    await server.stop();
  }
  const mid = (pick: (run: ObjectStorageRun) => number) => median(runs.map(pick));
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const baseline = mid((r) => r.sqliteBackupMs) + mid((r) => r.resticMs);
  const backupRatio = mid((r) => r.backupMs) / baseline;
  const restoreRatio = mid((r) => r.restoreMs) / mid((r) => r.resticRestoreMs);
  return [
    `## The repository in object storage: ${size.toLocaleString("en")} questions against restic, both to one S3-protocol server`,
    "",
    `s3rver 3.7 over https with a self-signed certificate on loopback, in a process of its own, on the same 2 cores (a real store adds the network's latency to both). qvault's figures are one process of the scenario runner each (as the command line runs it), its repository at \`s3://qvault/…\`; the baselines, in the same run: \`sqlite3 .backup\` then \`restic backup\` of the copy to \`s3:https://127.0.0.1:<port>/restic/…\`, and \`restic restore\` of it then moving the file in. Medians of ${runs.length} run(s).`,
    "",
    "| figure | qvault | baseline | ratio | target | verdict |",
    "|---|--:|--:|--:|--:|---|",
    `| full backup (ms) | ${fmt(
      mid((r) => r.backupMs),
      0,
    )} | ${fmt(baseline, 0)} (.backup ${fmt(
      mid((r) => r.sqliteBackupMs),
      0,
    )} + restic ${fmt(
      mid((r) => r.resticMs),
      0,
    )}) | ${fmt(backupRatio, 2)}× | ≤ 1.0× | ${verdict(backupRatio <= 1)} |`,
    `| full restore into an empty bank (ms) | ${fmt(
      mid((r) => r.restoreMs),
      0,
    )} | ${fmt(
      mid((r) => r.resticRestoreMs),
      0,
    )} (restic restore + swap) | ${fmt(restoreRatio, 2)}× | ≤ 2× | ${verdict(restoreRatio <= 2)} |`,
    `| requests of one full backup (HEAD, PUT, GET, LIST, DELETE) | ${requests} | | | | |`,
    `| objects of the repository after one full backup | ${objects} | | | | |`,
    `| peak RSS, backup / restore (MB) | ${fmt(
      mid((r) => r.backupRssMb),
      0,
    )} / ${fmt(
      mid((r) => r.restoreRssMb),
      0,
    )} | | | | |`,
    "",
    `Each run: backup ${runs.map((r) => fmt(r.backupMs, 0)).join(" / ")} ms; restic ${runs.map((r) => fmt(r.resticMs, 0)).join(" / ")} ms; restore ${runs.map((r) => fmt(r.restoreMs, 0)).join(" / ")} ms; restic restore ${runs.map((r) => fmt(r.resticRestoreMs, 0)).join(" / ")} ms.`,
  ].join("\n");
}

interface MediaRun {
  backupMs: number;
  backupRssMb: number;
  addedBytes: number;
  sqliteBackupMs: number;
  resticMs: number;
  restoreMs: number;
  restoreRssMb: number;
  resticRestoreMs: number;
}

/**
 * A bank of `size` questions of which `clips` have audio: clips of 100 KB to 1 MB of random
 * bytes (as incompressible as recordings), the same for the same sizes, in a media folder beside
 * the bank's file; cached like the demo banks.
 */
async function seededWithMedia(
  size: number,
  clips: number,
): Promise<{ db: string; media: string; bytes: number }> {
  const base = join(cache, `media-${size}-${clips}`);
  const db = `${base}.sqlite`;
  const media = `${base}-media`;
  const done = `${base}.done`;
  if (!existsSync(done)) {
    rmSync(media, { recursive: true, force: true });
    copyFileSync(await seeded(size), db);
    const bank = await openBankDatabase({ file: db });
    let state = 0x9e3779b9;
    const next = () => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    await bank.transaction(async (m) => {
      const ids: { id: string }[] = await m.query(`SELECT "id" FROM "question" ORDER BY "id" LIMIT ?`, [
        clips,
      ]);
      for (const [i, { id }] of ids.entries()) {
        const length = 100_000 + (next() % 900_001);
        const clip = randomBytesFrom(next, length);
        const path = `audio/${String(i).padStart(5, "0")}.mp3`;
        mkdirSync(join(media, "audio"), { recursive: true });
        writeFileSync(join(media, path), clip);
        const audio = {
          bytes: length,
          durationMs: Math.round(length / 16),
          mimeType: "audio/mpeg",
          sha256: createHash("sha256").update(clip).digest("hex"),
        };
        await m.query(`UPDATE "question" SET "audioPath" = ?, "audio" = ? WHERE "id" = ?`, [
          path,
          JSON.stringify(audio),
          id,
        ]);
      }
    });
    await bank.reader.query("PRAGMA wal_checkpoint(TRUNCATE)");
    await bank.close();
    writeFileSync(done, "");
  }
  const bytes = readdirSync(media, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
  return { db, media, bytes };
}

/** `length` bytes from the generator `next` (32 bits a call). */
function randomBytesFrom(next: () => number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  let i = 0;
  for (; i + 4 <= length; i += 4) view.setUint32(i, next());
  for (; i < length; i++) bytes[i] = next() & 0xff;
  return bytes;
}

/**
 * The questions' audio: qvault's full backup of a bank with its media folder, and its full
 * restore into an empty bank and an empty media folder, against `sqlite3 .backup` + `restic backup`
 * of the copy and the folder, and `restic restore` + moving both in, in the same run.
 */
async function mediaPart(size: number, clips: number): Promise<string> {
  const bank = await seededWithMedia(size, clips);
  const runs: MediaRun[] = [];
  for (let r = 0; r < repeats; r++) {
    const { db, repo } = freshWork(bank.db);
    const mediaDir = join(work, "media");
    execFileSync("cp", ["-r", bank.media, mediaDir]);
    const backup = scenario("backup-full", db, repo, undefined, { QVAULT_MEDIA_DIR: mediaDir });
    const copy = join(work, "copy.sqlite");
    const sqliteBackupMs = timed(() => execFileSync("sqlite3", [db, `.backup '${copy}'`]));
    const resticRepo = join(work, "restic");
    const resticEnv = {
      ...process.env,
      RESTIC_PASSWORD: "bench",
      RESTIC_CACHE_DIR: join(work, "restic-cache"),
    };
    execFileSync("restic", ["-r", resticRepo, "init", "--quiet"], { env: resticEnv });
    const resticMs = timed(() =>
      execFileSync("restic", ["-r", resticRepo, "backup", "--quiet", copy, mediaDir], { env: resticEnv }),
    );
    const request = JSON.stringify({ backupId: backup.id, scope: "FULL", mode: "REPLACE" });
    const emptyMedia = join(work, "restored-media");
    const restore = scenario("restore", join(work, "empty.sqlite"), repo, request, {
      QVAULT_MEDIA_DIR: emptyMedia,
    });
    const target = join(work, "restic-restore");
    const resticRestoreMs = timed(() => {
      execFileSync("restic", ["-r", resticRepo, "restore", "latest", "--target", target, "--quiet"], {
        env: resticEnv,
      });
      const found = readdirSync(target, { recursive: true, withFileTypes: true });
      const file = found.find((e) => e.isFile() && e.name === "copy.sqlite")!;
      const folder = found.find((e) => e.isDirectory() && e.name === "media")!;
      renameSync(join(file.parentPath, file.name), join(work, "swapped.sqlite"));
      renameSync(join(folder.parentPath, folder.name), join(work, "swapped-media"));
    });
    // The restore put every clip back, byte for byte.
    const restored = readdirSync(join(emptyMedia, "audio"));
    if (restored.length !== clips) throw new Error(`the restore wrote ${restored.length} of ${clips} clips`);
    runs.push({
      backupMs: backup.ms,
      backupRssMb: backup.maxRssMb,
      addedBytes: Number(backup.addedBytes),
      sqliteBackupMs,
      resticMs,
      restoreMs: restore.ms,
      restoreRssMb: restore.maxRssMb,
      resticRestoreMs,
    });
    console.log(`  media: run ${r + 1}/${repeats} done`);
  }
  const mid = (pick: (run: MediaRun) => number) => median(runs.map(pick));
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const baseline = mid((r) => r.sqliteBackupMs) + mid((r) => r.resticMs);
  const backupRatio = mid((r) => r.backupMs) / baseline;
  const restoreRatio = mid((r) => r.restoreMs) / mid((r) => r.resticRestoreMs);
  return [
    `## The questions' audio: ${size.toLocaleString("en")} questions, ${clips.toLocaleString("en")} of them with a clip, against restic over the bank and its media folder`,
    "",
    `Clips of 100 KB to 1 MB of random bytes (as incompressible as recordings; ${fmt(bank.bytes / 1e6, 0)} MB in all) in the bank's media folder. qvault's figures are one process of the scenario runner each, its repository in a folder; the baselines, in the same run: \`sqlite3 .backup\` then \`restic backup\` of the copy and the media folder, and \`restic restore\` of both then moving them in. The restore goes into an empty bank and an empty media folder, and is checked to have written every clip. Medians of ${runs.length} run(s).`,
    "",
    "| figure | qvault | baseline | ratio | target | verdict |",
    "|---|--:|--:|--:|--:|---|",
    `| full backup (ms) | ${fmt(
      mid((r) => r.backupMs),
      0,
    )} | ${fmt(baseline, 0)} (.backup ${fmt(
      mid((r) => r.sqliteBackupMs),
      0,
    )} + restic ${fmt(
      mid((r) => r.resticMs),
      0,
    )}) | ${fmt(backupRatio, 2)}× | ≤ 1.5× | ${verdict(backupRatio <= 1.5)} |`,
    `| full restore into an empty bank and media folder (ms) | ${fmt(
      mid((r) => r.restoreMs),
      0,
    )} | ${fmt(
      mid((r) => r.resticRestoreMs),
      0,
    )} (restic restore + swap) | ${fmt(restoreRatio, 2)}× | ≤ 3× | ${verdict(restoreRatio <= 3)} |`,
    `| bytes a full backup stores (MB) | ${fmt(mid((r) => r.addedBytes) / 1e6, 1)} | ${fmt(bank.bytes / 1e6, 1)} (the clips) | | | |`,
    `| peak RSS, backup / restore (MB) | ${fmt(
      mid((r) => r.backupRssMb),
      0,
    )} / ${fmt(
      mid((r) => r.restoreRssMb),
      0,
    )} | | | ≤ 300 | ${verdict(
      Math.max(
        mid((r) => r.backupRssMb),
        mid((r) => r.restoreRssMb),
      ) <= 300,
    )} |`,
    "",
    `Each run: backup ${runs.map((r) => fmt(r.backupMs, 0)).join(" / ")} ms; restic ${runs.map((r) => fmt(r.resticMs, 0)).join(" / ")} ms; restore ${runs.map((r) => fmt(r.restoreMs, 0)).join(" / ")} ms; restic restore ${runs.map((r) => fmt(r.resticRestoreMs, 0)).join(" / ")} ms.`,
  ].join("\n");
}

function loadSection(runs: LoadResult[], instances = 1, floors: BroadcastFloor[] = []): string {
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const r = runs[0]!;
  const mid = (pick: (run: LoadResult) => number) => median(runs.map(pick));
  const each = (pick: (run: LoadResult) => number, digits = 0) =>
    runs.map((run) => fmt(pick(run), digits)).join(" / ");
  const dropped = Math.max(...runs.map((run) => run.dropped));
  const sawFinal = Math.min(...runs.map((run) => run.sawFinal));
  const queries = runs.reduce((sum, run) => sum + run.queries, 0);
  const errors = runs.reduce((sum, run) => sum + run.queryErrors, 0);
  const deliveryP99 = mid((run) => run.deliveryMs.p99);
  const queryP99 = mid((run) => run.apiLatencyMs.p99);
  return [
    instances === 1
      ? `## Load: ${r.subscribers} subscribers and ${r.clients} query clients during a full restore of ${r.questions.toLocaleString("en")} questions`
      : `## Load across ${instances} instances: ${r.subscribers.toLocaleString("en")} subscribers and ${r.clients} query clients during a full restore of ${r.questions.toLocaleString("en")} questions on PostgreSQL`,
    "",
    `${
      instances === 1
        ? "One server process"
        : `${instances} server processes on one PostgreSQL database (a cluster of the bench's own, with PostgreSQL's default durability) and one repository; subscribers and query clients alternate between them, and the restore runs on the first, so the other's subscribers hear it through the database (LISTEN/NOTIFY). The anchor: Hasura's published 10,000 live queries on one 2-CPU instance`
    }; each subscriber has its own WebSocket and watches \`jobUpdates\`; each query client sends ${r.perClientRate} queries a second (health, backups, a page of questions, one question, jobs in turn; the next at once when an answer is late), ${r.clients * r.perClientRate} a second in all. The clients run in one process beside the server, on the same 2 cores, so delivery times include their own event-loop delays. The restore (REPLACE of the whole bank, a tenth of it edited) took ${fmt(mid((run) => run.restoreMs) / 1000, 1)} s and sent ${fmt(
      mid((run) => run.updatesSent),
      0,
    )} updates. Figures are medians of ${runs.length} runs, each on a fresh server; connections and subscribers are the worst run.`,
    "",
    "| figure | measured | target | verdict |",
    "|---|--:|--:|---|",
    `| connections dropped | ${dropped} | 0 | ${verdict(dropped === 0)} |`,
    `| subscribers that saw the final state | ${sawFinal} of ${r.subscribers} | all | ${verdict(sawFinal === r.subscribers)} |`,
    `| update sent → received, median / p99 / max | ${fmt(
      mid((run) => run.deliveryMs.median),
      0,
    )} / ${fmt(deliveryP99, 0)} / ${fmt(
      mid((run) => run.deliveryMs.max),
      0,
    )} ms | p99 < 250 ms | ${verdict(deliveryP99 < 250)} |`,
    `| query latency, median / p99 (${queries.toLocaleString("en")} queries, ${errors} errors) | ${fmt(
      mid((run) => run.apiLatencyMs.median),
      0,
    )} / ${fmt(queryP99, 0)} ms | p99 < 100 ms | ${verdict(queryP99 < 100 && errors === 0)} |`,
    `| server memory per subscriber | ${fmt(mid((run) => run.bytesPerSubscriber) / 1024, 0)} KiB | | |`,
    ...(floors.length
      ? [
          `| floor: bare WebSocket servers (${floors[0]!.servers} processes, no GraphQL) pushing one message to ${floors[0]!.sockets.toLocaleString("en")} sockets, median / p99 | ${fmt(
            median(floors.map((f) => f.deliveryMs.median)),
            0,
          )} / ${fmt(median(floors.map((f) => f.deliveryMs.p99)), 0)} ms | | |`,
          `| update p99 against the floor's p99 | ${fmt(deliveryP99 / median(floors.map((f) => f.deliveryMs.p99)), 2)}× | | |`,
        ]
      : []),
    "",
    `Each run: query p99 ${each((run) => run.apiLatencyMs.p99)} ms; update p99 ${each((run) => run.deliveryMs.p99)} ms; restore ${each((run) => run.restoreMs / 1000, 1)} s.`,
    "",
    `Latency by query in the first run, median / p99 (ms): ${Object.entries(r.byQuery)
      .map(([name, l]) => `${name} ${fmt(l.median, 0)} / ${fmt(l.p99, 0)}`)
      .join("; ")}.`,
  ].join("\n");
}

function soakSection(r: SoakResult): string {
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const warm = r.samples.filter((s) => s.at >= 60);
  const third = Math.max(1, Math.floor(warm.length / 3));
  // Memory is a sawtooth (the collector runs now and then); its troughs show what stays live.
  const trough = (samples: typeof warm) => Math.min(...samples.map((s) => s.rssMb));
  const [first, middle, last] = [
    trough(warm.slice(0, third)),
    trough(warm.slice(third, 2 * third)),
    trough(warm.slice(2 * third)),
  ];
  const fdFirst = warm[0]?.openFiles ?? Number.NaN;
  const fdLast = warm.at(-1)?.openFiles ?? Number.NaN;
  const fdMax = Math.max(...r.samples.map((s) => s.openFiles));
  return [
    `## Soak: ${fmt(r.seconds / 60, 0)} minutes of edits, automatic backups and cleanups (10,000 questions)`,
    "",
    `${r.edits.toLocaleString("en")} edits through the API (${r.editErrors} errors), ${r.snapshots} automatic backups at default settings, a cleanup (keep the last 20) every minute: ${r.cleanups} ran. Memory and open files of the server process, sampled every 10 s; the first minute is warm-up. Resident memory is a sawtooth (the collector runs now and then), so each third after warm-up is summed up by its trough, the memory that stays live; the caches (16 MiB of decompressed frames, 400,000 listing entries) fill in the first minutes.`,
    "",
    "| figure | measured | target | verdict |",
    "|---|--:|--:|---|",
    `| resident memory, trough of each third after warm-up | ${fmt(first, 0)} → ${fmt(middle, 0)} → ${fmt(last, 0)} MB | the last within 10% of the middle | ${verdict(last <= middle * 1.1)} |`,
    `| open file descriptors, after warm-up → at the end (max) | ${fdFirst} → ${fdLast} (${fdMax}) | no growth | ${verdict(fdLast <= fdFirst + 2)} |`,
    "",
    `Samples (s: MB, files): ${r.samples.map((s) => `${fmt(s.at, 0)}: ${fmt(s.rssMb, 0)}, ${s.openFiles}`).join("; ")}.`,
  ].join("\n");
}

interface ArchiveRun {
  backup: ScenarioResult;
  repoBytes: number;
  exported: ScenarioResult & { archiveBytes?: number };
  imported: ScenarioResult;
  /** Whether the export also succeeded within a {@link SMALL_HEAP_MB} MB JavaScript heap. */
  smallHeap: boolean;
}

/** A full backup, its export to an archive file, and the import of that file into a new repository. */
async function archiveRuns(bank: string): Promise<ArchiveRun[]> {
  const runs: ArchiveRun[] = [];
  for (let r = 0; r < repeats; r++) {
    const { db, repo } = freshWork(bank);
    const backup = scenario("backup-full", db, repo);
    const file = join(work, "backup.qvar");
    const exported = scenario("export", db, repo, `${backup.id} ${file}`);
    const imported = scenario("import", join(work, "other.sqlite"), join(work, "imported"), file);
    // Streamed: the export also runs with a JavaScript heap smaller than the records it writes.
    const small = { NODE_OPTIONS: `--max-old-space-size=${SMALL_HEAP_MB}` };
    let smallHeap: boolean;
    try {
      scenario("export", db, repo, `${backup.id} ${join(work, "small-heap.qvar")}`, small);
      smallHeap = true;
    } catch {
      smallHeap = false;
    }
    runs.push({ backup, repoBytes: dirSize(repo), exported, imported, smallHeap });
    console.log(`  archive: run ${r + 1}/${repeats} done`);
  }
  return runs;
}

function archiveSection(size: number, runs: ArchiveRun[]): string {
  const m = (pick: (r: ArchiveRun) => number) => median(runs.map(pick));
  const verdict = (ok: boolean) => (ok ? "met" : "**not met**");
  const archiveBytes = m((r) => (r.exported as { archiveBytes: number }).archiveBytes);
  const logical = m((r) => r.backup.logicalBytes ?? 0);
  return [
    `## Archive files: one backup of ${size.toLocaleString("en")} questions (${fmt(mb(logical), 1)} MB of records)`,
    "",
    `Each step in its own process (its peak memory is its own); medians of ${runs.length} runs. The import goes into a new, empty repository, so every record is stored again; it checks the whole file, every frame and every record before it stores anything.`,
    "",
    "| step | time (ms) | MB/s of records | peak RSS (MB) | event loop p99 (ms) | against the full backup |",
    "|---|--:|--:|--:|--:|--:|",
    ...(["backup", "exported", "imported"] as const).map((key) => {
      const ms = m((r) => r[key].ms);
      const name = {
        backup: "full backup (for scale)",
        exported: "export to a file",
        imported: "import the file",
      }[key];
      return `| ${name} | ${fmt(ms, 0)} | ${fmt(mb(logical) / (ms / 1000), 1)} | ${fmt(
        m((r) => r[key].maxRssMb),
        0,
      )} | ${fmt(
        m((r) => r[key].loopP99Ms),
        1,
      )} | ${fmt(ms / m((r) => r.backup.ms))}× |`;
    }),
    "",
    "| figure | measured | target | verdict |",
    "|---|--:|--:|---|",
    `| archive size against the repository holding only this backup | ${fmt(mb(archiveBytes), 1)} MB vs ${fmt(mb(m((r) => r.repoBytes)), 1)} MB (${fmt(archiveBytes / m((r) => r.repoBytes))}×) | ≤ 1.1× | ${verdict(archiveBytes <= 1.1 * m((r) => r.repoBytes))} |`,
    `| export streamed: it also runs with a ${SMALL_HEAP_MB} MB JavaScript heap, smaller than the ${fmt(mb(logical), 0)} MB of records it writes | ${runs.filter((r) => r.smallHeap).length} of ${runs.length} runs succeeded | all | ${verdict(runs.every((r) => r.smallHeap))} |`,
    "",
    "Peak RSS is mostly memory outside the JavaScript heap: brotli's buffers on libuv's threads and the cache of decompressed frames (64 MiB when this part was measured; 16 MiB now), as in a backup.",
  ].join("\n");
}

function browserSection(size: number, runs: Awaited<ReturnType<typeof measureArchiveOpen>>[]): string {
  const m = (pick: (r: (typeof runs)[number]) => number) => fmt(median(runs.map(pick)), 0);
  return [
    `## Opening an archive in the browser: ${size.toLocaleString("en")} questions`,
    "",
    `The admin's "Open a backup file" in Chromium (headless, the product's own build), on an archive of ${fmt(mb(runs[0]!.archiveBytes), 2)} MB downloaded from the product: core's reader in a Web Worker with brotli-wasm and WebCrypto; nothing is uploaded. Times from choosing the file; medians of ${runs.length} runs.`,
    "",
    "| figure | measured |",
    "|---|--:|",
    `| backup details shown | ${m((r) => r.detailsMs)} ms |`,
    `| first page of questions shown | ${m((r) => r.firstPageMs)} ms |`,
    `| every record checked against its digest | ${m((r) => r.checkedMs)} ms |`,
    `| a search across all questions answered | ${m((r) => r.searchMs)} ms |`,
    `| longest stall of the page's main thread meanwhile | ${m((r) => r.longestStallMs)} ms |`,
  ].join("\n");
}
