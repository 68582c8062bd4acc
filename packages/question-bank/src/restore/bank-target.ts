/**
 * The bank as core's {@link BankTarget}: a restore's writes in one transaction of the writer
 * connection, reads in that transaction seeing them, ids kept, each restored question's version
 * raised by one, and the bank's own rules (./bank/rules.ts) as the rules a restore must obey.
 */
import type {
  BankTarget,
  BankTransaction,
  QuestionPlace,
  QuestionRecord,
  RuleViolation,
  SectionRecord,
} from "@qvault/core";
import type { EntityManager } from "typeorm";
import { bankSourceOver } from "../backup/bank-source.js";
import { questionSchema, sectionSchema } from "../bank/rules.js";
import { type BankDatabase, bankQuery } from "../data-source.js";
import { markOrigin } from "../journal/change-journal.js";
import type { MediaChanges, MediaFolder } from "../media/media-folder.js";
import { transactionWithMedia } from "../media/media-transaction.js";
import {
  insertRows,
  jsonRecordStatements,
  parametersFor,
  rowMaker,
  type Statement,
  storeDigests,
} from "../tables/record-statements.js";
import { ANSWER_TABLE, QUESTION_TABLE, SECTION_TABLE } from "../tables/record-tables.js";
import type { SqlDialect } from "../tables/sql-dialect.js";

const BATCH = 400;
/** Answers per INSERT. */
const ANSWER_BATCH = 150;
/** Questions per statement when they are written from their records' JSON. */
const JSON_BATCH = 2000;
const decoder = new TextDecoder();

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

/** Rows written by a restore past which a database with statistics is analyzed before it is read. */
const ANALYZE_AFTER = 1000;

