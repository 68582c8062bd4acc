import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  backup,
  backupChanges,
  type ChangeSet,
  encodeQuestion,
  encodeSection,
  readSnapshot,
} from "../src/index.js";
import { type MemoryBank, memoryBankSource } from "../src/testing/index.js";
import { bankArbitrary, makeBank, newRepository, question, sortQuestions } from "./helpers.js";

/** What a change journal would report between two states of a bank. */
function changesBetween(before: MemoryBank, after: MemoryBank, cursor: string): ChangeSet {
  const text = (q: unknown) => JSON.stringify(q);
  const beforeQ = new Map(before.questions.map((q) => [q.id, q]));
  const afterQ = new Map(after.questions.map((q) => [q.id, q]));
  const questionIds = new Set<string>();
  const sectionIds = new Set<string>();
  for (const id of new Set([...beforeQ.keys(), ...afterQ.keys()])) {
    const a = beforeQ.get(id);
    const b = afterQ.get(id);
    if (
      !a ||
      !b ||
      new TextDecoder().decode(encodeQuestion(a)) !== new TextDecoder().decode(encodeQuestion(b))
    ) {
      questionIds.add(id);
      if (a) sectionIds.add(a.sectionId);
      if (b) sectionIds.add(b.sectionId);
    }
  }
  const beforeS = new Map(before.sections.map((s) => [s.id, s]));
  for (const s of after.sections)
    if (!beforeS.has(s.id) || text(encodeSection(beforeS.get(s.id)!)) !== text(encodeSection(s)))
      sectionIds.add(s.id);
  for (const s of before.sections) if (!after.sections.some((x) => x.id === s.id)) sectionIds.add(s.id);
  return { questionIds: [...questionIds], sectionIds: [...sectionIds], cursor };
}

const editArbitrary = fc.record({
  change: fc.array(fc.nat(), { maxLength: 5 }),
  remove: fc.array(fc.nat(), { maxLength: 3 }),
  add: fc.nat({ max: 3 }),
  move: fc.option(fc.nat(), { nil: null }),
  dropSection: fc.boolean(),
  newSection: fc.boolean(),
});

function edit(bank: MemoryBank, e: fc.Arbitrary<unknown> extends never ? never : any, round: number): void {
  const pick = (n: number) => bank.questions[n % Math.max(1, bank.questions.length)];
  for (const n of e.change) {
    const q = pick(n);
    if (q) q.prompt = `${q.prompt} r${round}`;
  }
  for (const n of e.remove) if (bank.questions.length) bank.questions.splice(n % bank.questions.length, 1);
  if (e.newSection)
    bank.sections.push({
      id: `new-${round}`,
      name: `New ${round}`,
      description: null,
      position: 100 + round,
    });
  const maxPos = (id: string) =>
    Math.max(-1, ...bank.questions.filter((q) => q.sectionId === id).map((q) => q.position));
  for (let i = 0; i < e.add; i++) {
    const s = bank.sections[(round + i) % bank.sections.length]!;
    bank.questions.push(question(s.id, maxPos(s.id) + 1, `added ${round}.${i}`, `added-${round}-${i}`));
  }
  if (e.move !== null) {
    const q = pick(e.move);
    const to = bank.sections[(e.move + 1) % bank.sections.length]!;
    if (q && q.sectionId !== to.id) {
      q.position = maxPos(to.id) + 1;
      q.sectionId = to.id;
    }
  }
  if (e.dropSection && bank.sections.length > 1) {
    const gone = bank.sections.pop()!;
    bank.questions = bank.questions.filter((q) => q.sectionId !== gone.id);
  }
}

describe("incremental backups from a change set", () => {
  it("give the same snapshot content as a full backup would, over many rounds (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        bankArbitrary,
        fc.array(editArbitrary, { minLength: 1, maxLength: 6 }),
        async (original, rounds) => {
          const { repository } = await newRepository();
          const bank = structuredClone(original);
          await backup(repository, memoryBankSource(bank), { scope: "FULL", cursor: "0" });
          for (const [i, e] of rounds.entries()) {
            const before = structuredClone(bank);
            edit(bank, e, i);
            const manifest = await backupChanges(
              repository,
              memoryBankSource(bank),
              changesBetween(before, bank, String(i + 1)),
            );
            expect(manifest).toMatchObject({ scope: "FULL", trigger: "AUTOMATIC", cursor: String(i + 1) });
            const contents = await readSnapshot(repository, manifest);
            expect(sortQuestions(contents.questions)).toEqual(sortQuestions(bank.questions));
            expect([...contents.sections].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
              [...bank.sections].sort((a, b) => (a.id < b.id ? -1 : 1)),
            );
            const full = await backup(repository, memoryBankSource(bank), {
              scope: "FULL",
              cursor: String(i + 1),
            });
            expect(manifest.stats.logicalBytes).toBe(full.stats.logicalBytes);
            expect(manifest.stats.questionCount).toBe(full.stats.questionCount);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it("read only the changed questions and write a few records", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(10, 300);
    await backup(repository, memoryBankSource(bank), { scope: "FULL", cursor: "0" });
    const before = structuredClone(bank);
    for (const i of [3, 700, 2900]) bank.questions[i]!.prompt = "edited";
    let read = 0;
    const source = memoryBankSource(bank);
    const counting = {
      ...source,
      questions: async function* (filter: Parameters<typeof source.questions>[0], size: number) {
        for await (const chunk of source.questions(filter, size)) {
          read += chunk.length;
          yield chunk;
        }
      },
    };
    const manifest = await backupChanges(repository, counting, changesBetween(before, bank, "1"));
    expect(read).toBe(3);
    expect(manifest.stats).toMatchObject({ changedCount: 3, questionCount: 3000, addedRecords: 3 + 3 });
    expect(manifest.stats.addedBytes).toBeLessThan(6000);
  });

  it("fall back to a full backup when no FULL snapshot with a cursor exists", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(2, 3);
    const manifest = await backupChanges(repository, memoryBankSource(bank), {
      questionIds: [],
      sectionIds: [],
      cursor: "9",
    });
    expect(manifest).toMatchObject({
      scope: "FULL",
      trigger: "AUTOMATIC",
      cursor: "9",
      stats: { questionCount: 6 },
    });
  });
});
