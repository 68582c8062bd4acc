import { describe, expect, it } from "vitest";
import { backup, browseSnapshot, readSnapshot } from "../src/index.js";
import { memoryBankSource } from "../src/testing/index.js";
import { makeBank, newRepository } from "./helpers.js";

describe("browsing a snapshot", () => {
  it("pages through every question once, in section and position order, with and without a search", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(4, 23);
    bank.questions.forEach((q, i) => {
      if (i % 3 === 0) q.prompt = `Needle ${i}`;
    });
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const all = (await readSnapshot(repository, manifest)).questions.map((q) => q.id);
    for (const search of [null, "needle"]) {
      const seen: string[] = [];
      let after: string | null = null;
      let total = 0;
      for (let guard = 0; guard < 50; guard++) {
        const page = await browseSnapshot(repository, manifest, { first: 7, after, search });
        total = page.totalCount;
        seen.push(...page.edges.map((e) => e.node.question.id));
        if (!page.hasNextPage) break;
        after = page.endCursor;
      }
      const expected = search
        ? all.filter((id) => bank.questions.find((q) => q.id === id)!.prompt.startsWith("Needle"))
        : all;
      expect(seen).toEqual(expected);
      expect(total).toBe(expected.length);
    }
    const one = await browseSnapshot(repository, manifest, { sectionId: "s2", first: 100 });
    expect(one.edges.map((e) => e.node.question.sectionId)).toEqual(Array(23).fill("s2"));
  });
});
