import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backup, backupChanges, check, nodeCodec, prune, Repository, readSnapshot } from "../src/index.js";
import { memoryBankSource } from "../src/testing/index.js";
import { makeBank, newRepository, sortQuestions } from "./helpers.js";

async function filesOf(storage: {
  list(p: string): Promise<string[]>;
  size(p: string): Promise<number | null>;
}) {
  const out: Record<string, number | null> = {};
  for (const path of await storage.list("")) out[path] = await storage.size(path);
  return out;
}

describe("prune", () => {
  it("keeps every kept snapshot whole and verifiable, and frees what only forgotten ones used (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.nat({ max: 59 }), { maxLength: 15 }), { minLength: 2, maxLength: 7 }),
        fc.integer({ min: 1, max: 3 }),
        async (rounds, keepLast) => {
          const { repository, storage } = await newRepository();
          const bank = makeBank(3, 20);
          const contents = new Map<string, unknown>();
          for (const [r, edits] of rounds.entries()) {
            for (const i of edits) bank.questions[i]!.prompt = `round ${r} edit ${i} ${"x".repeat(200)}`;
            const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
            contents.set(manifest.id, structuredClone(sortQuestions(bank.questions)));
          }
          const before = Object.values(await filesOf(storage)).reduce((a, b) => a + (b ?? 0), 0);
          const dry = await prune(repository, { keepLast }, { dryRun: true, repackThreshold: 0.3 });
          const report = await prune(repository, { keepLast }, { repackThreshold: 0.3 });
          expect(report.forget.map((f) => f.id)).toEqual(dry.forget.map((f) => f.id));
          const remaining = await repository.listSnapshots();
          expect(remaining.map((m) => m.id).sort()).toEqual(report.keep.map((k) => k.id).sort());
          expect(remaining.length).toBe(Math.min(keepLast, rounds.length));
          for (const manifest of remaining)
            expect(sortQuestions((await readSnapshot(repository, manifest)).questions)).toEqual(
              contents.get(manifest.id),
            );
          const checked = await check(repository, { readData: true });
          expect(checked.problems).toEqual([]);
          expect(checked.unreferencedPacks).toEqual([]);
          const after = Object.values(await filesOf(storage)).reduce((a, b) => a + (b ?? 0), 0);
          if (report.forget.length && report.recordsRemoved) expect(after).toBeLessThan(before);
        },
      ),
      { numRuns: 15 },
    );
  });

  it("in a dry run says what would go and writes nothing; pinned snapshots stay", async () => {
    const { repository, storage } = await newRepository();
    const bank = makeBank(2, 10);
    const ids: string[] = [];
    for (let r = 0; r < 4; r++) {
      bank.questions[r]!.prompt = `r${r}`;
      ids.push((await backup(repository, memoryBankSource(bank), { scope: "FULL" })).id);
    }
    await repository.setPinned(ids[0]!, true);
    const files = await filesOf(storage);
    const dry = await prune(repository, { keepLast: 1 }, { dryRun: true });
    expect(dry.forget.map((f) => f.id).sort()).toEqual([ids[1], ids[2]].sort());
    expect(dry.keep.find((k) => k.id === ids[0])!.reasons).toEqual(["pinned"]);
    expect(await filesOf(storage)).toEqual(files);
  });

  it("merges the small packs of many automatic snapshots into one pack a section, losing nothing", async () => {
    const { repository, storage } = await newRepository();
    const bank = makeBank(3, 30);
    const source = memoryBankSource(bank);
    await backup(repository, source, { scope: "FULL", cursor: "0" });
    const contents = new Map<string, unknown>();
    for (let round = 1; round <= 40; round++) {
      const edited = bank.questions[(round * 7) % bank.questions.length]!;
      edited.prompt = `automatic round ${round}`;
      const manifest = await backupChanges(repository, source, {
        questionIds: [edited.id],
        sectionIds: [edited.sectionId],
        cursor: String(round),
      });
      contents.set(manifest.id, structuredClone(sortQuestions(bank.questions)));
    }
    const packsBefore = (await storage.list("data/")).filter((p) => p.endsWith(".pack"));
    expect(packsBefore.length).toBeGreaterThan(40);

    const dry = await prune(repository, { keepLast: 100 }, { dryRun: true });
    expect(dry.forget).toEqual([]);
    expect(dry.packsMerged).toBe(packsBefore.length);
    const report = await prune(repository, { keepLast: 100 });
    expect(report.packsMerged).toBe(packsBefore.length);

    const packsAfter = (await storage.list("data/")).filter((p) => p.endsWith(".pack"));
    const folders = new Set(packsAfter.map((p) => p.split("/")[1]));
    expect(packsAfter.length).toBe(folders.size);
    expect(await storage.list("index/")).toHaveLength(1);
    for (const [id, questions] of contents)
      expect(
        sortQuestions((await readSnapshot(repository, await repository.getSnapshot(id))).questions),
      ).toEqual(questions);
    const checked = await check(repository, { readData: true });
    expect(checked.problems).toEqual([]);
    expect(checked.unreferencedPacks).toEqual([]);

    // A section's one merged pack is left alone by the next cleanup.
    const again = await prune(repository, { keepLast: 100 });
    expect(again.packsRepacked).toBe(0);
  });
});

