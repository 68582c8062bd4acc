import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backup,
  check,
  createLocalStorage,
  encodeQuestion,
  nodeCodec,
  Repository,
  readSnapshot,
} from "../src/index.js";
import type { IndexFile } from "../src/repository/record-index.js";
import { sealFile } from "../src/repository/sealed-file.js";
import { memoryBankSource } from "../src/testing/index.js";
import { bankArbitrary, makeBank, newRepository, sortQuestions, TEST_SCRYPT, tempDir } from "./helpers.js";

describe("backup", () => {
  it("reads back any bank exactly as it was backed up (property)", async () => {
    await fc.assert(
      fc.asyncProperty(bankArbitrary, fc.boolean(), async (bank, encrypted) => {
        const { repository } = await newRepository({ passphrase: encrypted ? "correct horse" : null });
        const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
        const contents = await readSnapshot(repository, manifest);
        expect(contents.sections).toEqual(bank.sections);
        expect(
          sortQuestions(contents.questions).map((q) => new TextDecoder().decode(encodeQuestion(q))),
        ).toEqual(sortQuestions(bank.questions).map((q) => new TextDecoder().decode(encodeQuestion(q))));
        expect(manifest.stats).toMatchObject({
          questionCount: bank.questions.length,
          sectionCount: bank.sections.length,
        });
      }),
      { numRuns: 25 },
    );
  });

  it("stores each digest once, however many snapshots name it; an unchanged bank adds only a manifest", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(3, 50);
    const first = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const second = await backup(repository, memoryBankSource(bank), { scope: "FULL", note: "again" });
    expect(first.stats.addedRecords).toBe(150 + 3 + 3);
    expect(second.stats.addedRecords).toBe(0);
    expect(second.stats.changedCount).toBe(0);
    expect(second.stats.addedBytes).toBeLessThan(2000);
    expect(second.sections.map((s) => s.listing)).toEqual(first.sections.map((s) => s.listing));
    expect(second.parent).toBe(first.id);
    const index = await repository.loadIndex();
    const packs = await Promise.all(
      [...index.packs.keys()].map((path) =>
        repository.storage.read(path).then((bytes) => repository.packContents(path, bytes)),
      ),
    );
    const stored = packs.flatMap((p) => p.records.map((r) => r[0]));
    expect(new Set(stored).size).toBe(stored.length);
  });

  it("reads a repository whose index files are JSON (version 1) and adds binary ones to it", async () => {
    const { repository, dir } = await newRepository();
    const bank = makeBank(3, 40);
    const first = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const storage = createLocalStorage(dir);
    const files = await storage.list("index/");
    for (const path of files) {
      const json = await repository.readSealed<IndexFile>(path, "index");
      await storage.delete(path);
      await storage.write(path, await sealFile("index", json, { codec: nodeCodec, key: null, quality: 4 }));
      expect((await storage.read(path))[5]).toBe(1);
    }
    const reopened = await Repository.open({ storage, codec: nodeCodec });
    expect(sortQuestions((await readSnapshot(reopened, first)).questions)).toEqual(
      sortQuestions(bank.questions),
    );
    bank.questions[7]!.prompt = "edited";
    const second = await backup(reopened, memoryBankSource(bank), { scope: "FULL" });
    expect(second.stats.addedRecords).toBeGreaterThan(0);
    const added = (await storage.list("index/")).filter((path) => !files.includes(path));
    expect(added).toHaveLength(1);
    expect((await storage.read(added[0]!))[5]).toBe(2);
    const again = await Repository.open({ storage, codec: nodeCodec });
    expect(sortQuestions((await readSnapshot(again, second)).questions)).toEqual(
      sortQuestions(bank.questions),
    );
    expect((await check(again, { readData: true })).ok).toBe(true);
  });

  it("after a few edits adds those records and a small delta, and the snapshot still reads whole", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(4, 100);
    const first = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    bank.questions[5]!.prompt = "edited";
    bank.questions[250]!.answers[0]!.text = "edited answer";
    bank.questions.splice(399, 1);
    bank.questions.push({ ...bank.questions[0]!, id: "new-one", position: 1000 });
    const second = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    expect(second.stats.changedCount).toBe(3);
    // 3 question records, deltas for the 3 sections that changed
    expect(second.stats.addedRecords).toBe(3 + 3);
    expect(second.stats.addedBytes).toBeLessThan(first.stats.addedBytes / 5);
    const contents = await readSnapshot(repository, second);
    expect(sortQuestions(contents.questions)).toEqual(sortQuestions(bank.questions));
    expect(second.sections[3]!.listing.base).toBe(first.sections[3]!.listing.base);
  });

  it("keeps listing chains short: long runs of small edits fold into merged deltas and new bases", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(1, 40);
    for (let round = 0; round < 30; round++) {
      bank.questions[round % 40]!.prompt = `round ${round}`;
      const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
      expect(manifest.sections[0]!.listing.deltas.length).toBeLessThanOrEqual(8);
      const contents = await readSnapshot(repository, manifest);
      expect(sortQuestions(contents.questions)).toEqual(sortQuestions(bank.questions));
    }
  });

  it("backs up chosen sections or chosen questions only, and says which ids name nothing", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(3, 10);
    const sections = await backup(repository, memoryBankSource(bank), {
      scope: "SECTIONS",
      sectionIds: ["s1"],
    });
    expect(sections.sections.map((s) => s.id)).toEqual(["s1"]);
    expect(sections.stats.questionCount).toBe(10);
    const questions = await backup(repository, memoryBankSource(bank), {
      scope: "QUESTIONS",
      questionIds: ["s0-q1", "s2-q3"],
    });
    expect(questions.sections.map((s) => [s.id, s.count, s.complete])).toEqual([
      ["s0", 1, false],
      ["s2", 1, false],
    ]);
    const read = await readSnapshot(repository, questions);
    expect(read.questions.map((q) => q.id)).toEqual(["s0-q1", "s2-q3"]);
    await expect(
      backup(repository, memoryBankSource(bank), { scope: "SECTIONS", sectionIds: ["nope"] }),
    ).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      details: { field: "sectionIds" },
    });
    await expect(
      backup(repository, memoryBankSource(bank), { scope: "QUESTIONS", questionIds: ["s0-q1", "ghost"] }),
    ).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      details: { field: "questionIds" },
    });
    await expect(backup(repository, memoryBankSource(bank), { scope: "SECTIONS" })).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
    });
  });

  it("stops when cancelled and leaves no snapshot", async () => {
    const { repository } = await newRepository();
    const controller = new AbortController();
    controller.abort();
    await expect(
      backup(repository, memoryBankSource(makeBank(2, 5)), { scope: "FULL" }, { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: "CANCELLED",
    });
    expect(await repository.listSnapshots()).toEqual([]);
  });

  it("reports progress that only moves forward and ends done", async () => {
    const { repository } = await newRepository();
    const seen: { phase: string; done: number }[] = [];
    await backup(
      repository,
      memoryBankSource(makeBank(3, 1500)),
      { scope: "FULL" },
      { progress: (p) => seen.push(p) },
    );
    const reading = seen.filter((p) => p.phase === "reading").map((p) => p.done);
    expect(reading.length).toBeGreaterThan(2);
    expect(reading).toEqual([...reading].sort((a, b) => a - b));
    expect(seen.at(-1)).toMatchObject({ phase: "done", done: 4500 });
  });
});

