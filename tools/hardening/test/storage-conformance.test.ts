/**
 * Storage conformance: the same cases on every kind of storage a repository lives in, a local
 * folder and S3-compatible object storage, so that the engine above them cannot tell them apart.
 *
 * Object storage here is a real S3-protocol server (s3rver) on loopback, started by the suite.
 * To run the cases against another store (AWS S3, MinIO, R2…), set QVAULT_TEST_S3_LOCATION to an
 * `s3://bucket/prefix` of a bucket that may be written to, QVAULT_S3_ENDPOINT (and
 * QVAULT_S3_REGION, QVAULT_S3_FORCE_PATH_STYLE) as the server reads them, and the SDK's usual
 * credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). The cases write below a fresh prefix
 * of that location and delete what they wrote.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  backup,
  check,
  createStorage,
  nodeCodec,
  Repository,
  readLock,
  restore,
  type S3Settings,
  type Storage,
  StorageError,
} from "@qvault/core";
import { type MemoryBank, memoryBankSource, memoryBankTarget } from "@qvault/core/testing";
import { S3_TEST_CREDENTIALS, type S3Server, startS3Server } from "@qvault/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBank, TEST_SCRYPT } from "../src/fixtures.js";

const external = process.env.QVAULT_TEST_S3_LOCATION;
let server: S3Server | null = null;
let s3: S3Settings = {};
const folders: string[] = [];

beforeAll(async () => {
  if (external) {
    s3 = {
      endpoint: process.env.QVAULT_S3_ENDPOINT,
      region: process.env.QVAULT_S3_REGION,
      forcePathStyle: process.env.QVAULT_S3_FORCE_PATH_STYLE === "true",
    };
    return;
  }
  server = await startS3Server({ buckets: ["conformance"] });
  process.env.AWS_ACCESS_KEY_ID = S3_TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3_TEST_CREDENTIALS.secretAccessKey;
  s3 = { endpoint: server.endpoint, forcePathStyle: true };
});

afterAll(async () => {
  await server?.stop();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty storage of each kind. */
const kinds: { name: string; fresh(): Storage }[] = [
  {
    name: "a local folder",
    fresh() {
      const dir = mkdtempSync(join(tmpdir(), "qvault-conformance-"));
      folders.push(dir);
      return createStorage(dir);
    },
  },
  {
    name: "S3-compatible object storage",
    fresh: () =>
      createStorage(`${external ?? "s3://conformance/repositories"}/${randomBytes(6).toString("hex")}`, s3),
  },
];

/** The bank's records in id order: a restore need not keep the order of a list. */
const sorted = (bank: MemoryBank) => ({
  sections: [...bank.sections].sort((a, b) => a.id.localeCompare(b.id)),
  questions: [...bank.questions].sort((a, b) => a.id.localeCompare(b.id)),
});
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

