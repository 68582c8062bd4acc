import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type BankTransaction,
  backup,
  planItems,
  planRestore,
  type QuestionRecord,
  type RestoreRequest,
  restore,
} from "../src/index.js";
import { type MemoryBank, memoryBankSource, memoryBankTarget } from "../src/testing/index.js";
import { bankArbitrary, makeBank, newRepository, question, sortQuestions } from "./helpers.js";

const snapshotOf = (bank: MemoryBank) =>
  structuredClone({
    sections: [...bank.sections].sort((a, b) => (a.id < b.id ? -1 : 1)),
    questions: sortQuestions(bank.questions),
  });

/** Random edits: change prompts, delete, add, move between sections, add a section. */
const editsArbitrary = fc.record({
  change: fc.array(fc.nat(), { maxLength: 6 }),
  remove: fc.array(fc.nat(), { maxLength: 4 }),
  add: fc.nat({ max: 4 }),
  move: fc.array(fc.nat(), { maxLength: 2 }),
  newSection: fc.boolean(),
  renameSection: fc.option(fc.nat(), { nil: null }),
});

function applyEdits(bank: MemoryBank, edits: fc.Arbitrary<unknown> extends never ? never : any): void {
  const pick = (n: number) => bank.questions[n % Math.max(1, bank.questions.length)];
  for (const n of edits.change) {
    const q = pick(n);
    if (q) q.prompt = `${q.prompt} (changed ${n})`;
  }
  for (const n of edits.remove)
    if (bank.questions.length) bank.questions.splice(n % bank.questions.length, 1);
  const maxPos = (sectionId: string) =>
    Math.max(-1, ...bank.questions.filter((q) => q.sectionId === sectionId).map((q) => q.position));
  if (edits.newSection)
    bank.sections.push({ id: "sec-new", name: "New section", description: null, position: 100 });
  for (let i = 0; i < edits.add; i++) {
    const section = bank.sections[i % bank.sections.length]!;
    bank.questions.push(question(section.id, maxPos(section.id) + 1, `added ${i}`, `added-${i}`));
  }
  for (const n of edits.move) {
    const q = pick(n);
    const to = bank.sections[(n + 1) % bank.sections.length]!;
    if (q && q.sectionId !== to.id) {
      q.position = maxPos(to.id) + 1;
      q.sectionId = to.id;
    }
  }
  if (edits.renameSection !== null && bank.sections.length)
    bank.sections[edits.renameSection % bank.sections.length]!.name = "Renamed";
}

const inScope = (bank: MemoryBank, sectionIds: Set<string>) => ({
  sections: bank.sections.filter((s) => sectionIds.has(s.id)).sort((a, b) => (a.id < b.id ? -1 : 1)),
  questions: sortQuestions(bank.questions.filter((q) => sectionIds.has(q.sectionId))),
});

