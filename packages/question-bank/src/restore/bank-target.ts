/**
 * The bank as core's {@link BankTarget}: a restore's writes in one transaction of the writer
 * connection, reads in that transaction seeing them, ids kept, each restored question's version
 * raised by one, and the bank's own rules (./bank/rules.ts) as the rules a restore must obey.
 */
import type { BankTarget, BankTransaction, QuestionRecord, RuleViolation, SectionRecord } from "@qvault/core";
import type { EntityManager } from "typeorm";
import { bankSourceOver } from "../backup/bank-source.js";
import { questionSchema, sectionSchema } from "../bank/rules.js";
import type { BankDatabase } from "../data-source.js";
import { markOrigin } from "../journal/change-journal.js";

const BATCH = 400;

function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(",");
}

function violations(schema: typeof questionSchema | typeof sectionSchema, value: unknown): RuleViolation[] {
  const result = schema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({
        field: issue.path.join(".") || "record",
        message: issue.message,
      }));
}

/** Where parked rows go: below any position a write uses. */
const PARK_BASE = -1_000_000_000;

function transactionOver(manager: EntityManager): BankTransaction {
  const query = (sql: string, parameters?: unknown[]) => manager.query(sql, parameters);
  const stamp = () => new Date().toISOString().replace("T", " ").replace("Z", "");
  /** Moves rows to negative positions made from their rowids, which are unique: no collisions. */
  const park = async (table: "question" | "section", ids: readonly string[]) => {
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = ids.slice(i, i + BATCH);
      await query(
        `UPDATE "${table}" SET "position" = ${PARK_BASE} - "rowid" WHERE "id" IN (${placeholders(batch.length)})`,
        batch,
      );
    }
  };
  return {
    ...bankSourceOver(query),
    async places(sectionIds) {
      const out: { id: string; sectionId: string; position: number }[] = [];
      for (let i = 0; i < sectionIds.length; i += BATCH) {
        const batch = sectionIds.slice(i, i + BATCH);
        out.push(
          ...(await query(
            `SELECT "id", "sectionId", "position" FROM "question" WHERE "sectionId" IN (${placeholders(batch.length)})`,
            batch,
          )),
        );
      }
      return out;
    },
    async putSections(sections) {
      const now = stamp();
      for (const section of sections)
        await query(
          `INSERT INTO "section" ("id", "name", "description", "position", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT ("id") DO UPDATE SET "name" = excluded."name", "description" = excluded."description", "position" = excluded."position", "updatedAt" = excluded."updatedAt"`,
          [section.id, section.name, section.description, section.position, now, now],
        );
    },
    async putQuestions(questions) {
      const now = stamp();
      for (let i = 0; i < questions.length; i += BATCH) {
        const batch = questions.slice(i, i + BATCH);
        const ids = batch.map((q) => q.id);
        await query(`DELETE FROM "answer" WHERE "questionId" IN (${placeholders(ids.length)})`, ids);
        await query(
          `INSERT INTO "question" ("id", "sectionId", "type", "prompt", "explanation", "difficulty", "tags", "audioPath", "position", "version", "createdAt", "updatedAt")
           VALUES ${batch.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)").join(",")}
           ON CONFLICT ("id") DO UPDATE SET "sectionId" = excluded."sectionId", "type" = excluded."type", "prompt" = excluded."prompt",
             "explanation" = excluded."explanation", "difficulty" = excluded."difficulty", "tags" = excluded."tags", "audioPath" = excluded."audioPath",
             "position" = excluded."position", "version" = "question"."version" + 1, "updatedAt" = excluded."updatedAt"`,
          batch.flatMap((q) => [
            q.id,
            q.sectionId,
            q.type,
            q.prompt,
            q.explanation,
            q.difficulty,
            JSON.stringify(q.tags),
            q.audioPath,
            q.position,
            now,
            now,
          ]),
        );
        const answers = batch.flatMap((q) =>
          q.answers.map((a) => [a.id, q.id, a.text, a.isCorrect ? 1 : 0, a.position]),
        );
        for (let j = 0; j < answers.length; j += 150) {
          const rows = answers.slice(j, j + 150);
          await query(
            `INSERT INTO "answer" ("id", "questionId", "text", "isCorrect", "position") VALUES ${rows.map(() => "(?, ?, ?, ?, ?)").join(",")}`,
            rows.flat(),
          );
        }
      }
    },
    async deleteQuestions(ids) {
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        await query(`DELETE FROM "question" WHERE "id" IN (${placeholders(batch.length)})`, batch);
      }
    },
    async deleteSections(ids) {
      for (let i = 0; i < ids.length; i += BATCH) {
        const batch = ids.slice(i, i + BATCH);
        await query(`DELETE FROM "section" WHERE "id" IN (${placeholders(batch.length)})`, batch);
      }
    },
    async parkQuestions(ids) {
      await park("question", ids);
    },
    async parkSections(ids) {
      await park("section", ids);
    },
  };
}

export interface BankTargetOptions {
  /**
   * Runs inside a restore's transaction once its work has succeeded, just before the commit,
   * with the work's result: what it writes commits, or rolls back, with the restore.
   */
  beforeCommit?: (manager: EntityManager, result: unknown) => Promise<void>;
}

/** The bank as a restore's target. */
export function createBankTarget(db: BankDatabase, options: BankTargetOptions = {}): BankTarget {
  return {
    transaction: (work) =>
      db.transaction((manager) =>
        markOrigin(manager, "restore", async () => {
          const result = await work(transactionOver(manager));
          await options.beforeCommit?.(manager, result);
          return result;
        }),
      ),
    checkQuestion(question: QuestionRecord) {
      return violations(questionSchema, question);
    },
    checkSection(section: SectionRecord) {
      return violations(sectionSchema, section);
    },
  };
}
