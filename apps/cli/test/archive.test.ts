/**
 * Archives through the command line only, on repositories and databases directly: a snapshot
 * exported, imported into a fresh repository and restored into a fresh database comes back record
 * for record; encrypted archives need their own passphrase; archives that must be refused (wrong
 * passphrase, truncated, a changed byte) end with their exit codes and store nothing.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankContent, filesUnder, seededDataDir, type TestData } from "./helpers/bank.js";
import { assertBuilt, type CliResult, runCli } from "./helpers/run-cli.js";

const PASSPHRASE = "an archive's own passphrase";

let data: TestData;
let work: string;
/** On the seeded bank and its repository. */
const qvault = (...args: string[]) => runCli(["--data-dir", data.dir, ...args], { cwd: work });
/** On a second repository and database, both fresh. */
const other = (args: string[], options: { env?: Record<string, string>; input?: Uint8Array } = {}) =>
  runCli(["--repo", join(work, "other-repository"), "--db", join(work, "other", "bank.sqlite"), ...args], {
    cwd: work,
    ...options,
  });
const snapshotCount = async () => (await other(["snapshots", "--json"])).summary!.count as number;

let original: unknown;
let snapshot: string;
let plain: string;
let encrypted: string;

/** Every stdout line of a --json run is one JSON object with a message_type; the summary is last. */
function expectJsonLines(result: CliResult): void {
  const lines = result.stdout.split("\n").filter((line) => line !== "");
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(JSON.parse(line)).toHaveProperty("message_type");
  expect(JSON.parse(lines.at(-1)!)).toEqual(result.summary);
}

