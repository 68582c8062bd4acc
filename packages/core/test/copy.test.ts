import { describe, expect, it } from "vitest";
import {
  backup,
  backupChanges,
  check,
  copySnapshots,
  createLocalStorage,
  nodeCodec,
  Repository,
  readSnapshot,
  restore,
  type Storage,
} from "../src/index.js";
import { type MemoryBank, memoryBankSource, memoryBankTarget } from "../src/testing/index.js";
import { makeBank, newRepository, sortQuestions, TEST_SCRYPT, tempDir } from "./helpers.js";

/** A storage that counts the reads made through it. */
function counted(storage: Storage): Storage & { reads: number } {
  const wrapped = {
    ...storage,
    reads: 0,
    read(path: string) {
      wrapped.reads++;
      return storage.read(path);
    },
    readRange(path: string, offset: number, length: number) {
      wrapped.reads++;
      return storage.readRange(path, offset, length);
    },
  };
  return wrapped;
}

const sorted = (bank: MemoryBank) => ({
  sections: [...bank.sections].sort((a, b) => a.id.localeCompare(b.id)),
  questions: sortQuestions([...bank.questions]),
});

describe("copySnapshots", () => {
  it("copies every snapshot with its id, re-sealed under the copy's own passphrase, and restores from the copy alone", async () => {
    const { repository: source } = await newRepository({ passphrase: "source passphrase" });
    const bank = makeBank(3, 20);
    const first = await backup(source, memoryBankSource(bank), { scope: "FULL", note: "first" });
    bank.questions[4]!.prompt = "edited";
    const second = await backupChanges(source, memoryBankSource(bank), {
      questionIds: [bank.questions[4]!.id],
      sectionIds: [bank.questions[4]!.sectionId],
      cursor: "7",
    });

    const dir = tempDir();
    const copy = await Repository.init({
      storage: createLocalStorage(dir),
      codec: nodeCodec,
      passphrase: "the copy's own passphrase",
      scrypt: TEST_SCRYPT,
    });
    const report = await copySnapshots(source, copy);
    expect(report.copied).toEqual([first.id, second!.id]);
    expect(report.present).toBe(0);
    expect(report.records).toBeGreaterThan(60);

    // The copy stands alone: opened with its own passphrase, checked byte for byte, restored.
    const reopened = await Repository.open({
      storage: createLocalStorage(dir),
      codec: nodeCodec,
      passphrase: "the copy's own passphrase",
    });
    const listed = await reopened.listSnapshots();
    expect(listed.map((m) => [m.id, m.note, m.trigger, m.parent, m.cursor])).toEqual([
      [first.id, "first", "MANUAL", null, null],
      [second!.id, null, "AUTOMATIC", first.id, "7"],
    ]);
    expect((await check(reopened, { readData: true })).problems).toEqual([]);
    for (const manifest of [first, second!])
      expect((await readSnapshot(reopened, manifest)).digests).toEqual(
        (await readSnapshot(source, manifest)).digests,
      );
    const empty: MemoryBank = { sections: [], questions: [] };
    await restore(reopened, memoryBankTarget(empty), {
      backupId: second!.id,
      scope: "FULL",
      mode: "REPLACE",
    });
    expect(sorted(empty)).toEqual(sorted(bank));
    await expect(
      Repository.open({
        storage: createLocalStorage(dir),
        codec: nodeCodec,
        passphrase: "source passphrase",
      }),
    ).rejects.toMatchObject({ code: "WRONG_PASSPHRASE" });
  });

  it("is incremental: an up-to-date copy reads no record, and a new snapshot brings only its new records", async () => {
    const sourceStorage = counted(createLocalStorage(tempDir()));
    const { repository: source } = await newRepository({ storage: sourceStorage });
    const bank = makeBank(2, 30);
    await backup(source, memoryBankSource(bank), { scope: "FULL" });
    const { repository: copy } = await newRepository();
    await copySnapshots(source, copy);

    const before = sourceStorage.reads;
    const again = await copySnapshots(source, copy);
    expect(again).toEqual({ copied: [], present: 1, records: 0, bytes: 0 });
    // Only the snapshot list was read (manifests are cached once read): no pack, no listing.
    expect(sourceStorage.reads - before).toBeLessThanOrEqual(1);

    bank.questions[0]!.prompt = "one edit";
    const next = await backup(source, memoryBankSource(bank), { scope: "FULL" });
    const third = await copySnapshots(source, copy);
    expect(third.copied).toEqual([next.id]);
    // The edited question, its section's new listing blob: nothing the copy holds already.
    expect(third.records).toBe(2);
  });

  it("copies a chosen snapshot, and an unencrypted source into an encrypted copy", async () => {
    const { repository: source } = await newRepository();
    const bank = makeBank(1, 5);
    const a = await backup(source, memoryBankSource(bank), { scope: "FULL" });
    bank.questions[0]!.prompt = "changed";
    const b = await backup(source, memoryBankSource(bank), { scope: "FULL" });
    const { repository: copy } = await newRepository({ passphrase: "copy only" });
    expect((await copySnapshots(source, copy, { snapshotIds: [b.id] })).copied).toEqual([b.id]);
    expect((await copy.listSnapshots()).map((m) => m.id)).toEqual([b.id]);
    expect((await copySnapshots(source, copy)).copied).toEqual([a.id]);
    expect((await copy.listSnapshots()).map((m) => m.id)).toEqual([a.id, b.id]);
    expect((await check(copy, { readData: true })).problems).toEqual([]);
  });

  it("stops at a damaged record of the source with INTEGRITY_ERROR, keeping what it copied before", async () => {
    const dir = tempDir();
    const { repository: source } = await newRepository({}, dir);
    const bank = makeBank(1, 10);
    const a = await backup(source, memoryBankSource(bank), { scope: "FULL" });
    const storage = createLocalStorage(dir);
    const packsOfA = new Set(await storage.list("data"));
    bank.questions[0]!.prompt = "new text";
    await backup(source, memoryBankSource(bank), { scope: "FULL" });
    // Damage the pack the second snapshot added.
    const [added] = (await storage.list("data")).filter((p) => !packsOfA.has(p));
    const bytes = await storage.read(added!);
    bytes[bytes.length >> 1]! ^= 0xff;
    await storage.delete(added!);
    await storage.write(added!, bytes);
    const damaged = await Repository.open({ storage: createLocalStorage(dir), codec: nodeCodec });
    const { repository: copy } = await newRepository();
    const failure = await copySnapshots(damaged, copy).catch((e) => e);
    expect(failure.code).toBe("INTEGRITY_ERROR");
    expect((await copy.listSnapshots()).map((m) => m.id)).toEqual([a.id]);
  });
});