describe.each(kinds)("storage in $name", (kind) => {
  it("writes a file whole, reads it and its ranges, and tells its size", async () => {
    const storage = kind.fresh();
    await storage.write("data/ab/pack-1", bytes("0123456789"));
    expect(text(await storage.read("data/ab/pack-1"))).toBe("0123456789");
    expect(text(await storage.readRange("data/ab/pack-1", 3, 4))).toBe("3456");
    expect(await storage.readRange("data/ab/pack-1", 5, 0)).toHaveLength(0);
    expect(await storage.size("data/ab/pack-1")).toBe(10);
    expect((await failure(storage.readRange("data/ab/pack-1", 8, 5))).code).toBe("ESHORT");
    expect((await failure(storage.readRange("data/ab/pack-1", 20, 5))).code).toBe("ESHORT");
  });

  it("never replaces a file with write; replace swaps it whole", async () => {
    const storage = kind.fresh();
    await storage.write("config", bytes("first"));
    expect((await failure(storage.write("config", bytes("second")))).code).toBe("EEXIST");
    expect(text(await storage.read("config"))).toBe("first");
    await storage.replace("locks/writer.lock", bytes("a"));
    await storage.replace("locks/writer.lock", bytes("bb"));
    expect(text(await storage.read("locks/writer.lock"))).toBe("bb");
  });

  it("answers for a missing file: ENOENT to reads, null size, a delete that is not an error", async () => {
    const storage = kind.fresh();
    expect((await failure(storage.read("snapshots/none"))).code).toBe("ENOENT");
    expect((await failure(storage.readRange("snapshots/none", 0, 1))).code).toBe("ENOENT");
    expect(await storage.size("snapshots/none")).toBeNull();
    await storage.delete("snapshots/none");
  });

  it("lists every file below a folder, sorted, and nothing of a folder that only begins alike", async () => {
    const storage = kind.fresh();
    const paths = ["data/b/2", "data/a/1", "data/a/0", "database/x", "index/1", "config"];
    for (const path of paths) await storage.write(path, bytes(path));
    expect(await storage.list("data")).toEqual(["data/a/0", "data/a/1", "data/b/2"]);
    expect(await storage.list("data/")).toEqual(["data/a/0", "data/a/1", "data/b/2"]);
    expect(await storage.list("")).toEqual([...paths].sort());
    expect(await storage.list("nothing")).toEqual([]);
    await storage.delete("data/a/1");
    expect(await storage.list("data/a")).toEqual(["data/a/0"]);
  });

  it("refuses paths that climb out or are not relative", async () => {
    const storage = kind.fresh();
    for (const path of ["../x", "/abs", "a//b", "a/./b", ""])
      expect((await failure(storage.write(path, bytes("x")))).code).toBe("EINVAL");
  });

  it("stores a file larger than one upload part byte for byte", async () => {
    const storage = kind.fresh();
    const big = randomBytes(20 * 1024 * 1024 + 123);
    await storage.write("data/big/pack", big);
    expect(await storage.size("data/big/pack")).toBe(big.length);
    expect(Buffer.compare(await storage.read("data/big/pack"), big)).toBe(0);
    const tail = await storage.readRange("data/big/pack", big.length - 1000, 1000);
    expect(Buffer.compare(tail, big.subarray(big.length - 1000))).toBe(0);
  });

  it("holds a repository: backup, check with read-data, and a restore that gives the bank back", async () => {
    for (const passphrase of [null, "conformance passphrase"]) {
      const storage = kind.fresh();
      const repository = await Repository.init({
        storage,
        codec: nodeCodec,
        passphrase,
        scrypt: TEST_SCRYPT,
      });
      const bank = makeBank();
      const first = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
      const reopened = await Repository.open({ storage, codec: nodeCodec, passphrase });
      const report = await check(reopened, { readData: true });
      expect(report.problems).toEqual([]);
      const empty: MemoryBank = { sections: [], questions: [] };
      await restore(reopened, memoryBankTarget(empty), {
        backupId: first.id,
        scope: "FULL",
        mode: "REPLACE",
      });
      expect(sorted(empty)).toEqual(sorted(bank));
    }
  });

  it("keeps one writer: another machine's live lease refuses a writer, which takes over once the lease runs out", async () => {
    const storage = kind.fresh();
    await Repository.init({ storage, codec: nodeCodec });
    const bank = makeBank();
    // Another machine's writer holds the lock and refreshes it (its lease is live)...
    const other = { id: "0123456789abcdef", host: "another-machine", pid: 4242, purpose: "backup" };
    const lease = () =>
      bytes(
        JSON.stringify({
          ...other,
          createdAt: new Date().toISOString(),
          refreshedAt: new Date().toISOString(),
        }),
      );
    await storage.write("locks/writer.lock", lease());
    const leaseMs = 1500;
    const taken: string[] = [];
    const open = () =>
      Repository.open({
        storage,
        codec: nodeCodec,
        lock: {
          waitMs: 500,
          staleMs: leaseMs,
          onStaleLock: (lock, reason) => taken.push(`${lock.host}: ${reason}`),
        },
      });
    const refused = await backup(await open(), memoryBankSource(bank), { scope: "FULL" }).then(
      () => null,
      (error: { code?: string }) => error.code,
    );
    expect(refused).toBe("LOCKED");
    await storage.replace("locks/writer.lock", lease());
    expect(await backup(await open(), memoryBankSource(bank), { scope: "FULL" }).catch((e) => e.code)).toBe(
      "LOCKED",
    );
    expect(taken).toEqual([]);
    // ...then stops refreshing, as a machine that died: after the lease, the writer takes over.
    await new Promise((resolve) => setTimeout(resolve, leaseMs));
    const manifest = await backup(await open(), memoryBankSource(bank), { scope: "FULL" });
    expect(manifest.stats.questionCount).toBe(bank.questions.length);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatch(/^another-machine: it was last refreshed/);
    expect(await readLock(storage)).toBeNull();
  });
});