beforeAll(async () => {
  assertBuilt();
  data = seededDataDir(60);
  work = mkdtempSync(join(tmpdir(), "qvault-cli-archive-"));
  expect((await qvault("init")).code).toBe(0);
  original = await bankContent(data.database);
  snapshot = (await qvault("backup", "--json")).summary!.snapshotId;
  expect((await other(["init"])).code).toBe(0);
});
afterAll(() => {
  data?.remove();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("qvault export and import", () => {
  it("backup -> export -> import into a fresh repository -> restore into a fresh database: the bank, record for record", async () => {
    const exported = await qvault("export", snapshot.slice(0, 12), "--json");
    expect(exported.code).toBe(0);
    expectJsonLines(exported);
    expect(exported.lines.some((line) => line.message_type === "status" && line.phase === "archiving")).toBe(
      true,
    );
    plain = join(work, `qvault-${snapshot}.qvar`);
    expect(exported.summary).toEqual({
      message_type: "summary",
      command: "export",
      snapshotId: snapshot,
      file: plain,
      bytes: statSync(plain).size,
      encrypted: false,
      sectionCount: expect.any(Number),
      questionCount: 60,
    });
    expect(readdirSync(work).filter((name) => name.endsWith(".part"))).toEqual([]);

    const imported = await other(["import", plain, "--json"]);
    expect(imported.code).toBe(0);
    expectJsonLines(imported);
    expect(imported.summary).toMatchObject({
      command: "import",
      verifyOnly: false,
      trigger: "IMPORT",
      scope: "FULL",
      questionCount: 60,
      bytes: statSync(plain).size,
    });
    const importedId = imported.summary!.snapshotId as string;
    expect(importedId).not.toBe(snapshot);
    expect(imported.summary!.note).toContain(snapshot);
    const listed = (await other(["snapshots", "--json"])).lines.filter((l) => l.message_type === "snapshot");
    expect(listed).toEqual([
      expect.objectContaining({ id: importedId, trigger: "IMPORT", questionCount: 60 }),
    ]);

    expect(existsSync(join(work, "other", "bank.sqlite"))).toBe(false);
    const restored = await other(["restore", importedId, "--yes"]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(await bankContent(join(work, "other", "bank.sqlite"))).toEqual(original);

    const text = await other(["import", plain]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Imported 60 questions in \d+ sections from qvault-[0-9a-f]{20}\.qvar /m);
    expect(text.stdout).toMatch(/^snapshot [0-9a-f]{20} saved$/m);
  });

  it("writes to stdout with `-`, reads stdin with `-`, and --verify-only checks an archive storing nothing", async () => {
    const piped = await qvault("export", "latest", "-");
    expect(piped.code).toBe(0);
    expect(piped.stdoutBytes.subarray(0, 4).toString()).toBe("QVAR");
    expect(piped.stderr).toMatch(/archive written to stdout/);

    const before = await snapshotCount();
    const fromStdin = await other(["import", "-", "--json"], { input: piped.stdoutBytes });
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.summary).toMatchObject({ questionCount: 60, bytes: piped.stdoutBytes.length });
    expect(fromStdin.summary!.note).toContain("standard input");
    expect(await snapshotCount()).toBe(before + 1);

    const repository = filesUnder(join(work, "other-repository"));
    const verified = await other(["import", plain, "--verify-only", "--json"]);
    expect(verified.code).toBe(0);
    expectJsonLines(verified);
    expect(verified.summary).toMatchObject({
      command: "import",
      verifyOnly: true,
      ok: true,
      problems: 0,
      encrypted: false,
      snapshot: { id: snapshot, trigger: "MANUAL", questionCount: 60 },
    });
    expect(filesUnder(join(work, "other-repository"))).toEqual(repository);
    // Checking needs no repository at all.
    const nowhere = await runCli(["--repo", join(work, "no-repository"), "import", plain, "--verify-only"]);
    expect(nowhere.code).toBe(0);
    expect(nowhere.stdout).toMatch(/intact; nothing was stored/);
  });

  it("encrypts with the archive's own passphrase; a missing or wrong one ends with 12 and stores nothing", async () => {
    encrypted = join(work, "encrypted.qvar");
    const exported = await runCli(["--data-dir", data.dir, "export", snapshot, encrypted, "--json"], {
      env: { QVAULT_ARCHIVE_PASSPHRASE: PASSPHRASE },
    });
    expect(exported.code).toBe(0);
    expect(exported.summary).toMatchObject({ encrypted: true, file: encrypted });
    const short = await qvault("export", snapshot, join(work, "short.qvar"), "--archive-passphrase", "short");
    expect(short.code).toBe(2);
    expect(existsSync(join(work, "short.qvar"))).toBe(false);

    const repository = filesUnder(join(work, "other-repository"));
    const missing = await other(["import", encrypted, "--json"]);
    expect(missing.code).toBe(12);
    expect(missing.error).toMatchObject({ code: "WRONG_PASSPHRASE", exitCode: 12 });
    const wrong = await other(["import", encrypted, "--archive-passphrase", "not the passphrase"]);
    expect(wrong.code).toBe(12);
    expect(wrong.stderr).toMatch(/passphrase is wrong/);
    expect((await other(["import", encrypted, "--verify-only"])).code).toBe(12);
    expect(filesUnder(join(work, "other-repository"))).toEqual(repository);

    const passphraseFile = join(work, "passphrase");
    writeFileSync(passphraseFile, `${PASSPHRASE}\n`);
    const imported = await other([
      "import",
      encrypted,
      "--archive-passphrase-file",
      passphraseFile,
      "--json",
    ]);
    expect(imported.code).toBe(0);
    expect(imported.summary).toMatchObject({ questionCount: 60 });
    const id = imported.summary!.snapshotId as string;
    const restored = await other(["restore", id, "--yes"]);
    expect(restored.code).toBe(0);
    expect(await bankContent(join(work, "other", "bank.sqlite"))).toEqual(original);
  });

  it("a truncated archive and one with a changed byte end with 3 and store nothing", async () => {
    for (const source of [plain, encrypted]) {
      const bytes = readFileSync(source);
      const truncated = join(work, "truncated.qvar");
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const flipped = join(work, "flipped.qvar");
      const changed = Buffer.from(bytes);
      const middle = Math.floor(changed.length / 2);
      changed[middle] = changed[middle]! ^ 0x01;
      writeFileSync(flipped, changed);

      const count = await snapshotCount();
      const repository = filesUnder(join(work, "other-repository"));
      for (const damaged of [truncated, flipped]) {
        const result = await other(["import", damaged, "--json"], {
          env: { QVAULT_ARCHIVE_PASSPHRASE: PASSPHRASE },
        });
        expect(result.code).toBe(3);
        expect(result.error).toMatchObject({ code: "INTEGRITY_ERROR", exitCode: 3 });
        expect(result.error!.message).toMatch(/The archive is damaged/);
        const check = await other(["import", damaged, "--verify-only"], {
          env: { QVAULT_ARCHIVE_PASSPHRASE: PASSPHRASE },
        });
        expect(check.code).toBe(3);
      }
      expect(await snapshotCount()).toBe(count);
      expect(filesUnder(join(work, "other-repository"))).toEqual(repository);
    }
    expect((await other(["import", "-"], { input: Buffer.from("not an archive") })).code).toBe(3);
  });

  it("ends with 6 for a file that exists (unless --force), 4 for an unknown snapshot or file, 2 for `-` with --json", async () => {
    const exists = await qvault("export", snapshot, "--json");
    expect(exists.code).toBe(6);
    expect(exists.error!.message).toMatch(/--force/);
    const forced = await qvault("export", snapshot, "--force", "--json");
    expect(forced.code).toBe(0);
    const folder = join(work, "into-a-folder");
    mkdirSync(folder);
    expect((await qvault("export", snapshot, folder)).code).toBe(0);
    expect(readdirSync(folder)).toEqual([`qvault-${snapshot}.qvar`]);

    expect((await qvault("export", "ffffffffffff", "--json")).error).toMatchObject({ exitCode: 4 });
    expect((await qvault("export", snapshot, join(work, "no-folder", "x.qvar"))).code).toBe(4);
    expect((await other(["import", join(work, "no-such.qvar"), "--json"])).error).toMatchObject({
      code: "NOT_FOUND",
      exitCode: 4,
    });
    const mixed = await qvault("export", snapshot, "-", "--json");
    expect(mixed.code).toBe(2);
    expect(mixed.stdout).toBe("");
  });

  it("an export that fails midway (a damaged pack) ends with 3 and leaves no file", async () => {
    const packs: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".pack")) packs.push(path);
      }
    };
    walk(data.repository);
    for (const pack of packs) {
      const bytes = readFileSync(pack);
      const middle = Math.floor(bytes.length / 2);
      bytes[middle] = bytes[middle]! ^ 0xff;
      writeFileSync(pack, bytes);
    }
    const folder = join(work, "failed-export");
    mkdirSync(folder);
    const failed = await qvault("export", snapshot, folder, "--json");
    expect(failed.code).toBe(3);
    expect(failed.error).toMatchObject({ code: "INTEGRITY_ERROR" });
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe("an encrypted repository", () => {
  it("exports into an archive with a passphrase of its own, which imports without the repository's", async () => {
    const bank = seededDataDir(8);
    try {
      const run = (...args: string[]) => runCli(["--data-dir", bank.dir, ...args], { cwd: work });
      const repositoryPassphrase = "the repository's passphrase";
      expect((await run("init", "--passphrase", repositoryPassphrase)).code).toBe(0);
      const id = (await run("backup", "--passphrase", repositoryPassphrase, "--json")).summary!.snapshotId;
      const file = join(work, "from-encrypted.qvar");
      const exported = await run(
        "export",
        id,
        file,
        "--passphrase",
        repositoryPassphrase,
        "--archive-passphrase",
        PASSPHRASE,
        "--json",
      );
      expect(exported.code).toBe(0);
      expect(exported.summary).toMatchObject({ encrypted: true, questionCount: 8 });
      expect((await run("export", id, join(work, "x.qvar"), "--archive-passphrase", PASSPHRASE)).code).toBe(
        12,
      );

      const verified = await other([
        "import",
        file,
        "--verify-only",
        "--archive-passphrase",
        PASSPHRASE,
        "--json",
      ]);
      expect(verified.summary).toMatchObject({
        ok: true,
        encrypted: true,
        snapshot: { id, questionCount: 8 },
      });
      expect((await other(["import", file, "--archive-passphrase", repositoryPassphrase])).code).toBe(12);
    } finally {
      bank.remove();
    }
  });
});
