import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLocalStorage, nodeCodec, type Progress, Repository } from "@qvault/core";
import { type BankDatabase, openBankDatabase, seedDemoBank } from "@qvault/question-bank";
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

describe("job reports", () => {
  it("are typed by the job's kind, and null for another kind", () => {
    const report = { counts: { ADDED: 1, CHANGED: 0, DELETED: 0, UNCHANGED: 2 }, warnings: [], undo: null };
    expect(reportOf({ kind: "RESTORE", report }, "RESTORE")?.counts.ADDED).toBe(1);
    expect(reportOf({ kind: "BACKUP", report }, "RESTORE")).toBeNull();
    expect(reportOf({ kind: "RESTORE" }, "RESTORE")).toBeNull();
  });
});
