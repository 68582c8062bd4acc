import type { MigrationInterface, QueryRunner } from "typeorm";
import { ChangeJournal1764200000000 } from "./0003-change-journal.js";
import { journalTriggers, onPostgres, postgresRecordDigests } from "./postgres.js";

/** The question columns a record is made of: a change to any of them changes its digest. */
const RECORD_COLUMNS = [
  "id",
  "sectionId",
  "type",
  "prompt",
  "explanation",
  "difficulty",
  "tags",
  "audioPath",
  "position",
];

const ORIGIN = `(SELECT "origin" FROM "journal_origin" WHERE "id" = 1)`;
/** A restore journals its own writes, a row per question and section (see restore/bank-target.ts). */
const NOT_RESTORING = `${ORIGIN} <> 'restore'`;
const columns = (names: string[]) => names.map((name) => `"${name}"`).join(", ");

const journalRow = (entity: string, op: string, ref: "NEW" | "OLD", question: string, section: string) =>
  `INSERT INTO "change_journal" ("entity", "entityId", "questionId", "sectionId", "op", "origin") VALUES ('${entity}', ${ref}."id", ${question}, ${section}, '${op}', ${ORIGIN});`;

/** [name, when, body] of each journal trigger, as this migration makes them. */
const JOURNAL_TRIGGERS: [string, string, string][] = [
  [
    "section_journal_insert",
    'AFTER INSERT ON "section"',
    journalRow("section", "insert", "NEW", "NULL", 'NEW."id"'),
  ],
  [
    "section_journal_update",
    'AFTER UPDATE ON "section"',
    journalRow("section", "update", "NEW", "NULL", 'NEW."id"'),
  ],
  [
    "section_journal_delete",
    'AFTER DELETE ON "section"',
    journalRow("section", "delete", "OLD", "NULL", 'OLD."id"'),
  ],
  [
    "question_journal_insert",
    'AFTER INSERT ON "question"',
    journalRow("question", "insert", "NEW", 'NEW."id"', 'NEW."sectionId"'),
  ],
  [
    "question_journal_update",
    'AFTER UPDATE ON "question"',
    `${journalRow("question", "update", "NEW", 'NEW."id"', 'NEW."sectionId"')}
     INSERT INTO "change_journal" ("entity", "entityId", "questionId", "sectionId", "op", "origin")
       SELECT 'question', OLD."id", OLD."id", OLD."sectionId", 'move', ${ORIGIN} WHERE OLD."sectionId" <> NEW."sectionId";`,
  ],
  [
    "question_journal_delete",
    'AFTER DELETE ON "question"',
    journalRow("question", "delete", "OLD", 'OLD."id"', 'OLD."sectionId"'),
  ],
  [
    "answer_journal_insert",
    'AFTER INSERT ON "answer"',
    journalRow("answer", "insert", "NEW", 'NEW."questionId"', "NULL"),
  ],
  [
    "answer_journal_update",
    'AFTER UPDATE ON "answer"',
    journalRow("answer", "update", "NEW", 'NEW."questionId"', "NULL"),
  ],
  [
    "answer_journal_delete",
    'AFTER DELETE ON "answer"',
    journalRow("answer", "delete", "OLD", 'OLD."questionId"', "NULL"),
  ],
];

const forget = (question: string) => `DELETE FROM "question_digest" WHERE "questionId" = ${question};`;

/**
 * Triggers that forget a question's digest when anything but qvault's restore changes its record:
 * [name, when, body, whether it also fires for a restore's writes].
 */
const DIGEST_TRIGGERS: [string, string, string, boolean][] = [
  ["question_digest_insert", 'AFTER INSERT ON "question"', forget('NEW."id"'), false],
  [
    "question_digest_update",
    `AFTER UPDATE OF ${columns(RECORD_COLUMNS)} ON "question"`,
    `${forget('OLD."id"')} ${forget('NEW."id"')}`,
    false,
  ],
  // Whoever deletes a question, its digest goes with it: none outlives the row it describes.
  ["question_digest_delete", 'AFTER DELETE ON "question"', forget('OLD."id"'), true],
  ["answer_digest_insert", 'AFTER INSERT ON "answer"', forget('NEW."questionId"'), false],
  [
    "answer_digest_update",
    'AFTER UPDATE ON "answer"',
    `${forget('OLD."questionId"')} ${forget('NEW."questionId"')}`,
    false,
  ],
  ["answer_digest_delete", 'AFTER DELETE ON "answer"', forget('OLD."questionId"'), false],
];

/**
 * Each question's record digest, kept beside it, so that planning a restore and backing up an
 * unchanged bank compare digests instead of reading and hashing every question.
 *
 * - `question_digest` holds, for some questions, the SHA-256 of the question's record (FORMAT.md,
 *   "Records"); a question with no row there has no known digest. Only qvault writes it: a
 *   restore for what it wrote and verified, a backup for what it read and hashed, and only for a
 *   question no change has touched since. A table of its own: storing a digest writes a small
 *   row, not the question's whole row again.
 * - Triggers delete a question's row there whenever its record changes in any other way (an edit
 *   through the API, an import, SQL written behind qvault's back: a change to the question's
 *   record columns or to its answers), and whenever a question is deleted, by anyone.
 * - The change journal's triggers now skip a restore's writes: a restore journals them itself,
 *   a row per question and per section (its answers need none: a question's row covers them), in
 *   set-based statements, instead of a row per question, per answer and per parking move.
 */
export class RecordDigests1764600000000 implements MigrationInterface {
  name = "RecordDigests1764600000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) {
      for (const statement of postgresRecordDigests(RECORD_COLUMNS)) await queryRunner.query(statement);
      return;
    }
    await queryRunner.query(
      `CREATE TABLE "question_digest" ("questionId" varchar(36) PRIMARY KEY NOT NULL, "digest" varchar(64) NOT NULL) WITHOUT ROWID`,
    );
    for (const [name] of JOURNAL_TRIGGERS) await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
    for (const [name, when, body] of JOURNAL_TRIGGERS)
      await queryRunner.query(`CREATE TRIGGER "${name}" ${when} WHEN ${NOT_RESTORING} BEGIN ${body} END`);
    for (const [name, when, body, always] of DIGEST_TRIGGERS)
      await queryRunner.query(
        `CREATE TRIGGER "${name}" ${when}${always ? "" : ` WHEN ${NOT_RESTORING}`} BEGIN ${body} END`,
      );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "question_record_digest" ON "question"`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS "question_record_digest_delete" ON "question"`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS "answer_record_digest" ON "answer"`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS "digest_question"()`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS "digest_answer"()`);
      await queryRunner.query(`DROP TABLE "question_digest"`);
      for (const statement of journalTriggers(false)) await queryRunner.query(statement);
      return;
    }
    for (const [name] of [...JOURNAL_TRIGGERS, ...DIGEST_TRIGGERS])
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
    await queryRunner.query(`DROP TABLE "question_digest"`);
    // The journal's triggers as migration 0003 made them.
    await new ChangeJournal1764200000000().createTriggers(queryRunner);
  }
}