describe("a repository on its own", () => {
  it("is listed, read and verified from its files alone, by a new process's view of it", async () => {
    const dir = tempDir();
    const { repository } = await newRepository({ passphrase: "pw" }, dir);
    const bank = makeBank(2, 20);
    const made = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const reopened = await Repository.open({
      storage: createLocalStorage(dir),
      codec: nodeCodec,
      passphrase: "pw",
    });
    const listed = await reopened.listSnapshots();
    expect(listed.map((m) => m.id)).toEqual([made.id]);
    expect(sortQuestions((await readSnapshot(reopened, listed[0]!)).questions)).toEqual(
      sortQuestions(bank.questions),
    );
    expect((await check(reopened, { readData: true })).ok).toBe(true);
  });

  it("refuses a wrong or missing passphrase with WRONG_PASSPHRASE before reading anything else", async () => {
    const dir = tempDir();
    await newRepository({ passphrase: "right", scrypt: TEST_SCRYPT }, dir);
    await expect(
      Repository.open({ storage: createLocalStorage(dir), codec: nodeCodec, passphrase: "wrong" }),
    ).rejects.toMatchObject({
      code: "WRONG_PASSPHRASE",
    });
    await expect(
      Repository.open({ storage: createLocalStorage(dir), codec: nodeCodec }),
    ).rejects.toMatchObject({ code: "WRONG_PASSPHRASE" });
  });

  it("encrypts: no question text appears in any file", async () => {
    const dir = tempDir();
    const { repository } = await newRepository({ passphrase: "secret" }, dir);
    const bank = makeBank(1, 5);
    bank.questions[0]!.prompt = "UNIQUE-MARKER-TEXT";
    await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    for (const path of await repository.storage.list("")) {
      const text = Buffer.from(await repository.storage.read(path)).toString("latin1");
      expect(text).not.toContain("UNIQUE-MARKER");
      expect(text).not.toContain("Section 0");
    }
  });

  it("refuses to create a repository over an existing one", async () => {
    const dir = tempDir();
    await newRepository({}, dir);
    await expect(
      Repository.init({ storage: createLocalStorage(dir), codec: nodeCodec }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("deletes a snapshot without breaking another, and refuses to delete a pinned one", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(2, 10);
    const a = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    bank.questions[0]!.prompt = "changed";
    const b = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    await repository.setPinned(b.id, true);
    await expect(repository.deleteSnapshot(b.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await repository.deleteSnapshot(a.id);
    expect((await repository.listSnapshots()).map((m) => m.id)).toEqual([b.id]);
    expect(sortQuestions((await readSnapshot(repository, b)).questions)).toEqual(
      sortQuestions(bank.questions),
    );
    expect((await check(repository, { readData: true })).ok).toBe(true);
  });
});
