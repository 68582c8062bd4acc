import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testDatabase } from "@qvault/test-server/database";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BankDatabase,
  createQuestionBank,
  openBankDatabase,
  type QuestionBank,
  seedDemoBank,
} from "../src/index.js";

let dir: string;
let db: BankDatabase;
let bank: QuestionBank;
let sectionIds: string[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-pages-"));
  db = await openBankDatabase(testDatabase(dir));
  await seedDemoBank(db, { questions: 300, seed: 7 });
  bank = createQuestionBank(db);
  sectionIds = (await db.reader.query(`SELECT "id" FROM "section"`)).map((r: { id: string }) => r.id);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The list as one plain query would give it: section order, then position. */
async function reference(sectionId: string | null, search: string | null): Promise<string[]> {
  const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows: { id: string }[] = await db.reader.query(
    `SELECT q."id" FROM "question" q JOIN "section" s ON s."id" = q."sectionId"
     WHERE (CAST(? AS TEXT) IS NULL OR q."sectionId" = ?)
       AND (CAST(? AS TEXT) IS NULL OR q."prompt" ${db.dialect.likeAnyCase} ? ESCAPE '\\' OR q."tags" ${db.dialect.likeAnyCase} ? ESCAPE '\\')
     ORDER BY s."position", q."position"`,
    [sectionId, sectionId, pattern, pattern, pattern],
  );
  return rows.map((r) => r.id);
}

describe("question pages", () => {
  it("walked to the end give exactly the filtered list in order, with its total on every page (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 100 }),
        fc.option(fc.nat({ max: 20 }), { nil: null }),
        fc.constantFrom(null, "the", "a", "%", "_", "\\", "zzz-nothing", "What"),
        async (first, sectionPick, search) => {
          const sectionId = sectionPick === null ? null : sectionIds[sectionPick % sectionIds.length]!;
          const expected = await reference(sectionId, search);
          const seen: string[] = [];
          let after: string | null = null;
          for (let pages = 0; pages < 400; pages++) {
            const page = await bank.listQuestions({ first, after, sectionId, search });
            expect(page.totalCount).toBe(expected.length);
            expect(page.edges.length).toBeLessThanOrEqual(first);
            seen.push(...page.edges.map((e) => e.node.id));
            if (!page.hasNextPage) break;
            after = page.endCursor;
          }
          expect(seen).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });
});
