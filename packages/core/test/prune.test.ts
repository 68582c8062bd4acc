import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backup, backupChanges, check, prune, readSnapshot } from "../src/index.js";
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