describe("restore (properties)", () => {
  it("REPLACE of a scope makes it the backup's and leaves the rest alone; again is a no-op; undo gives back the edited bank", async () => {
    await fc.assert(
      fc.asyncProperty(bankArbitrary, editsArbitrary, fc.boolean(), async (original, edits, full) => {
        const { repository } = await newRepository();
        const bank = structuredClone(original);
        const a = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
        applyEdits(bank, edits);
        const edited = snapshotOf(bank);
        const target = memoryBankTarget(bank);
        const sectionIds = full ? null : [original.sections[0]!.id];
        const request: RestoreRequest = full
          ? { backupId: a.id, scope: "FULL", mode: "REPLACE" }
          : { backupId: a.id, scope: "SECTIONS", sectionIds, mode: "REPLACE" };
        const result = await restore(repository, target, request);
        if (full) {
          expect(snapshotOf(bank)).toEqual(snapshotOf(original));
        } else {
          const scope = new Set(sectionIds);
          expect(inScope(bank, scope)).toEqual(inScope(original, scope));
          // outside the scope: untouched, except questions the backup puts back into the scope
          const returned = new Set(original.questions.filter((q) => scope.has(q.sectionId)).map((q) => q.id));
          const outside = (b: ReturnType<typeof snapshotOf>) =>
            b.questions.filter((q) => !scope.has(q.sectionId) && !returned.has(q.id));
          expect(outside(snapshotOf(bank))).toEqual(outside(edited));
          expect(snapshotOf(bank).sections.filter((s) => !scope.has(s.id))).toEqual(
            edited.sections.filter((s) => !scope.has(s.id)),
          );
        }
        const again = await planRestore(repository, memoryBankSource(bank), request);
        expect(again.counts).toMatchObject({ ADDED: 0, CHANGED: 0, DELETED: 0 });
        await restore(repository, target, result.undo);
        expect(snapshotOf(bank)).toEqual(edited);
      }),
      { numRuns: 40 },
    );
  });

  it("MERGE deletes nothing, and adds or changes what the backup holds", async () => {
    await fc.assert(
      fc.asyncProperty(bankArbitrary, editsArbitrary, async (original, edits) => {
        const { repository } = await newRepository();
        const bank = structuredClone(original);
        const a = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
        applyEdits(bank, edits);
        const beforeIds = new Set(bank.questions.map((q) => q.id));
        const result = await restore(repository, memoryBankTarget(bank), {
          backupId: a.id,
          scope: "FULL",
          mode: "MERGE",
        });
        expect(result.plan.counts.DELETED).toBe(0);
        for (const id of beforeIds) expect(bank.questions.some((q) => q.id === id)).toBe(true);
        for (const q of original.questions) {
          const now = bank.questions.find((x) => x.id === q.id)!;
          expect({ ...now, position: 0 }).toEqual({ ...q, position: 0 });
        }
      }),
      { numRuns: 30 },
    );
  });
});

