/**
 * Automatic backups, measured without the server in the way:
 *
 * - `smallChange`: on a bank of `size` questions with a FULL snapshot, commit 10 edited questions
 *   and take the automatic snapshot; wall time and CPU time per snapshot (median of `rounds`),
 *   against the full backup of the same bank.
 * - `dayOfAutomaticSnapshots`: 10,000 edits in bursts, each burst followed by its automatic
 *   snapshot (about a day of an active editor), then the repository is listed (cold), verified
 *   with readData and restored whole into an empty bank: as left by the bursts, after cleanup
 *   (retention at the default policy, which merges the small packs), and against a repository of
 *   three large FULL backups of the same final bank.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  check,
  createLocalStorage,
  DEFAULT_RETENTION,
  nodeCodec,
  prune,
  Repository,
  restore,
} from "@qvault/core";
import { createBankTarget, openBankDatabase } from "@qvault/question-bank";
import { backUpBank, backUpBankChanges } from "@qvault/vault";

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const open = (dir: string) => Repository.openOrInit({ storage: createLocalStorage(dir), codec: nodeCodec });

function files(dir: string): { count: number; packs: number; bytes: number } {
  let count = 0;
  let packs = 0;
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      count++;
      if (entry.name.endsWith(".pack")) packs++;
      bytes += statSync(join(entry.parentPath, entry.name)).size;
    }
  return { count, packs, bytes };
}

/** Commits `count` edits of random questions in one transaction; returns nothing. */
async function editSome(db: Awaited<ReturnType<typeof openBankDatabase>>, count: number, tag: string) {
  await db.transaction(async (m) => {
    const rows = await m.query(`SELECT id FROM question ORDER BY random() LIMIT ${count}`);
    for (const { id } of rows)
      await m.query("UPDATE question SET prompt = prompt || ?, version = version + 1 WHERE id = ?", [
        ` [${tag}]`,
        id,
      ]);
  });
}

export interface SmallChangeResult {
  size: number;
  fullBackupMs: number;
  wallMs: number;
  cpuMs: number;
  addedBytes: number;
  rounds: number;
}

export async function smallChange(
  bank: string,
  work: string,
  size: number,
  rounds = 15,
): Promise<SmallChangeResult> {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const file = join(work, "bank.sqlite");
  copyFileSync(bank, file);
  const db = await openBankDatabase({ file });
  const repository = await open(join(work, "repository"));
  let started = performance.now();
  await backUpBank(db, repository, { scope: "FULL" });
  const fullBackupMs = performance.now() - started;
  const wall: number[] = [];
  const cpu: number[] = [];
  const added: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await editSome(db, 10, `round ${round}`);
    const before = process.cpuUsage();
    started = performance.now();
    const manifest = await backUpBankChanges(db, repository);
    wall.push(performance.now() - started);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
    added.push(manifest.stats.addedBytes);
    if (manifest.stats.changedCount !== 10)
      throw new Error(`expected 10 changed questions, the snapshot has ${manifest.stats.changedCount}`);
  }
  await db.close();
  return { size, fullBackupMs, wallMs: median(wall), cpuMs: median(cpu), addedBytes: median(added), rounds };
}

export interface Readability {
  snapshots: number;
  files: number;
  packs: number;
  bytes: number;
  listMs: number;
  verifyMs: number;
  restoreMs: number;
}

export interface DayResult {
  edits: number;
  bursts: number;
  burstMs: number;
  pruneMs: number;
  packsMerged: number;
  asLeft: Readability;
  afterCleanup: Readability;
  fewLarge: Readability;
}

let restores = 0;

/** Lists (cold), verifies with readData and restores the newest snapshot into a new, empty bank. */
async function readability(dir: string, work: string, repeats: number): Promise<Readability> {
  const list: number[] = [];
  const verify: number[] = [];
  const restoreMs: number[] = [];
  let snapshots = 0;
  for (let r = 0; r < repeats; r++) {
    let started = performance.now();
    const repository = await open(dir);
    const manifests = await repository.listSnapshots();
    await repository.loadIndex();
    list.push(performance.now() - started);
    snapshots = manifests.length;
    started = performance.now();
    const report = await check(await open(dir), { readData: true });
    verify.push(performance.now() - started);
    if (!report.ok) throw new Error(`verify found problems in ${dir}`);
    const empty = join(work, `empty-${++restores}.sqlite`);
    const db = await openBankDatabase({ file: empty });
    const restoring = await open(dir);
    started = performance.now();
    const result = await restore(restoring, createBankTarget(db), {
      backupId: manifests.at(-1)!.id,
      scope: "FULL",
      mode: "REPLACE",
    });
    restoreMs.push(performance.now() - started);
    await db.close();
    if (result.written === 0) throw new Error(`the restore from ${dir} wrote nothing`);
    // The (empty) safety backup of the empty bank goes, so every measurement sees the same repository.
    await restoring.deleteSnapshot(result.safetyBackupId);
  }
  const stored = files(dir);
  return {
    snapshots,
    files: stored.count,
    packs: stored.packs,
    bytes: stored.bytes,
    listMs: median(list),
    verifyMs: median(verify),
    restoreMs: median(restoreMs),
  };
}

export async function dayOfAutomaticSnapshots(
  bank: string,
  work: string,
  options: { edits?: number; burst?: number; repeats?: number } = {},
): Promise<DayResult> {
  const edits = options.edits ?? 10_000;
  const burst = options.burst ?? 25;
  const repeats = options.repeats ?? 3;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const file = join(work, "bank.sqlite");
  copyFileSync(bank, file);
  const db = await openBankDatabase({ file });
  const dir = join(work, "automatic");
  const repository = await open(dir);
  await backUpBank(db, repository, { scope: "FULL", trigger: "AUTOMATIC" });
  const bursts = Math.ceil(edits / burst);
  const started = performance.now();
  for (let b = 0; b < bursts; b++) {
    await editSome(db, burst, `burst ${b}`);
    await backUpBankChanges(db, repository);
  }
  const burstMs = performance.now() - started;

  // The same final bank, in three large backups.
  const large = join(work, "large");
  const few = await open(large);
  for (let i = 0; i < 3; i++) await backUpBank(db, few, { scope: "FULL" });
  await db.close();

  const asLeft = await readability(dir, work, repeats);
  const pruneStarted = performance.now();
  const report = await prune(await open(dir), DEFAULT_RETENTION);
  const pruneMs = performance.now() - pruneStarted;
  const afterCleanup = await readability(dir, work, repeats);
  const fewLarge = await readability(large, work, repeats);
  return {
    edits: bursts * burst,
    bursts,
    burstMs,
    pruneMs,
    packsMerged: report.packsMerged,
    asLeft,
    afterCleanup,
    fewLarge,
  };
}