function transactionOver(
  manager: EntityManager,
  dialect: SqlDialect,
  media: { folder: MediaFolder; changes: MediaChanges } | null,
): BankTransaction {
  const query = bankQuery((sql, parameters) => manager.query(sql, parameters), dialect);
  // The planner's statistics do not see rows written in this transaction: after many, the reads
  // that verify them would be planned as for empty tables (a scan of every answer per question).
  let written = 0;
  const wrote = (rows: number) => {
    written += rows;
  };
  const read = bankQuery(async (sql, parameters) => {
    if (dialect.analyze && written >= ANALYZE_AFTER) {
      written = 0;
      await manager.query(dialect.analyze);
    }
    return manager.query(sql, parameters);
  }, dialect);
  const run = (statement: Statement) => query(statement.sql, statement.parameters);
  /**
   * Runs `sql(idList)` for `ids`, a batch at a time, `idList` holding the batch's placeholders;
   * returns each batch's result.
   */
  const inBatches = async (ids: readonly string[], sql: (idList: string) => string) => {
    const results: unknown[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const params = parametersFor(dialect);
      const text = sql(params.list(ids.slice(i, i + BATCH)));
      results.push(await query(text, params.values));
    }
    return results;
  };
  /**
   * Journals a restore's writes itself (the journal's triggers skip them, see migration 0007):
   * a row per question or section that `from` selects, in one statement.
   */
  const journal = (entity: "question" | "section", op: string, from: string, parameters: unknown[]) =>
    query(
      `INSERT INTO "change_journal" ("entity", "entityId", "questionId", "sectionId", "op", "origin")
       SELECT '${entity}', "id", ${entity === "question" ? `"id", "sectionId"` : `NULL, "id"`}, '${op}', 'restore' ${from}`,
      parameters,
    );
  /** Journals the questions (or sections) with these ids (or in these sections) as they are now. */
  const journalIds = async (
    entity: "question" | "section",
    op: string,
    ids: readonly string[],
    column = "id",
  ) => {
    for (let i = 0; i < ids.length; i += BATCH) {
      const params = parametersFor(dialect);
      const from = `FROM "${entity}" WHERE "${column}" IN (${params.list(ids.slice(i, i + BATCH))})`;
      await journal(entity, op, from, params.values);
    }
  };
  return {
    ...bankSourceOver(
      read,
      async (digests) => {
        for (let i = 0; i < digests.length; i += JSON_BATCH)
          await run(storeDigests(dialect, digests.slice(i, i + JSON_BATCH)));
      },
      media?.folder,
    ),
    ...(media
      ? {
          async putMedia(files) {
            for (const file of files) await media.changes.put(file.path, file.bytes);
          },
        }
      : {}),
    async places(sectionIds) {
      const batches = await inBatches(
        sectionIds,
        (idList) => `SELECT "id", "sectionId", "position" FROM "question" WHERE "sectionId" IN (${idList})`,
      );
      return (batches as QuestionPlace[][]).flat();
    },
    async putSections(sections) {
      const now = new Date();
      const row = rowMaker(dialect, SECTION_TABLE, { createdAt: now, updatedAt: now });
      for (let i = 0; i < sections.length; i += BATCH)
        await run(
          insertRows(dialect, SECTION_TABLE, sections.slice(i, i + BATCH).map(row), { upsert: true }),
        );
      await journalIds(
        "section",
        "update",
        sections.map((s) => s.id),
      );
    },
    async putQuestions(questions) {
      const now = new Date();
      const row = rowMaker(dialect, QUESTION_TABLE, { version: 1, createdAt: now, updatedAt: now });
      for (let i = 0; i < questions.length; i += BATCH) {
        const batch = questions.slice(i, i + BATCH);
        const ids = batch.map((q) => q.id);
        // Where each question was (a move changes two sections), then where it is.
        await journalIds("question", "update", ids);
        await inBatches(
          batch.map((q) => q.id),
          (idList) => `DELETE FROM "answer" WHERE "questionId" IN (${idList})`,
        );
        await run(insertRows(dialect, QUESTION_TABLE, batch.map(row), { upsert: true }));
        wrote(batch.length);
        const answers = batch.flatMap((q) => q.answers.map(rowMaker(dialect, ANSWER_TABLE, { owner: q.id })));
        for (let j = 0; j < answers.length; j += ANSWER_BATCH)
          await run(insertRows(dialect, ANSWER_TABLE, answers.slice(j, j + ANSWER_BATCH)));
        await journalIds("question", "update", ids);
      }
    },
    async putEncodedQuestions(questions) {
      const now = new Date();
      const statements = jsonRecordStatements(dialect, QUESTION_TABLE, {
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      for (let i = 0; i < questions.length; i += JSON_BATCH) {
        const batch = questions.slice(i, i + JSON_BATCH);
        // The records' own bytes, joined into one JSON array: the database reads their fields.
        const json = `[${batch.map((q) => decoder.decode(q.bytes)).join(",")}]`;
        const ids = JSON.stringify(batch.map((q) => q.id));
        const written = `FROM "question" WHERE "id" IN (SELECT k.value FROM ${dialect.jsonTextEach(dialect.placeholder(1), "k")})`;
        // Where each question was (a move changes two sections), then where it is.
        await journal("question", "update", written, [ids]);
        for (const statement of statements.clearChildren(ids)) await run(statement);
        await run(statements.upsert(json));
        wrote(batch.length);
        for (const statement of statements.insertChildren(json)) await run(statement);
        await journal("question", "update", written, [ids]);
      }
    },
    async deleteQuestions(ids) {
      await journalIds("question", "delete", ids);
      await inBatches(ids, (idList) => `DELETE FROM "question" WHERE "id" IN (${idList})`);
    },
    async deleteSections(ids) {
      // Their questions go with them.
      await journalIds("question", "delete", ids, "sectionId");
      await journalIds("section", "delete", ids);
      await inBatches(ids, (idList) => `DELETE FROM "section" WHERE "id" IN (${idList})`);
    },
    async parkQuestions(ids) {
      await journalIds("question", "update", ids);
      await inBatches(ids, (idList) => dialect.park("question", PARK_BASE, idList));
    },
    async parkSections(ids) {
      await journalIds("section", "update", ids);
      await inBatches(ids, (idList) => dialect.park("section", PARK_BASE, idList));
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
      // Files are put in place before the database commits, and taken back if it does not.
      transactionWithMedia(db, (manager, changes) =>
        markOrigin(manager, db.dialect, "restore", async () => {
          const media = db.media && changes ? { folder: db.media, changes } : null;
          const done = await work(transactionOver(manager, db.dialect, media));
          await options.beforeCommit?.(manager, done);
          return done;
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
