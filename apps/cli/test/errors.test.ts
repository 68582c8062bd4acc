/**
 * Failures end with the documented exit codes, and with --json as one `error` line on stderr:
 * usage errors, a missing repository or database, an unknown snapshot, a wrong passphrase, a
 * lock held by another writer, a damaged pack, a full REPLACE that nobody confirmed.
 */
import {
  appendFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { createLocalStorage, nodeCodec, Repository } from "@qvault/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededDataDir, sql, type TestData } from "./helpers/bank.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";

let data: TestData;
const qvault = (...args: string[]) => runCli(["--data-dir", data.dir, ...args]);

function packs(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".pack")) out.push(path);
    }
  };
  walk(root);
  return out;
}

beforeAll(() => {
  assertBuilt();
  data = seededDataDir(24);
});
afterAll(() => data?.remove());

describe("exit codes", () => {
  it("2 for a bad flag, a bad value, a missing argument or an unknown command", async () => {
    const flag = await qvault("backup", "--bogus");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--bogus'/);
    const value = await qvault("forget", "--keep-last", "many", "--json");
    expect(value.code).toBe(2);
    expect(value.error).toMatchObject({ message_type: "error", code: "USAGE", exitCode: 2 });
    expect((await qvault("ls")).code).toBe(2);
    expect((await qvault("backupp")).code).toBe(2);
    expect((await runCli([])).code).toBe(2);
    const both = await qvault("backup", "--section", "a", "--question", "b", "--json");
    expect(both.code).toBe(2);
  });

  it("10 when there is no repository, 13 when there is no database", async () => {
    const missing = await qvault("snapshots", "--json");
    expect(missing.code).toBe(10);
    expect(missing.error).toMatchObject({ code: "REPOSITORY_MISSING", exitCode: 10 });
    expect(missing.error!.message).toContain(data.repository);
    const text = await qvault("check");
    expect(text.code).toBe(10);
    expect(text.stderr).toMatch(/^qvault: No repository at .*qvault init/m);

    expect((await qvault("init")).code).toBe(0);
    const noDb = await qvault("backup", "--db", join(data.dir, "nothing.sqlite"), "--json");
    expect(noDb.code).toBe(13);
    expect(noDb.error).toMatchObject({ code: "DATABASE_MISSING" });
  });

  it("6 for a second init, 4 for an unknown snapshot, 2 for an unknown section to back up", async () => {
    expect((await qvault("init", "--json")).code).toBe(6);
    expect((await qvault("backup", "--json")).code).toBe(0);
    const unknown = await qvault("ls", "ffffffffffff", "--json");
    expect(unknown.code).toBe(4);
    expect(unknown.error).toMatchObject({ code: "NOT_FOUND" });
    expect((await qvault("restore", "ffffffffffff", "--dry-run")).code).toBe(4);
    expect((await qvault("diff", "latest", "ffffffffffff")).code).toBe(4);
    expect((await qvault("backup", "--section", "no-such-section", "--json")).code).toBe(2);
  });

  it("9 for a full REPLACE restore without --yes when there is no terminal to ask", async () => {
    const refused = await qvault("restore", "latest", "--json");
    expect(refused.code).toBe(9);
    expect(refused.error).toMatchObject({ code: "NOT_CONFIRMED" });
    expect(refused.error!.message).toMatch(/--yes/);
  });

  it("11 while another writer holds the repository's lock", async () => {
    const repository = await Repository.open({
      storage: createLocalStorage(data.repository),
      codec: nodeCodec,
    });
    await repository.write("a test holding the lock", async () => {
      const locked = await qvault("backup", "--json");
      expect(locked.code).toBe(11);
      expect(locked.error).toMatchObject({ code: "LOCKED", exitCode: 11 });
      expect(locked.error!.message).toMatch(/a test holding the lock/);
    });
    expect((await qvault("backup")).code).toBe(0);
  });

  it("3 when check finds a damaged pack, naming the problem", async () => {
    const [pack] = packs(data.repository);
    const bytes = readFileSync(pack!);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(pack!, bytes);
    const damaged = await qvault("check", "--read-data", "--json");
    expect(damaged.code).toBe(3);
    expect(damaged.summary).toMatchObject({ ok: false });
    const problems = damaged.lines.filter((line) => line.message_type === "problem");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toHaveProperty("snapshots");

    appendFileSync(pack!, "more");
    const text = await qvault("check");
    expect(text.code).toBe(3);
    expect(text.stdout).toMatch(/\d+ problems? found, affecting \d+ snapshots?:/);
  });

  it("15 when the file system refuses a write, keeping what was backed up", async () => {
    const storage = seededDataDir(12);
    const run = (...args: string[]) => runCli(["--data-dir", storage.dir, ...args]);
    try {
      expect((await run("init")).code).toBe(0);
      expect((await run("backup")).code).toBe(0);
      // The folder new index files go to is a file now: the next backup cannot be stored.
      const index = join(storage.repository, "index");
      const kept = new Map(readdirSync(index).map((name) => [name, readFileSync(join(index, name))]));
      rmSync(index, { recursive: true });
      writeFileSync(index, "not a folder");
      await sql(storage.database, ['UPDATE "question" SET "prompt" = "prompt" || \' (edited)\'']);
      const refused = await run("backup", "--note", "refused", "--json");
      expect(refused.code).toBe(15);
      expect(refused.error).toMatchObject({
        code: "STORAGE_ERROR",
        exitCode: 15,
        details: { reason: "ENOTDIR" },
      });
      expect(refused.error!.message).toMatch(/storage failed with ENOTDIR/);
      rmSync(index);
      mkdirSync(index);
      for (const [name, bytes] of kept) writeFileSync(join(index, name), bytes);
      const listed = await run("snapshots", "--json");
      expect(listed.code).toBe(0);
      expect(listed.summary).toMatchObject({ count: 1 });
      expect((await run("check", "--read-data")).code).toBe(0);
    } finally {
      storage.remove();
    }
  });
});

describe("an encrypted repository", () => {
  let encrypted: TestData;
  beforeAll(() => {
    encrypted = seededDataDir(12);
  });
  afterAll(() => encrypted?.remove());
  const run = (...args: string[]) => runCli(["--data-dir", encrypted.dir, ...args]);

  it("is created with a passphrase, opens with it, and ends with 12 without it or with a wrong one", async () => {
    const passphraseFile = join(encrypted.dir, "passphrase");
    writeFileSync(passphraseFile, "correct horse battery\n");
    const init = await run("init", "--passphrase-file", passphraseFile, "--json");
    expect(init.summary).toMatchObject({ encrypted: true });
    const backup = await runCli(["--data-dir", encrypted.dir, "backup", "--json"], {
      env: { QVAULT_PASSPHRASE: "correct horse battery" },
    });
    expect(backup.code).toBe(0);

    const none = await run("snapshots", "--json");
    expect(none.code).toBe(12);
    expect(none.error).toMatchObject({ code: "WRONG_PASSPHRASE" });
    const wrong = await run("snapshots", "--passphrase", "battery horse correct");
    expect(wrong.code).toBe(12);
    expect(wrong.stderr).toMatch(/passphrase is wrong/);
    const short = await run("snapshots", "--passphrase", "short", "--json");
    expect(short.code).toBe(2);
    expect(short.error!.message).toMatch(/--passphrase \(QVAULT_PASSPHRASE\): must be at least 8 characters/);
    const right = await run("check", "--read-data", "--passphrase", "correct horse battery");
    expect(right.code).toBe(0);
  });
});
