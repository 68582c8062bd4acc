/**
 * Storage faults: the repository's storage refuses or breaks a write (full disk, permission
 * denied, I/O error, a torn write) at every write step of every operation that writes; a real
 * small file system fills up during a backup (through core, and through the server: the job,
 * /readyz, systemHealth); a folder is read-only for the server's user; repository files are
 * deleted or truncated behind qvault's back.
 *
 * Each must give a clear error with a stable code, lose nothing already backed up (every earlier
 * snapshot still lists, reads and verifies), and the next run must recover without manual steps,
 * or the error must name the step (a cleanup, deleting a damaged backup, restoring a file).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  backup,
  backupChanges,
  check,
  createLocalStorage,
  nodeCodec,
  prune,
  type QvaultError,
  Repository,
  readSnapshot,
  restore,
  type Storage,
  toQvaultError,
} from "@qvault/core";
import {
  createFaultyStorage,
  type MemoryBank,
  memoryBankSource,
  memoryBankTarget,
} from "@qvault/core/testing";
import { startServerProcess } from "@qvault/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editableQuestions, editPrompt, startBackup } from "../src/api-ops.js";
import { waitForJob } from "../src/crash-harness.js";
import { createTornStorage } from "../src/faults.js";
import { buildFixture, copyFixture, type Fixture, makeBank, PASSPHRASE } from "../src/fixtures.js";
import { sameDigests } from "../src/repository-folder.js";
import { mountSmallDisk, type SmallDisk } from "../src/small-disk.js";

const KEEP_ALL = { keepLast: 1000 };
const counts = {
  steps: 0,
  disk: 0,
  files: 0,
  skipped: 0,
  operations: new Set<string>(),
  faults: new Set<string>(),
};

interface Operation {
  name: string;
  /** Runs the operation; `bank` is the bank a restore writes to. */
  run(repository: Repository, fixture: Fixture, bank: MemoryBank): Promise<unknown>;
  /** Snapshots of the fixture the operation may remove when it succeeds (or partly does). */
  removes?(fixture: Fixture): string[];
}

const edited = (fixture: Fixture): MemoryBank => {
  const bank = structuredClone(fixture.bank);
  bank.questions[5]!.prompt = "edited after the fixture";
  return bank;
};

const OPERATIONS: Operation[] = [
  {
    name: "backup",
    run: (repository, fixture) =>
      backup(repository, memoryBankSource(edited(fixture)), { scope: "FULL", cursor: "4" }),
  },
  {
    name: "automatic backup",
    run: (repository, fixture) =>
      backupChanges(repository, memoryBankSource(edited(fixture)), {
        questionIds: [fixture.bank.questions[5]!.id],
        sectionIds: [fixture.bank.questions[5]!.sectionId],
        cursor: "4",
      }),
  },
  {
    name: "cleanup",
    run: (repository) => prune(repository, { keepLast: 2 }),
    removes: (fixture) => fixture.snapshots.slice(0, -2).map((m) => m.id),
  },
  {
    name: "restore",
    run: (repository, fixture, bank) =>
      restore(repository, memoryBankTarget(bank), {
        backupId: fixture.snapshots[0]!.id,
        scope: "FULL",
        mode: "REPLACE",
      }),
  },
  {
    name: "delete",
    run: (repository, fixture) => repository.deleteSnapshot(fixture.snapshots[1]!.id),
    removes: (fixture) => [fixture.snapshots[1]!.id],
  },
];

interface Fault {
  name: string;
  reason: string;
  wrap(inner: Storage, step: number | null): Storage & { readonly steps: number };
}

const FAULTS: Fault[] = [
  ...(["ENOSPC", "EACCES"] as const).map((code) => ({
    name: `${code} from then on`,
    reason: code,
    wrap: (inner: Storage, step: number | null) =>
      Object.assign(createFaultyStorage(inner, step, code), { sticky: true }),
  })),
  { name: "EIO once", reason: "EIO", wrap: (inner, step) => createFaultyStorage(inner, step, "EIO") },
  { name: "torn write", reason: "EIO", wrap: (inner, step) => createTornStorage(inner, step) },
];