/** The index's kept total against the sum over its entries, recomputed. */
async function storedBytesOf(repository: Repository): Promise<number> {
  const index = await repository.loadIndex();
  let sum = 0;
  for (const [, location] of index.entries()) sum += location.length;
  expect(index.storedBytes).toBe(sum);
  return index.storedBytes;
}

describe("the record index's stored bytes", () => {
  it("equal the sum of the located records' lengths after backups and after a prune, as a reopened repository counts them", async () => {
    const { repository, storage } = await newRepository();
    const bank = makeBank(3, 40);
    const source = memoryBankSource(bank);
    expect(await storedBytesOf(repository)).toBe(0);
    let previous = 0;
    for (let round = 0; round < 6; round++) {
      for (let i = round; i < bank.questions.length; i += 5)
        bank.questions[i]!.prompt = `round ${round} edit ${i} ${"y".repeat(150)}`;
      if (round % 2) {
        const edited = bank.questions[round]!;
        await backupChanges(repository, source, {
          questionIds: [edited.id],
          sectionIds: [edited.sectionId],
          cursor: String(round),
        });
      } else await backup(repository, source, { scope: "FULL" });
      const stored = await storedBytesOf(repository);
      expect(stored).toBeGreaterThan(previous);
      previous = stored;
      expect(await storedBytesOf(await Repository.open({ storage, codec: nodeCodec }))).toBe(stored);
    }
    const report = await prune(repository, { keepLast: 2 }, { repackThreshold: 0.2 });
    expect(report.recordsRemoved).toBeGreaterThan(0);
    const pruned = await storedBytesOf(repository);
    expect(pruned).toBeLessThan(previous);
    expect(await storedBytesOf(await Repository.open({ storage, codec: nodeCodec }))).toBe(pruned);
  });

  it("count a record once when a newer index file or an adopted pack relocates it", async () => {
    const { repository, storage } = await newRepository();
    const bank = makeBank(2, 30);
    await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const first = await storedBytesOf(repository);
    const [lostPack] = (await storage.list("data/")).filter((p) => p.endsWith(".pack"));
    const firstIndex = await storage.list("index/");
    await storage.delete(lostPack!);

    // The next backup stores the lost pack's records again; its index file locates them anew.
    await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const relocated = await storedBytesOf(repository);
    const index = await repository.loadIndex();
    expect([...index.entries()].some(([, l]) => l.frame.pack === lostPack)).toBe(false);
    expect(relocated).toBe(first);

    // Without that index file the records point at the lost pack again, until the pack holding
    // their copies is adopted in place of it.
    const [secondIndex] = (await storage.list("index/")).filter((p) => !firstIndex.includes(p));
    await storage.delete(secondIndex!);
    expect(await storedBytesOf(repository)).toBe(first);
    const named = (await repository.loadIndex()).packs;
    const unnamed = (await storage.list("data/")).filter((p) => p.endsWith(".pack") && !named.has(p));
    expect(unnamed.length).toBeGreaterThan(0);
    const lost = await repository.lostPacks();
    expect([...lost]).toEqual([lostPack]);
    await repository.adoptPacks(unnamed, lost);
    expect(await storedBytesOf(repository)).toBe(relocated);
    const adopted = await repository.loadIndex();
    expect([...adopted.entries()].some(([, l]) => l.frame.pack === lostPack)).toBe(false);

    await prune(repository, { keepLast: 10 });
    expect(await storedBytesOf(repository)).toBe(relocated);
    expect(await storedBytesOf(await Repository.open({ storage, codec: nodeCodec }))).toBe(relocated);
  });
});
