import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BankSource,
  createLocalStorage,
  nodeCodec,
  type Progress,
  planRestore,
  Repository,
  type RestorePlan,
  type RestoreRequest,
} from "@qvault/core";
import { type BankDatabase, openBankDatabase, seedDemoBank, withBankSource } from "@qvault/question-bank";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { backUpBank, previewRestore, reportOf, restoreBank } from "../src/index.js";

let dir: string;
let db: BankDatabase;
let repository: Repository;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-vault-"));
  db = await openBankDatabase({ file: join(dir, "bank.sqlite") });
  await seedDemoBank(db, { questions: 120 });
  repository = await Repository.init({
    storage: createLocalStorage(join(dir, "repository")),
    codec: nodeCodec,
  });
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const prompts = () => db.reader.query(`SELECT "id", "prompt" FROM "question" ORDER BY "id"`);
/** Changes a question's prompt behind the API's back (the journal's triggers still fire). */
const edit = (offset: number) =>
  db.transaction((manager) =>
    manager.query(
      `UPDATE "question" SET "prompt" = "prompt" || ' (edited)' WHERE "id" = (SELECT "id" FROM "question" ORDER BY "id" LIMIT 1 OFFSET ?)`,
      [offset],
    ),
  );

describe("a restore started from its preview", () => {
  it("plans and validates once: the restore takes the preview's plan and validation while the bank is unchanged", async () => {
    const before = await prompts();
    const snapshot = await backUpBank(db, repository, { scope: "FULL" });
    await edit(0);
    const request = { backupId: snapshot.id, scope: "FULL", mode: "REPLACE" } as const;
    const preview = await previewRestore(db, repository, request);
    expect(preview.plan.counts.CHANGED).toBe(1);
    expect(preview.validation.ok).toBe(true);

    const phases: Progress["phase"][] = [];
    const result = await restoreBank(db, repository, request, {
      validated: preview,
      progress: (p) => phases.push(p.phase),
    });
    expect(phases).not.toContain("planning");
    expect(phases).not.toContain("validating");
    expect(result.plan).toBe(preview.plan);
    expect(result.plan.counts.CHANGED).toBe(1);
    expect(await prompts()).toEqual(before);
  });

  it("plans again, but validates once, when the bank was written without changing what the plan covers", async () => {
    const snapshot = await backUpBank(db, repository, { scope: "FULL" });
    const [first] = await db.reader.query(`SELECT "id", "sectionId" FROM "question" ORDER BY "id" LIMIT 1`);
    await edit(0);
    // A restore of one other section: the edited question is outside its scope.
    const [other] = await db.reader.query(
      `SELECT "id" FROM "section" WHERE "id" <> ? ORDER BY "position" LIMIT 1`,
      [first.sectionId],
    );
    const request = {
      backupId: snapshot.id,
      scope: "SECTIONS",
      sectionIds: [other.id],
      mode: "REPLACE",
    } as const;
    const preview = await previewRestore(db, repository, request);
    await edit(0);

    const phases: Progress["phase"][] = [];
    const result = await restoreBank(db, repository, request, {
      validated: preview,
      progress: (p) => phases.push(p.phase),
    });
    expect(phases).toContain("planning");
    expect(phases).not.toContain("validating");
    expect(result.plan).not.toBe(preview.plan);
    expect(result.plan.counts).toEqual(preview.plan.counts);
  });

  it("validates again when the bank changed after the preview, and restores what is there then", async () => {
    const before = await prompts();
    const snapshot = await backUpBank(db, repository, { scope: "FULL" });
    await edit(0);
    const request = { backupId: snapshot.id, scope: "FULL", mode: "REPLACE" } as const;
    const preview = await previewRestore(db, repository, request);
    await edit(1);

    const phases: Progress["phase"][] = [];
    const result = await restoreBank(db, repository, request, {
      validated: preview,
      progress: (p) => phases.push(p.phase),
    });
    expect(phases).toContain("validating");
    expect(result.plan.counts.CHANGED).toBe(2);
    expect(await prompts()).toEqual(before);
  });

  it("lets callers read items of the plan within the preview's one read of the bank", async () => {
    const snapshot = await backUpBank(db, repository, { scope: "FULL" });
    await edit(3);
    const preview = await previewRestore(
      db,
      repository,
      { backupId: snapshot.id, scope: "FULL", mode: "MERGE" },
      { inspect: async ({ plan }) => plan.questions.filter((q) => q.kind === "CHANGED").map((q) => q.id) },
    );
    expect(preview.inspected).toHaveLength(1);
  });
});