const open = (dir: string) => Repository.open({ storage: createLocalStorage(dir), codec: nodeCodec });

/**
 * After a failure: the fixture's snapshots (less those the operation may remove) list and read as
 * they were, and nothing a check finds touches them.
 */
async function expectNothingLost(dir: string, fixture: Fixture, removable: string[], what: string) {
  const repository = await open(dir);
  const listed = new Map((await repository.listSnapshots()).map((m) => [m.id, m]));
  for (const original of fixture.snapshots) {
    const manifest = listed.get(original.id);
    if (!manifest) {
      expect(removable, `${what}: snapshot ${original.id} is gone`).toContain(original.id);
      continue;
    }
    const { digests } = await readSnapshot(repository, manifest);
    expect(
      sameDigests(digests, fixture.contents.get(original.id)!),
      `${what}: ${original.id} reads back`,
    ).toBe(true);
  }
  const report = await check(repository, { readData: true });
  const fixtureIds = new Set(fixture.snapshots.map((m) => m.id));
  for (const problem of report.problems)
    expect(
      problem.snapshots.filter((id) => fixtureIds.has(id)),
      `${what}: ${problem.message}`,
    ).toEqual([]);
  return report;
}

/** The cleanup a check's messages ask for, then the check is clean. */
async function recoverAndCheck(dir: string, what: string) {
  let repository = await open(dir);
  let report = await check(repository, { readData: true });
  if (report.problems.length) {
    for (const problem of report.problems)
      expect(problem.message, `${what}: the problem names the step that repairs it`).toMatch(
        /prune|cleanup|delete/i,
      );
    await repository.listSnapshots();
    for (const damaged of repository.damagedSnapshots())
      await repository.deleteSnapshot(damaged.path.split("/").at(-1)!);
  }
  await prune(repository, KEEP_ALL);
  repository = await open(dir);
  report = await check(repository, { readData: true });
  expect(report.problems, `${what}: after the cleanup`).toEqual([]);
  expect(report.unreferencedPacks, `${what}: after the cleanup`).toEqual([]);
}

describe("a write refused or torn at every step of every operation (core)", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await buildFixture();
  });
  afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));

  it.each(OPERATIONS.map((op) => [op.name, op] as const))(
    "%s: a clear STORAGE_ERROR, nothing lost, the next run recovers",
    { timeout: 120_000 },
    async (_name, operation) => {
      // Count the operation's write steps on healthy storage.
      const countDir = copyFixture(fixture);
      const counter = createFaultyStorage(createLocalStorage(countDir));
      await operation.run(
        await Repository.open({ storage: counter, codec: nodeCodec }),
        fixture,
        structuredClone(fixture.bank),
      );
      const steps = counter.steps;
      rmSync(countDir, { recursive: true, force: true });
      expect(steps).toBeGreaterThan(1);

      for (const fault of FAULTS) {
        for (let step = 1; step <= steps; step++) {
          const what = `${operation.name}, ${fault.name} at step ${step} of ${steps}`;
          const dir = copyFixture(fixture);
          const storage = fault.wrap(createLocalStorage(dir), step);
          const bank = structuredClone(fixture.bank);
          const outcome = await operation
            .run(await Repository.open({ storage, codec: nodeCodec }), fixture, bank)
            .then(
              () => null,
              (error: unknown) => error,
            );
          if (outcome !== null) {
            const error = toQvaultError(outcome);
            expect(error.code, `${what}: ${error.message}`).toBe("STORAGE_ERROR");
            expect((error as QvaultError).details?.reason, what).toBe(fault.reason);
            expect(error.message, what).toContain(fault.reason);
            if (operation.name === "restore")
              expect(bank, `${what}: the bank is untouched`).toEqual(fixture.bank);
          }
          await expectNothingLost(dir, fixture, operation.removes?.(fixture) ?? [], what);
          // The next run, on healthy storage, succeeds.
          const repository = await open(dir);
          const removed = new Set(operation.removes?.(fixture) ?? []);
          const stillThere = (await repository.listSnapshots()).some((m) => removed.has(m.id));
          if (operation.name !== "delete" || stillThere)
            await operation.run(repository, fixture, structuredClone(fixture.bank));
          await recoverAndCheck(dir, what);
          rmSync(dir, { recursive: true, force: true });
          counts.steps++;
          counts.operations.add(operation.name);
          counts.faults.add(fault.name);
        }
      }
    },
  );
});

