import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import {
  backup,
  check,
  createLocalStorage,
  nodeCodec,
  Repository,
  readSnapshot,
  StorageError,
} from "../src/index.js";
import { createFaultyStorage, memoryBankSource } from "../src/testing/index.js";
import { makeBank, newRepository, sortQuestions, TEST_SCRYPT, tempDir } from "./helpers.js";

/** Opens the repository and reads every record of every snapshot, as a full restore would. */
async function readEverything(dir: string, passphrase: string | null) {
  const repository = await Repository.open({
    storage: createLocalStorage(dir),
    codec: nodeCodec,
    passphrase,
  });
  const snapshots = await repository.listSnapshots();
  const damaged = repository.damagedSnapshots();
  if (damaged.length) throw damaged[0]!.error;
  for (const snapshot of snapshots) await readSnapshot(repository, snapshot);
  return snapshots.length;
}

describe.each([
  ["plain", null],
  ["encrypted", "pass phrase"],
])("every byte of every file of a %s repository, flipped in turn", (_name, passphrase) => {
  it("is caught by check --read-data and refused by reads with INTEGRITY_ERROR", {
    timeout: 240_000,
  }, async () => {
    const dir = tempDir();
    const { repository, storage } = await newRepository({ passphrase, scrypt: TEST_SCRYPT }, dir);
    const bank = makeBank(1, 2);
    bank.questions.forEach((q) => {
      q.prompt = q.prompt.slice(0, 30);
    });
    await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    bank.questions[0]!.prompt = "edited";
    await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const files = await storage.list("");
    expect(files.length).toBeGreaterThanOrEqual(6);
    let flips = 0;
    for (const path of files) {
      const original = await storage.read(path);
      for (let i = 0; i < original.length; i++) {
        const damaged = original.slice();
        damaged[i]! ^= 0x01 << (i % 8);
        await storage.delete(path);
        await storage.write(path, damaged);
        flips++;
        // reads refuse
        const read = await readEverything(dir, passphrase).then(
          () => null,
          (error) => error,
        );
        expect(read?.code, `${path} byte ${i}: reads`).toBe(
          path === "config" ? "INTEGRITY_ERROR" : "INTEGRITY_ERROR",
        );
        // check finds it (config damage stops opening, which is the refusal)
        if (path !== "config") {
          const fresh = await Repository.open({
            storage: createLocalStorage(dir),
            codec: nodeCodec,
            passphrase,
          });
          const report = await check(fresh, { readData: true });
          expect(report.ok, `${path} byte ${i}: check`).toBe(false);
        }
        await storage.delete(path);
        await storage.write(path, original);
      }
    }
    expect(flips).toBeGreaterThan(1000);
    expect(await readEverything(dir, passphrase)).toBe(2);
  });
});

describe("a storage that fails at each write step in turn", () => {
  it("leaves a repository that checks clean and keeps every snapshot completed before the failure", {
    timeout: 120_000,
  }, async () => {
    // Count the steps of three backups on healthy storage.
    const bank = () => makeBank(3, 30);
    const edits = (b: ReturnType<typeof makeBank>, round: number) => {
      b.questions[round * 7]!.prompt = `edit ${round}`;
      return b;
    };
    const counter = createFaultyStorage(createLocalStorage(tempDir()));
    const healthy = await Repository.init({ storage: counter, codec: nodeCodec });
    for (let round = 0; round < 3; round++)
      await backup(healthy, memoryBankSource(edits(bank(), round)), { scope: "FULL" });
    const totalSteps = counter.steps;
    expect(totalSteps).toBeGreaterThan(10);

    for (let failAt = 2; failAt <= totalSteps; failAt++) {
      const dir = tempDir();
      const storage = createFaultyStorage(createLocalStorage(dir));
      const repository = await Repository.init({ storage, codec: nodeCodec });
      storage.failAt = failAt;
      const completed: string[] = [];
      for (let round = 0; round < 3; round++) {
        try {
          completed.push(
            (await backup(repository, memoryBankSource(edits(bank(), round)), { scope: "FULL" })).id,
          );
        } catch (error) {
          expect((error as { code: string }).code).toBe("ENOSPC");
        }
      }
      storage.failAt = null;
      const reopened = await Repository.open({ storage: createLocalStorage(dir), codec: nodeCodec });
      const report = await check(reopened, { readData: true });
      expect(report.problems, `failure at step ${failAt}`).toEqual([]);
      const listed = (await reopened.listSnapshots()).map((m) => m.id);
      for (const id of completed) expect(listed).toContain(id);
      // the repository keeps working after the failure
      const next = await backup(reopened, memoryBankSource(bank()), { scope: "FULL" });
      expect(sortQuestions((await readSnapshot(reopened, next)).questions)).toEqual(
        sortQuestions(bank().questions),
      );
    }
  });
});

