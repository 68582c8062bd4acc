/**
 * Restore drills through the engine's API: a backup restored whole into an empty scratch bank and
 * compared again record by record; nothing is written to the repository; a bank that does not keep
 * what it is given is caught.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backup, drill } from "../src/index.js";
import { type MemoryBank, memoryBankSource, memoryBankTarget } from "../src/testing/index.js";
import { bankArbitrary, makeBank, newRepository } from "./helpers.js";

const empty = (): MemoryBank => ({ sections: [], questions: [] });

describe("a restore drill", () => {
  it("restores any bank's backup into an empty scratch bank and finds every record as backed up", async () => {
    await fc.assert(
      fc.asyncProperty(bankArbitrary, async (bank) => {
        const { repository } = await newRepository();
        const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
        const scratch = empty();
        const report = await drill(repository, memoryBankTarget(scratch), manifest.id);
        expect(report).toMatchObject({
          ok: true,
          backupId: manifest.id,
          sections: bank.sections.length,
          questions: bank.questions.length,
          written: bank.sections.length + bank.questions.length,
          mismatchCount: 0,
        });
        expect(scratch.questions.length).toBe(bank.questions.length);
        // Nothing was written to the repository: the one snapshot is still the only one.
        expect((await repository.listSnapshots()).map((m) => m.id)).toEqual([manifest.id]);
      }),
      { numRuns: 15 },
    );
  });

  it("fails when a bank does not keep what it is given, naming what differs", async () => {
    const bank = makeBank(2, 4);
    const { repository } = await newRepository();
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    // Questions that lose their prompt's last character: the restore's own read-back refuses them.
    const lossyQuestions = memoryBankTarget(empty(), {
      wrap: (tx) => ({
        ...tx,
        putQuestions: (questions) =>
          tx.putQuestions(questions.map((q) => ({ ...q, prompt: q.prompt.slice(0, -1) }))),
      }),
    });
    await expect(drill(repository, lossyQuestions, manifest.id)).rejects.toMatchObject({
      code: "INTEGRITY_ERROR",
      message: expect.stringContaining("8 questions did not read back as restored"),
    });
    // Sections renamed on the way: the drill's second comparison names them.
    const lossySections = memoryBankTarget(empty(), {
      wrap: (tx) => ({
        ...tx,
        putSections: (sections) => tx.putSections(sections.map((s) => ({ ...s, name: `${s.name}!` }))),
      }),
    });
    const report = await drill(repository, lossySections, manifest.id);
    expect(report.ok).toBe(false);
    expect(report.mismatchCount).toBe(2);
    expect(report.mismatches).toEqual(
      bank.sections.map((s) => ({ entity: "Section", id: s.id, problem: "changed after the restore" })),
    );
  });
});