// ---- a real file system that fills up ----

describe("a real small file system filled up during a backup (tmpfs)", () => {
  const mountPoint = join(tmpdir(), `qvault-small-disk-${process.pid}`);
  let disk: SmallDisk | null = null;
  let refused = "";
  beforeAll(() => {
    const mounted = mountSmallDisk(mountPoint, "2m");
    if ("refused" in mounted) refused = mounted.refused;
    else disk = mounted;
    if (refused) console.log(`storage faults: the real small file system cases are skipped: ${refused}`);
  });
  afterAll(() => {
    disk?.unmount();
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it("through core: ENOSPC as STORAGE_ERROR, the earlier snapshot intact, the backup after more space succeeds", async (context) => {
    if (!disk) {
      counts.skipped++;
      return context.skip(refused);
    }
    const dir = join(disk.dir, "core");
    const repository = await Repository.init({ storage: createLocalStorage(dir), codec: nodeCodec });
    const small = makeBank();
    const first = await backup(repository, memoryBankSource(small), { scope: "FULL" });
    // Random text barely compresses: about 3 MB of it cannot fit in 2 MB.
    const big = makeBank(2, 400);
    for (const q of big.questions) q.prompt = randomBytes(3000).toString("base64");
    const failure = await backup(repository, memoryBankSource(big), { scope: "FULL" }).then(
      () => null,
      (error: unknown) => toQvaultError(error),
    );
    expect(failure?.code).toBe("STORAGE_ERROR");
    expect(failure?.details?.reason).toBe("ENOSPC");
    expect(failure?.message).toMatch(/disk is full: free some space/);
    const reopened = await open(dir);
    expect((await reopened.listSnapshots()).map((m) => m.id)).toEqual([first.id]);
    expect(sortById((await readSnapshot(reopened, first)).questions)).toEqual(sortById(small.questions));
    expect((await check(reopened, { readData: true })).problems).toEqual([]);
    disk.resize("16m");
    const next = await backup(reopened, memoryBankSource(big), { scope: "FULL" });
    expect(sortById((await readSnapshot(await open(dir), next)).questions)).toEqual(sortById(big.questions));
    counts.disk++;
    rmSync(dir, { recursive: true, force: true });
    disk.resize("2m");
  });

  it("through the server: the job FAILED with STORAGE_ERROR, /readyz and systemHealth show it, the next backup succeeds", async (context) => {
    if (!disk) {
      counts.skipped++;
      return context.skip(refused);
    }
    const dataDir = mkdtempSync(join(tmpdir(), "qvault-full-disk-"));
    const repositoryDir = join(disk.dir, "server");
    const server = await startServerProcess({
      dataDir,
      env: {
        QVAULT_SEED_QUESTIONS: "300",
        QVAULT_REPOSITORY: repositoryDir,
        QVAULT_AUTO_BACKUP: "false",
        QVAULT_AUTO_PRUNE: "false",
      },
    });
    const filler = join(disk.dir, "filler");
    try {
      const first = await waitForJob(server, await startBackup(server));
      expect(first?.status).toBe("SUCCEEDED");
      // Fill the disk to within a few hundred bytes, then make edits a backup must store.
      const { bavail, bsize } = statfsSync(disk.dir);
      writeFileSync(filler, Buffer.alloc(Math.max(0, bavail * bsize - 512)));
      const pool = await editableQuestions(server);
      for (const [i, q] of pool.entries())
        await editPrompt(server, q, `edited on a full disk ${i} ${randomBytes(64).toString("hex")}`);
      const failed = await waitForJob(server, await startBackup(server));
      expect(failed?.status).toBe("FAILED");
      expect(failed?.error?.code).toBe("STORAGE_ERROR");
      expect(failed?.error?.message).toMatch(/ENOSPC.*disk is full: free some space/);

      const ready = await server.get("/readyz");
      expect(ready.status).toBe(503);
      expect(ready.body.failing.map((c: { name: string }) => c.name)).toContain("disk space");
      const { systemHealth } = await server.data(
        "{ systemHealth { status lastFailure { code message } checks { name status message } } }",
      );
      expect(systemHealth.lastFailure.code).toBe("STORAGE_ERROR");
      const jobsCheck = systemHealth.checks.find((c: { name: string }) => c.name === "jobs");
      expect(jobsCheck.status).not.toBe("OK");
      expect(jobsCheck.message).toMatch(/backup failed.*ENOSPC/);
      // Outside a job too: deleting a backup needs the writer lock, which cannot be written.
      const refused = await server.gql("mutation($id: ID!) { deleteBackup(id: $id) }", {
        id: first!.backupId,
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe("STORAGE_ERROR");
      expect(refused.errors?.[0]?.message).toMatch(/ENOSPC/);
      // Nothing already backed up is lost: the first backup is listed and verifies.
      const { backups } = await server.data("{ backups(first: 10) { edges { node { id } } } }");
      expect(backups.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([first!.backupId]);

      rmSync(filler);
      const { verifyRepository } = await server.data("mutation { verifyRepository(readData: true) { id } }");
      expect((await waitForJob(server, verifyRepository.id))?.status).toBe("SUCCEEDED");
      const next = await waitForJob(server, await startBackup(server));
      expect(next?.status).toBe("SUCCEEDED");
      const after = await server.data("{ systemHealth { checks { name status } } }");
      expect(after.systemHealth.checks.find((c: { name: string }) => c.name === "jobs").status).toBe("OK");
      // A 2 MB disk stays below the free-space threshold: that is the only failing check left.
      const readyAfter = await server.get("/readyz");
      expect(readyAfter.body.failing.map((c: { name: string }) => c.name)).toEqual(
        readyAfter.status === 503 ? ["disk space"] : [],
      );
      const stored = await snapshotPrompts(repositoryDir, next!.backupId!);
      expect(stored.get(pool[0]!.id)).toMatch(/^edited on a full disk 0 /);
      counts.disk++;
    } finally {
      await server.stop();
      rmSync(filler, { force: true });
      rmSync(repositoryDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

async function snapshotPrompts(dir: string, id: string): Promise<Map<string, string>> {
  const repository = await open(dir);
  const { questions } = await readSnapshot(repository, await repository.getSnapshot(id));
  return new Map(questions.map((q) => [q.id, q.prompt]));
}

const sortById = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));

// ---- permission denied ----

/**
 * Runs a backup of `bankFile`'s bank into the repository at `dir` as the user nobody (root, which
 * runs the tests, passes every permission check), then reads every snapshot; prints the outcome.
 */
const AS_NOBODY = `
// The code is loaded first, as root: the checkout may be in a folder only root can enter.
const { backup, createLocalStorage, nodeCodec, Repository, readSnapshot, toQvaultError } = await import("@qvault/core");
const { memoryBankSource } = await import("@qvault/core/testing");
const { readFileSync } = await import("node:fs");
process.setgid(65534);
process.setuid(65534);
const repository = await Repository.open({ storage: createLocalStorage(process.env.QV_DIR), codec: nodeCodec });
const bank = JSON.parse(readFileSync(process.env.QV_BANK, "utf8"));
const out = { uid: process.getuid(), backup: null, reads: [] };
try {
  out.backup = { id: (await backup(repository, memoryBankSource(bank), { scope: "FULL" })).id };
} catch (error) {
  const e = toQvaultError(error);
  out.backup = { code: e.code, reason: e.details?.reason, message: e.message };
}
for (const manifest of await repository.listSnapshots()) {
  const { digests } = await readSnapshot(repository, manifest);
  out.reads.push({ id: manifest.id, questions: digests.size });
}
console.log(JSON.stringify(out));
`;

function backUpAsNobody(dir: string, bankFile: string) {
  const output = execFileSync(process.execPath, ["--input-type=module", "-e", AS_NOBODY], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    env: { ...process.env, QV_DIR: dir, QV_BANK: bankFile },
    encoding: "utf8",
  });
  return JSON.parse(output.trim().split("\n").at(-1)!) as {
    uid: number;
    backup: { id?: string; code?: string; reason?: string; message?: string };
    reads: { id: string; questions: number }[];
  };
}

describe("permission denied on the real file system", () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await buildFixture();
  });
  afterAll(() => rmSync(fixture.dir, { recursive: true, force: true }));

  it("a read-only data folder: STORAGE_ERROR EACCES for the server's user (nobody), snapshots still read, the next backup succeeds once writable", async () => {
    const dir = copyFixture(fixture);
    const bankFile = join(dir, "..", `${dir.split("/").at(-1)}.bank.json`);
    try {
      writeFileSync(bankFile, JSON.stringify(edited(fixture)));
      execFileSync("chmod", ["0755", dir]);
      execFileSync("chown", ["-R", "65534:65534", dir]);
      execFileSync("chmod", ["-R", "a-w", join(dir, "data")]);
      const denied = backUpAsNobody(dir, bankFile);
      expect(denied.uid).toBe(65534);
      expect(denied.backup).toMatchObject({ code: "STORAGE_ERROR", reason: "EACCES" });
      expect(denied.backup.message).toMatch(/permission denied: give qvault's user write access/);
      expect(denied.reads.map((r) => r.id)).toEqual(fixture.snapshots.map((m) => m.id));
      await expectNothingLost(dir, fixture, [], "read-only data folder");
      execFileSync("chmod", ["-R", "u+w", join(dir, "data")]);
      const allowed = backUpAsNobody(dir, bankFile);
      expect(allowed.backup.id).toBeTruthy();
      expect(allowed.reads).toHaveLength(fixture.snapshots.length + 1);
      counts.disk += 2;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(bankFile, { force: true });
    }
  });
});

// ---- files deleted or truncated behind qvault's back ----

const DAMAGES = {
  deleted: (path: string) => rmSync(path),
  truncated: (path: string) => truncateSync(path, Math.floor(statSync(path).size / 2)),
} as const;

/** Reads each fixture snapshot: those in `affected` must refuse with INTEGRITY_ERROR, the rest read as they were. */
async function expectReads(repository: Repository, fixture: Fixture, affected: Set<string>, what: string) {
  const listed = new Map((await repository.listSnapshots()).map((m) => [m.id, m]));
  for (const original of fixture.snapshots) {
    const manifest = listed.get(original.id);
    if (!manifest) continue;
    const read = await readSnapshot(repository, manifest).then(
      (contents) => contents.digests,
      (error: unknown) => toQvaultError(error),
    );
    if (affected.has(original.id))
      expect((read as QvaultError).code, `${what}: ${original.id}`).toBe("INTEGRITY_ERROR");
    else
      expect(
        read instanceof Map && sameDigests(read, fixture.contents.get(original.id)!),
        `${what}: ${original.id}`,
      ).toBe(true);
  }
}

/** The next backup (an automatic one, from changes) stores what the bank has, whole. */
async function expectNextBackupWhole(dir: string, fixture: Fixture, what: string) {
  const bank = edited(fixture);
  const repository = await open(dir);
  // Every question and section may have changed since the parent the backup builds on.
  const next = await backupChanges(repository, memoryBankSource(bank), {
    questionIds: [...bank.questions.map((q) => q.id), "s2-q3"],
    sectionIds: bank.sections.map((s) => s.id),
    cursor: "9",
  });
  const read = await readSnapshot(await open(dir), next);
  expect(sortById(read.questions), `${what}: the next backup reads whole`).toEqual(sortById(bank.questions));
  return next.id;
}

describe("repository files deleted or truncated behind qvault's back", () => {
  let fixture: Fixture;
  let encrypted: Fixture;
  beforeAll(async () => {
    fixture = await buildFixture();
    encrypted = await buildFixture({ passphrase: PASSPHRASE });
  });
  afterAll(() => {
    rmSync(fixture.dir, { recursive: true, force: true });
    rmSync(encrypted.dir, { recursive: true, force: true });
  });
  const firstPack = async (dir: string) => (await createLocalStorage(dir).list("data/s0/"))[0]!;
  const firstIndex = async (dir: string) => (await createLocalStorage(dir).list("index/"))[0]!;

  it.each(Object.keys(DAMAGES) as (keyof typeof DAMAGES)[])(
    "a pack %s: check names it, the damaged snapshots refuse, the next backup is whole, the named steps clean up",
    async (how) => {
      const dir = copyFixture(fixture);
      const target = await firstPack(dir);
      DAMAGES[how](join(dir, target));
      let repository = await open(dir);
      const report = await check(repository, { readData: true });
      const packProblem = report.problems.find((p) => p.kind === "pack" && p.path === target);
      expect(packProblem?.message).toMatch(/new backup stores again.*delete the backups this damages.*prune/);
      const affected = new Set(report.problems.flatMap((p) => p.snapshots));
      expect(affected.size).toBeGreaterThan(0);
      expect(affected.size).toBeLessThan(fixture.snapshots.length);
      await expectReads(repository, fixture, affected, `pack ${how}`);
      const next = await expectNextBackupWhole(dir, fixture, `pack ${how}`);
      repository = await open(dir);
      for (const id of affected) await repository.deleteSnapshot(id);
      await prune(repository, KEEP_ALL);
      repository = await open(dir);
      expect((await check(repository, { readData: true })).problems).toEqual([]);
      await expectReads(repository, fixture, new Set(), `pack ${how}, after the cleanup`);
      expect((await repository.listSnapshots()).map((m) => m.id)).toContain(next);
      rmSync(dir, { recursive: true, force: true });
      counts.files++;
    },
  );

  it.each(Object.keys(DAMAGES) as (keyof typeof DAMAGES)[])(
    "an index file %s: the snapshots it locates refuse, the next backup is whole, a cleanup rebuilds the index and every snapshot reads again",
    async (how) => {
      const dir = copyFixture(fixture);
      DAMAGES[how](join(dir, await firstIndex(dir)));
      let repository = await open(dir);
      const report = await check(repository, { readData: true });
      expect(report.problems.length).toBeGreaterThan(0);
      for (const problem of report.problems) expect(problem.message).toMatch(/prune/);
      const affected = new Set(report.problems.flatMap((p) => p.snapshots));
      expect(affected.size).toBeGreaterThan(0);
      await expectReads(repository, fixture, affected, `index ${how}`);
      await expectNextBackupWhole(dir, fixture, `index ${how}`);
      await prune(await open(dir), KEEP_ALL);
      repository = await open(dir);
      const after = await check(repository, { readData: true });
      expect(after.problems).toEqual([]);
      expect(after.unreferencedPacks).toEqual([]);
      await expectReads(repository, fixture, new Set(), `index ${how}, after the cleanup`);
      rmSync(dir, { recursive: true, force: true });
      counts.files++;
    },
  );

  it("a manifest truncated: listed as damaged, refused by reads, named by check with the step, deletable; the rest reads", async () => {
    const dir = copyFixture(fixture);
    const victim = fixture.snapshots[1]!;
    const storage = createLocalStorage(dir);
    const path = (await storage.list("snapshots/")).find((p) => p.endsWith(`/${victim.id}`))!;
    DAMAGES.truncated(join(dir, path));
    let repository = await open(dir);
    await expect(repository.getSnapshot(victim.id)).rejects.toMatchObject({ code: "INTEGRITY_ERROR" });
    expect(repository.damagedSnapshots().map((d) => d.path)).toEqual([path]);
    const report = await check(repository, { readData: true });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatchObject({ kind: "manifest", snapshots: [victim.id] });
    expect(report.problems[0]!.message).toMatch(
      /put the file back from a copy of the repository, or delete the backup/,
    );
    await expectReads(repository, fixture, new Set(), "manifest truncated");
    await expectNextBackupWhole(dir, fixture, "manifest truncated");
    repository = await open(dir);
    await repository.deleteSnapshot(victim.id);
    expect((await check(await open(dir), { readData: true })).problems).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
    counts.files++;
  });

  it("a manifest deleted: that snapshot is gone, which nothing can tell; every other reads and verifies", async () => {
    const dir = copyFixture(fixture);
    const victim = fixture.snapshots[2]!;
    const path = (await createLocalStorage(dir).list("snapshots/")).find((p) => p.endsWith(`/${victim.id}`))!;
    DAMAGES.deleted(join(dir, path));
    await expectNothingLost(dir, fixture, [victim.id], "manifest deleted");
    expect((await check(await open(dir), { readData: true })).problems).toEqual([]);
    await expectNextBackupWhole(dir, fixture, "manifest deleted");
    rmSync(dir, { recursive: true, force: true });
    counts.files++;
  });

  it.each([
    ["deleted", "plain"],
    ["truncated", "plain"],
    ["deleted", "encrypted"],
    ["truncated", "encrypted"],
  ] as const)(
    "the config %s (%s): opening refuses and says to put it back, no new repository is made over the backups",
    async (how, kind) => {
      const source = kind === "plain" ? fixture : encrypted;
      const dir = copyFixture(source);
      DAMAGES[how](join(dir, "config"));
      const options = { storage: createLocalStorage(dir), codec: nodeCodec, passphrase: source.passphrase };
      for (const opening of [() => Repository.open(options), () => Repository.openOrInit(options)])
        await expect(opening()).rejects.toMatchObject({
          code: "INTEGRITY_ERROR",
          message: expect.stringMatching(
            /config file is (missing|damaged): put the config file back from a copy/,
          ),
        });
      expect(statSync(join(dir, "config"), { throwIfNoEntry: false })?.size ?? null).toBe(
        how === "deleted" ? null : Math.floor(statSync(join(source.dir, "config")).size / 2),
      );
      writeFileSync(join(dir, "config"), readFileSync(join(source.dir, "config")));
      const repository = await Repository.open(options);
      await expectReads(repository, source, new Set(), `config ${how}, put back`);
      rmSync(dir, { recursive: true, force: true });
      counts.files++;
    },
  );

  it("the lock truncated (a writer died while writing it): the next writer takes it over", async () => {
    const dir = copyFixture(fixture);
    const lock = JSON.stringify({
      id: "x",
      host: "elsewhere",
      pid: 1,
      purpose: "backup",
      createdAt: new Date().toISOString(),
    });
    mkdirSync(join(dir, "locks"), { recursive: true });
    writeFileSync(join(dir, "locks", "writer.lock"), lock.slice(0, 20));
    await expectNextBackupWhole(dir, fixture, "lock truncated");
    expect(statSync(join(dir, "locks", "writer.lock"), { throwIfNoEntry: false })).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
    counts.files++;
  });

  it("the lock deleted while a writer holds it: the write completes and leaves no lock", async () => {
    const dir = copyFixture(fixture);
    const inner = createLocalStorage(dir);
    const storage: Storage = {
      ...inner,
      location: inner.location,
      async write(path, data) {
        await inner.write(path, data);
        if (path === "locks/writer.lock") rmSync(join(dir, path));
      },
    };
    const repository = await Repository.open({ storage, codec: nodeCodec });
    const next = await backup(repository, memoryBankSource(edited(fixture)), { scope: "FULL" });
    expect(sortById((await readSnapshot(await open(dir), next)).questions)).toEqual(
      sortById(edited(fixture).questions),
    );
    expect(statSync(join(dir, "locks", "writer.lock"), { throwIfNoEntry: false })).toBeUndefined();
    expect((await check(await open(dir), { readData: true })).problems).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
    counts.files++;
  });
});

afterAll(() => {
  console.log(
    `storage faults: ${counts.steps + counts.disk + counts.files} cases passed: ${counts.steps} write steps failed over ${counts.operations.size} operations x ${counts.faults.size} kinds of fault, ${counts.disk} on a real file system (full, read-only)${counts.skipped ? `, ${counts.skipped} skipped because the mount was refused` : ""}, ${counts.files} files deleted or truncated behind qvault's back`,
  );
});