/** Edits a plan must see, each as SQL behind the API's back (the journal's triggers fire). */
const EDITS = [
  `UPDATE "question" SET "prompt" = "prompt" || ' (edited)' WHERE "rowid" % 17 = 3`,
  `DELETE FROM "question" WHERE "rowid" % 23 = 5`,
  `INSERT INTO "question" ("id", "sectionId", "type", "prompt", "explanation", "difficulty", "tags", "audioPath", "position", "version", "createdAt", "updatedAt")
     SELECT "id" || '-new', "sectionId", "type", 'New: ' || "prompt", "explanation", "difficulty", "tags", "audioPath", "position" + 100000, 1, "createdAt", "updatedAt" FROM "question" WHERE "rowid" % 31 = 1`,
  `UPDATE "question" SET "sectionId" = (SELECT "id" FROM "section" ORDER BY "position" DESC LIMIT 1), "position" = "position" + 200000 WHERE "rowid" % 29 = 2`,
  `DELETE FROM "answer" WHERE "rowid" % 41 = 0`,
  `UPDATE "section" SET "name" = "name" || ' (renamed)' WHERE "rowid" = 1`,
  `DELETE FROM "section" WHERE "rowid" = 2`,
];

/** A plan's items by id, so that two plans of the same restore compare whatever their order. */
const byId = (plan: RestorePlan) => ({
  counts: plan.counts,
  questions: [...plan.questions].sort((a, b) => (a.id < b.id ? -1 : 1)),
  sections: [...plan.sections].sort((a, b) => (a.id < b.id ? -1 : 1)),
});

describe("plans built from the change journal", () => {
  it("are the plans a read of the whole bank makes, for any edits and any scope (property)", async () => {
    const snapshot = await backUpBank(db, repository, { scope: "FULL" });
    const newest = await backUpBank(db, repository, { scope: "FULL", note: "the journal's base" });
    const [section] = await db.reader.query(`SELECT "id" FROM "section" ORDER BY "position" LIMIT 1`);
    const someIds = (await db.reader.query(`SELECT "id" FROM "question" WHERE "rowid" % 7 = 0`)).map(
      (row: { id: string }) => row.id,
    );
    await fc.assert(
      fc.asyncProperty(fc.subarray(EDITS, { minLength: 1 }), async (edits) => {
        // Each case starts from the bank the newest backup holds, by restoring it.
        await restoreBank(db, repository, { backupId: newest.id, scope: "FULL", mode: "REPLACE" });
        await backUpBank(db, repository, { scope: "FULL" });
        for (const sql of edits) await db.transaction((manager) => manager.query(sql));
        const requests: RestoreRequest[] = [
          { backupId: snapshot.id, scope: "FULL", mode: "REPLACE" },
          { backupId: snapshot.id, scope: "SECTIONS", sectionIds: [section.id], mode: "MERGE" },
          {
            backupId: snapshot.id,
            scope: "QUESTIONS",
            questionIds: someIds,
            mode: "REPLACE",
          },
        ];
        for (const request of requests) {
          let read = 0;
          const [fromJournal, wholeRead] = await withBankSource(db, async (source) => {
            const counting: BankSource = {
              ...source,
              questionDigests: async function* (filter, chunkSize) {
                for await (const chunk of source.questionDigests!(filter, chunkSize)) {
                  read += chunk.length;
                  yield chunk;
                }
              },
            };
            const journal = await planRestore(repository, counting, request);
            const { changesSince: _, ...withoutJournal } = source;
            return [journal, await planRestore(repository, withoutJournal, request)];
          });
          expect(byId(fromJournal)).toEqual(byId(wholeRead));
          // From the journal, only the changed questions are read (the bank holds over a hundred).
          if (request.scope === "FULL") expect(read).toBeLessThan(50);
        }
      }),
      { numRuns: 8 },
    );
  });
});

describe("job reports", () => {
  it("are typed by the job's kind, and null for another kind", () => {
    const report = { counts: { ADDED: 1, CHANGED: 0, DELETED: 0, UNCHANGED: 2 }, warnings: [], undo: null };
    expect(reportOf({ kind: "RESTORE", report }, "RESTORE")?.counts.ADDED).toBe(1);
    expect(reportOf({ kind: "BACKUP", report }, "RESTORE")).toBeNull();
    expect(reportOf({ kind: "RESTORE" }, "RESTORE")).toBeNull();
  });
});
