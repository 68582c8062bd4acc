/**
 * Repositories in object storage through the command line, and the disaster drill the README
 * shows: an encrypted repository in one bucket, `qvault copy` into a second bucket under another
 * passphrase, the first bucket emptied, then `snapshots`, `check --read-data` and a full restore
 * from the copy alone, into a bank that lost everything: it comes back equal.
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type S3Server, startS3Server } from "@qvault/test-server";
import { afterAll, beforeAll, expect, it } from "vitest";
import { bankContent, seededDataDir, sql, type TestData } from "./helpers/bank.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";

let data: TestData;
let s3: S3Server;
const PRIMARY = "s3://qvault-primary/bank";
const COPY = "s3://qvault-offsite/copies/bank";

beforeAll(async () => {
  assertBuilt();
  data = seededDataDir(60);
  s3 = await startS3Server({ buckets: ["qvault-primary", "qvault-offsite"] });
});
afterAll(async () => {
  data?.remove();
  await s3?.stop();
});

/**
 * The bank's media folder is its data folder's, where seeding put it: named, since on PostgreSQL
 * the default with a repository in object storage is a prefix of the store.
 */
const env = () => ({
  ...s3.env(),
  QVAULT_DATA_DIR: data.dir,
  QVAULT_MEDIA_DIR: join(data.dir, "media"),
  QVAULT_PASSPHRASE: "primary passphrase",
});
const qvault = (...args: string[]) => runCli(["--db", data.database, ...args], { env: env() });
/** The objects of a bucket, as s3rver keeps them in its folder. */
const objectsOf = (bucket: string) => {
  const root = join(s3.directory, bucket);
  return existsSync(root)
    ? readdirSync(root, { recursive: true })
        .map(String)
        .filter((path) => path.endsWith("._S3rver_object"))
    : [];
};

it("backs up into a bucket, copies incrementally to another, and restores the bank from the copy alone", async () => {
  expect((await qvault("--repo", PRIMARY, "init", "--json")).summary).toMatchObject({ encrypted: true });
  const first = (await qvault("--repo", PRIMARY, "backup", "--json")).summary!.snapshotId as string;
  const original = await bankContent(data.database);

  const passphraseFile = join(data.dir, "copy-passphrase");
  writeFileSync(passphraseFile, "the off-site passphrase\n");
  const copyOffsite = () =>
    qvault("--repo", PRIMARY, "copy", "--to", COPY, "--to-passphrase-file", passphraseFile, "--json");
  const copied = await copyOffsite();
  expect(copied.code, copied.stderr).toBe(0);
  expect(copied.summary).toMatchObject({ command: "copy", to: COPY, copied: [first], present: 0 });

  // Incremental: an edit, a backup, and the next copy brings that snapshot alone.
  const [edited] = await sql(data.database, [`SELECT "id" FROM "question" ORDER BY "id" LIMIT 1`]);
  await sql(data.database, [
    `UPDATE "question" SET "prompt" = 'edited before the second backup' WHERE "id" = ?`,
    [edited.id],
  ]);
  const second = (await qvault("--repo", PRIMARY, "backup", "--json")).summary!.snapshotId as string;
  const changed = await bankContent(data.database);
  const again = await copyOffsite();
  expect(again.code, again.stderr).toBe(0);
  expect(again.summary).toMatchObject({ copied: [second], present: 1 });
  expect(again.summary!.records).toBeLessThan(10);
  const upToDate = await copyOffsite();
  expect(upToDate.summary).toMatchObject({ copied: [], present: 2, records: 0 });

  // The disaster: the primary is gone, and so is the bank's content.
  expect(objectsOf("qvault-primary").length).toBeGreaterThan(0);
  rmSync(join(s3.directory, "qvault-primary"), { recursive: true, force: true });
  expect(objectsOf("qvault-primary")).toEqual([]);
  await sql(data.database, [`DELETE FROM "section"`]);
  expect(await bankContent(data.database)).not.toEqual(changed);

  // The three commands of the drill, pointed at the copy with its own passphrase.
  const fromCopy = (...args: string[]) =>
    runCli(["--db", data.database, "--repo", COPY, "--passphrase-file", passphraseFile, ...args], {
      env: { ...s3.env(), QVAULT_DATA_DIR: data.dir },
    });
  const listed = await fromCopy("snapshots", "--json");
  expect(listed.code, listed.stderr).toBe(0);
  expect(listed.lines.filter((l) => l.message_type === "snapshot").map((l) => l.id)).toEqual([first, second]);
  const checked = await fromCopy("check", "--read-data", "--json");
  expect(checked.summary).toMatchObject({ ok: true, problems: 0 });
  const restored = await fromCopy("restore", "latest", "--yes", "--json");
  expect(restored.code, restored.stderr).toBe(0);
  expect(await bankContent(data.database)).toEqual(changed);
  const older = await fromCopy("restore", first, "--yes", "--json");
  expect(older.code, older.stderr).toBe(0);
  expect(await bankContent(data.database)).toEqual(original);
});

it("refuses a copy into the repository itself, and an s3:// location that names no bucket", async () => {
  const same = await qvault("--repo", PRIMARY, "copy", "--to", PRIMARY, "--json");
  expect(same.code).toBe(2);
  expect(same.error?.message).toMatch(/--to names the repository being copied/);
  const bad = await qvault("--repo", "s3://X/y", "snapshots", "--json");
  expect(bad.code).toBe(2);
  expect(bad.error?.message).toMatch(/--repo \(QVAULT_REPOSITORY\): must be s3:\/\/bucket\/prefix/);
});

it("copies to a bucket of another store, reached with QVAULT_COPY_S3_ENDPOINT", async () => {
  const elsewhere = await startS3Server({ buckets: ["other-provider"] });
  try {
    const env = {
      ...s3.env(),
      QVAULT_PASSPHRASE: "primary passphrase",
      QVAULT_COPY_S3_ENDPOINT: elsewhere.endpoint,
    };
    const repo = "s3://qvault-offsite/second";
    expect((await runCli(["--db", data.database, "--repo", repo, "init", "--json"], { env })).code).toBe(0);
    const id = (await runCli(["--db", data.database, "--repo", repo, "backup", "--json"], { env })).summary!
      .snapshotId as string;
    const copied = await runCli(
      ["--db", data.database, "--repo", repo, "copy", "--to", "s3://other-provider/bank", "--json"],
      { env },
    );
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.summary).toMatchObject({ copied: [id], created: true });
    const there = readdirSync(join(elsewhere.directory, "other-provider"), { recursive: true }).map(String);
    expect(there.some((path) => path.startsWith("bank/snapshots/"))).toBe(true);
    // The copy is read on that store, with the source's passphrase (no copy passphrase was given).
    const listed = await runCli(["--repo", "s3://other-provider/bank", "snapshots", "--json"], {
      env: { ...elsewhere.env(), QVAULT_PASSPHRASE: "primary passphrase" },
    });
    expect(listed.lines.filter((l) => l.message_type === "snapshot").map((l) => l.id)).toEqual([id]);
  } finally {
    await elsewhere.stop();
  }
});