describe("restore plans", () => {
  it("counts and diffs a known set of edits, writing nothing", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(2, 5);
    const a = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    bank.questions[0]!.prompt = "Edited prompt";
    bank.questions[1]!.answers[0]!.isCorrect = false;
    bank.questions[1]!.answers[1]!.isCorrect = true;
    bank.questions.splice(2, 1);
    bank.questions.push(question("s1", 99, "Brand new", "new-1"));
    const before = structuredClone(bank);
    const plan = await planRestore(repository, memoryBankSource(bank), {
      backupId: a.id,
      scope: "FULL",
      mode: "REPLACE",
    });
    expect(plan.counts).toEqual({ ADDED: 1, CHANGED: 2, DELETED: 1, UNCHANGED: 7 + 2 });
    const changed = await planItems(repository, memoryBankSource(bank), plan, { kind: "CHANGED" });
    const items = changed.edges.map((edge) => edge.node);
    expect(changed.totalCount).toBe(2);
    expect(items.find((i) => i.id === "s0-q0")!.fields).toEqual([
      { path: "prompt", before: "Edited prompt", after: makeBank(2, 5).questions[0]!.prompt },
    ]);
    expect(items.find((i) => i.id === "s0-q1")!.fields).toEqual([
      { path: "answers.0.isCorrect", before: false, after: true },
      { path: "answers.1.isCorrect", before: true, after: false },
    ]);
    const added = await planItems(repository, memoryBankSource(bank), plan, { kind: "ADDED" });
    expect(added.edges.map((e) => e.node.id)).toEqual(["s0-q2"]);
    const deleted = await planItems(repository, memoryBankSource(bank), plan, { kind: "DELETED" });
    expect(deleted.edges.map(({ node }) => [node.id, node.title])).toEqual([["new-1", "Brand new"]]);
    expect(bank).toEqual(before);
  });

  it("refuses requests that make no sense with BAD_USER_INPUT", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(2, 3);
    const part = await backup(repository, memoryBankSource(bank), {
      scope: "QUESTIONS",
      questionIds: ["s0-q0"],
    });
    const source = memoryBankSource(bank);
    for (const request of [
      { backupId: part.id, scope: "FULL", mode: "REPLACE" },
      { backupId: part.id, scope: "SECTIONS", sectionIds: ["s0"], mode: "REPLACE" },
      { backupId: part.id, scope: "SECTIONS", sectionIds: [], mode: "REPLACE" },
      { backupId: part.id, scope: "SECTIONS", sectionIds: ["nowhere"], mode: "MERGE" },
      { backupId: part.id, scope: "QUESTIONS", questionIds: ["ghost"], mode: "MERGE" },
      { backupId: part.id, scope: "FULL", mode: "SOMETIMES" },
    ] as RestoreRequest[])
      await expect(planRestore(repository, source, request), JSON.stringify(request)).rejects.toMatchObject({
        code: "BAD_USER_INPUT",
      });
    await expect(
      planRestore(repository, source, { backupId: "nope", scope: "FULL", mode: "MERGE" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("restores one question, moving it to the end when its old position is taken", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(1, 3);
    const a = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    bank.questions = bank.questions.filter((q) => q.id !== "s0-q1");
    bank.questions.push(question("s0", 1, "took its place", "other"));
    const result = await restore(repository, memoryBankTarget(bank), {
      backupId: a.id,
      scope: "QUESTIONS",
      questionIds: ["s0-q1"],
      mode: "REPLACE",
    });
    expect(result.validation.warnings.map((w) => w.code)).toEqual(["POSITION_MOVED"]);
    const restored = bank.questions.find((q) => q.id === "s0-q1")!;
    expect(restored.position).toBe(3);
    expect(bank.questions.find((q) => q.id === "other")!.position).toBe(1);
  });
});

describe("restore faults", () => {
  async function setup() {
    const { repository, storage } = await newRepository();
    const bank = makeBank(3, 20);
    const a = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    for (const q of bank.questions.slice(0, 30)) q.prompt = `edited ${q.id}`;
    bank.questions.splice(40, 5);
    bank.questions.push(question("s2", 500, "only in the bank", "live-only"));
    return { repository, storage, bank, a, before: structuredClone(bank) };
  }

  const failing =
    (method: keyof BankTransaction, after = 0) =>
    (tx: BankTransaction): BankTransaction => {
      let calls = 0;
      return {
        ...tx,
        [method]: async (...args: unknown[]) => {
          if (calls++ >= after) throw new Error(`injected failure in ${method}`);
          return (tx[method] as (...a: unknown[]) => Promise<unknown>)(...args);
        },
      } as BankTransaction;
    };

  it.each([
    ["a failing delete", failing("deleteQuestions")],
    ["a failure mid-apply (second batch of writes)", failing("putQuestions", 0)],
    [
      "a failure while verifying",
      (tx: BankTransaction) => ({
        ...tx,
        places: tx.places,
        questions: tx.questions,
        putQuestions: async (qs: readonly QuestionRecord[]) =>
          tx.putQuestions(qs.map((q) => ({ ...q, prompt: `${q.prompt}!` }))),
      }),
    ],
  ])("%s leaves the bank exactly as it was", async (_name, wrap) => {
    const { repository, bank, a, before } = await setup();
    await expect(
      restore(repository, memoryBankTarget(bank, { wrap: wrap as never }), {
        backupId: a.id,
        scope: "FULL",
        mode: "REPLACE",
      }),
    ).rejects.toBeTruthy();
    expect(bank).toEqual(before);
  });

  it("a verification mismatch is INTEGRITY_ERROR", async () => {
    const { repository, bank, a, before } = await setup();
    const wrap = (tx: BankTransaction) => ({
      ...tx,
      putQuestions: async (qs: readonly QuestionRecord[]) =>
        tx.putQuestions(qs.map((q) => ({ ...q, prompt: `${q.prompt}!` }))),
    });
    await expect(
      restore(repository, memoryBankTarget(bank, { wrap }), {
        backupId: a.id,
        scope: "FULL",
        mode: "REPLACE",
      }),
    ).rejects.toMatchObject({ code: "INTEGRITY_ERROR" });
    expect(bank).toEqual(before);
  });

  it("a failure of the safety snapshot leaves the bank as it was", async () => {
    const { repository, storage, bank, a, before } = await setup();
    const { createFaultyStorage } = await import("../src/testing/index.js");
    const { Repository, nodeCodec } = await import("../src/index.js");
    const faulty = createFaultyStorage(storage, 1);
    const broken = await Repository.open({ storage: faulty, codec: nodeCodec });
    faulty.failAt = faulty.steps + 1;
    await expect(
      restore(broken, memoryBankTarget(bank), { backupId: a.id, scope: "FULL", mode: "REPLACE" }),
    ).rejects.toMatchObject({ code: "ENOSPC" });
    expect(bank).toEqual(before);
    expect(repository).toBeTruthy();
  });

  it("a rule the bank enforces stops the restore with VALIDATION_FAILED naming the question", async () => {
    const { repository, bank, a, before } = await setup();
    const target = memoryBankTarget(bank, {
      checkQuestion: (q) =>
        q.id === "s0-q3" ? [{ field: "answers", message: "needs one correct answer" }] : [],
    });
    await expect(
      restore(repository, target, { backupId: a.id, scope: "FULL", mode: "REPLACE" }),
    ).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      details: { items: [expect.objectContaining({ id: "s0-q3", code: "RULE" })] },
    });
    expect(bank).toEqual(before);
  });

  it("damaged records stop the restore before any write, with INTEGRITY_ERROR naming the items; healthy scopes still restore", async () => {
    const { repository, storage } = await newRepository();
    const bank = makeBank(3, 800);
    const a = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    for (const q of bank.questions) q.prompt = `edited ${q.id}`;
    const before = structuredClone(bank);
    const index = await repository.loadIndex();
    // a frame of section s1 holding question records only (listings are written after them)
    const target = [...index.entries()].find(
      ([, loc]) => loc.kind === "q" && loc.frame.pack.includes("/s1/") && loc.frame.offset === 8,
    )!;
    const pack = target[1].frame.pack;
    const bytes = await storage.read(pack);
    bytes[target[1].frame.offset + 5]! ^= 0xff;
    await storage.delete(pack);
    await storage.write(pack, bytes);
    const { Repository, nodeCodec } = await import("../src/index.js");
    const reopened = await Repository.open({ storage, codec: nodeCodec });
    await expect(
      restore(reopened, memoryBankTarget(bank), { backupId: a.id, scope: "FULL", mode: "REPLACE" }),
    ).rejects.toMatchObject({
      code: "INTEGRITY_ERROR",
      details: { items: expect.arrayContaining([expect.objectContaining({ entity: "Question" })]) },
    });
    expect(bank).toEqual(before);
    const healthy = await restore(reopened, memoryBankTarget(bank), {
      backupId: a.id,
      scope: "SECTIONS",
      sectionIds: ["s0"],
      mode: "REPLACE",
    });
    expect(healthy.written).toBeGreaterThan(0);
  });

  it("cancelling before commit leaves the bank as it was", async () => {
    const { repository, bank, a, before } = await setup();
    const controller = new AbortController();
    const result = restore(
      repository,
      memoryBankTarget(bank),
      { backupId: a.id, scope: "FULL", mode: "REPLACE" },
      {
        signal: controller.signal,
        progress: (p) => {
          if (p.phase === "applying" && p.done > 0) controller.abort();
        },
      },
    );
    await expect(result).rejects.toMatchObject({ code: "CANCELLED" });
    expect(bank).toEqual(before);
  });
});