describe("the writer lock", () => {
  it("serializes two writers on one repository, in one process or two views of it", async () => {
    const dir = tempDir();
    await newRepository({}, dir);
    const a = await Repository.open({ storage: createLocalStorage(dir), codec: nodeCodec });
    const b = await Repository.open({ storage: createLocalStorage(dir), codec: nodeCodec });
    let inside = 0;
    let overlapped = false;
    const work = (repository: Repository) =>
      repository.write("test", async () => {
        inside++;
        if (inside > 1) overlapped = true;
        await new Promise((resolve) => setTimeout(resolve, 50));
        inside--;
      });
    await Promise.all([work(a), work(b), work(a), work(b)]);
    expect(overlapped).toBe(false);
    const [x, y] = await Promise.all([
      backup(a, memoryBankSource(makeBank(2, 10)), { scope: "FULL" }),
      backup(b, memoryBankSource(makeBank(2, 11)), { scope: "FULL" }),
    ]);
    expect(x.id).not.toBe(y.id);
    expect((await check(a, { readData: true })).ok).toBe(true);
  });

  it("takes over a stale lock left by a process that is gone", async () => {
    const dir = tempDir();
    const { repository, storage } = await newRepository({}, dir);
    await storage.write(
      "locks/writer.lock",
      new TextEncoder().encode(
        JSON.stringify({
          id: "x",
          host: hostname(),
          pid: 2 ** 22 - 3,
          purpose: "crashed",
          createdAt: new Date().toISOString(),
        }),
      ),
    );
    await backup(repository, memoryBankSource(makeBank(1, 3)), { scope: "FULL" });
    expect(await storage.size("locks/writer.lock")).toBeNull();
  });

  it("takes over its own lock left behind when reading it back failed", async () => {
    const dir = tempDir();
    const { storage } = await newRepository({}, dir);
    let failReadBack = true;
    const flaky: typeof storage = {
      ...storage,
      read: async (path) => {
        if (path === "locks/writer.lock" && failReadBack) {
          failReadBack = false;
          throw new StorageError("EIO", "EIO: connection reset", path);
        }
        return storage.read(path);
      },
    };
    const repository = await Repository.open({ storage: flaky, codec: nodeCodec, lock: { waitMs: 500 } });
    const bank = memoryBankSource(makeBank(1, 3));
    await expect(backup(repository, bank, { scope: "FULL" })).rejects.toThrow(/connection reset/);
    expect(await storage.size("locks/writer.lock")).not.toBeNull();
    await backup(repository, bank, { scope: "FULL" });
    expect(await storage.size("locks/writer.lock")).toBeNull();
  });

  it("gives up on a live lock after waiting, with LOCKED", async () => {
    const dir = tempDir();
    const { storage } = await newRepository({}, dir);
    await storage.write(
      "locks/writer.lock",
      new TextEncoder().encode(
        JSON.stringify({
          id: "x",
          host: "other-host",
          pid: 1,
          purpose: "backup elsewhere",
          createdAt: new Date().toISOString(),
        }),
      ),
    );
    const repository = await Repository.open({ storage, codec: nodeCodec, lock: { waitMs: 200 } });
    await expect(
      backup(repository, memoryBankSource(makeBank(1, 3)), { scope: "FULL" }),
    ).rejects.toMatchObject({ code: "LOCKED", details: { lock: { host: "other-host" } } });
  });
});
