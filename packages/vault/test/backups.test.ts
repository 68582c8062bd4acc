import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  backup,
  createLocalStorage,
  encodeCursor,
  nodeCodec,
  type Page,
  type QuestionRecord,
  Repository,
  type SectionRecord,
} from "@qvault/core";
import { type MemoryBank, memoryBankSource } from "@qvault/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listBackups, questionHistory } from "../src/index.js";

let dir: string;
let repository: Repository;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-vault-"));
  repository = await Repository.init({
    storage: createLocalStorage(join(dir, "repository")),
    codec: nodeCodec,
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const section = (id: string, position: number): SectionRecord => ({
  id,
  name: id,
  description: null,
  position,
});
const question = (id: string, sectionId: string, prompt: string): QuestionRecord => ({
  id,
  sectionId,
  type: "SINGLE_CHOICE",
  prompt,
  explanation: null,
  difficulty: null,
  tags: [],
  audioPath: null,
  position: 0,
  answers: [{ id: `${id}-a`, text: "yes", isCorrect: true, position: 0 }],
});

/** Every node of a paged list, `first` at a time. */
async function walk<T>(first: number, next: (after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const nodes: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await next(after);
    nodes.push(...page.edges.map((edge) => edge.node));
    expect(page.edges.length).toBeLessThanOrEqual(first);
    if (!page.hasNextPage) return nodes;
    after = page.endCursor;
  }
}

describe("the backup list", () => {
  it("filters, then pages newest first, every backup once; refuses cursors it never gave out", async () => {
    const bank: MemoryBank = { sections: [section("s1", 0), section("s2", 1)], questions: [] };
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const manifest = await backup(repository, memoryBankSource(bank), {
        scope: i % 2 ? "SECTIONS" : "FULL",
        sectionIds: i % 2 ? ["s2"] : null,
        trigger: i % 3 ? "MANUAL" : "AUTOMATIC",
      });
      ids.unshift(manifest.id);
    }
    const all = await walk(3, (after) => listBackups(repository, {}, { first: 3, after }));
    expect(all.map((b) => b.manifest.id)).toEqual(ids);

    const automatic = await listBackups(repository, { trigger: "AUTOMATIC" }, { first: 100 });
    expect(automatic.totalCount).toBe(3);
    expect(automatic.edges.every((e) => e.node.manifest.trigger === "AUTOMATIC")).toBe(true);
    const holdingS1 = await listBackups(repository, { sectionId: "s1" }, {});
    expect(holdingS1.edges.map((e) => e.node.manifest.scope)).toEqual(Array(4).fill("FULL"));
    const none = await listBackups(repository, { from: new Date(Date.now() + 60_000) }, {});
    expect(none).toEqual({ edges: [], hasNextPage: false, endCursor: null, totalCount: 0 });

    await repository.setPinned(ids[2]!, true);
    const second = await listBackups(repository, {}, { first: 2, after: encodeCursor([ids[1]!]) });
    expect(second.edges.map((e) => [e.node.manifest.id, e.node.pinned])).toEqual([
      [ids[2], true],
      [ids[3], false],
    ]);

    const manual = (await listBackups(repository, { trigger: "MANUAL" }, {})).edges[0]!.cursor;
    for (const [request, field] of [
      [{ first: 0 }, "first"],
      [{ first: 101 }, "first"],
      [{ after: ids[0] }, "after"],
      [{ after: encodeCursor(["no-such-backup"]) }, "after"],
    ] as const)
      await expect(listBackups(repository, {}, request)).rejects.toMatchObject({
        code: "BAD_USER_INPUT",
        details: { field },
      });
    await expect(listBackups(repository, { trigger: "AUTOMATIC" }, { after: manual })).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      details: { field: "after" },
    });
  });
});

describe("a question's history", () => {
  it("pages each distinct version once, newest first, with its record", async () => {
    const bank: MemoryBank = { sections: [section("s1", 0)], questions: [question("q1", "s1", "v0")] };
    const expected: { prompt: string; backupId: string; firstBackupId: string; backupCount: number }[] = [];
    for (let version = 0; version < 5; version++) {
      bank.questions[0]!.prompt = `v${version}`;
      const oldest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
      // The same version in a newer backup is one version, shown with the newest backup holding
      // it, the oldest, and how many hold it.
      const newest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
      expected.unshift({
        prompt: `v${version}`,
        backupId: newest.id,
        firstBackupId: oldest.id,
        backupCount: 2,
      });
    }
    const q1 = { id: "q1", sectionId: "s1" };
    for (const first of [1, 2, 5, 20]) {
      const versions = await walk(first, (after) => questionHistory(repository, q1, { first, after }));
      expect(
        versions.map((v) => ({
          prompt: v.question.prompt,
          backupId: v.backupId,
          firstBackupId: v.firstBackupId,
          backupCount: v.backupCount,
        })),
      ).toEqual(expected);
    }
    const page = await questionHistory(repository, q1, { first: 2 });
    expect(page.totalCount).toBe(5);
    expect(page.edges.map((e) => e.node.question.id)).toEqual(["q1", "q1"]);
    await expect(
      questionHistory(repository, q1, { after: encodeCursor(["x".repeat(64)]) }),
    ).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      message: "after is not a cursor this list gave out",
    });
  });
});
