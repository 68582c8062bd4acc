import type { MigrationInterface, QueryRunner } from "typeorm";
import { ChangeJournal1764200000000 } from "./0003-change-journal.js";

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
/** Every question column but the digest: the change journal records a change to any of them. */
const JOURNALED_COLUMNS = [...RECORD_COLUMNS, "version", "createdAt", "updatedAt"];

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
    `AFTER UPDATE OF ${columns(JOURNALED_COLUMNS)} ON "question"`,
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

const forget = (question: string) =>
  `UPDATE "question" SET "recordDigest" = NULL WHERE "id" = ${question} AND "recordDigest" IS NOT NULL;`;

/** Triggers that forget a question's digest when anything but qvault's restore changes its record. */
const DIGEST_TRIGGERS: [string, string, string][] = [
  [
    "question_digest_update",
    `AFTER UPDATE OF ${columns(RECORD_COLUMNS)} ON "question"`,
    `UPDATE "question" SET "recordDigest" = NULL WHERE "rowid" = NEW."rowid" AND "recordDigest" IS NOT NULL;`,
  ],
  ["answer_digest_insert", 'AFTER INSERT ON "answer"', forget('NEW."questionId"')],
  [
    "answer_digest_update",
    'AFTER UPDATE ON "answer"',
    `${forget('OLD."questionId"')} ${forget('NEW."questionId"')}`,
  ],
  ["answer_digest_delete", 'AFTER DELETE ON "answer"', forget('OLD."questionId"')],
];

/**
 * Each question's record digest, kept beside it, so that planning a restore and backing up an
 * unchanged bank compare digests instead of reading and hashing every question.
 *
 * - `question.recordDigest` is the SHA-256 of the question's record (FORMAT.md, "Records") or
 *   null when unknown. Only qvault writes it: a restore for what it wrote and verified, a backup
 *   for what it read and hashed, and only for a question no change has touched since.
 * - Triggers set it back to null whenever a question's record changes in any other way: an edit
 *   through the API, an import, or SQL written behind qvault's back (a change to the question's
 *   record columns or to its answers).
 * - The change journal's triggers now skip a restore's writes: a restore journals them itself,
 *   a row per question and per section (its answers need none: a question's row covers them), in
 *   set-based statements, instead of a row per question, per answer and per parking move. The
 *   journal's update trigger on questions fires on every column but the digest, so storing a
 *   digest is not a change of the bank.
 */
export class RecordDigests1764600000000 implements MigrationInterface {
  name = "RecordDigests1764600000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "question" ADD COLUMN "recordDigest" varchar(64)`);
    for (const [name] of JOURNAL_TRIGGERS) await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
    for (const [name, when, body] of [...JOURNAL_TRIGGERS, ...DIGEST_TRIGGERS])
      await queryRunner.query(`CREATE TRIGGER "${name}" ${when} WHEN ${NOT_RESTORING} BEGIN ${body} END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of [...JOURNAL_TRIGGERS, ...DIGEST_TRIGGERS])
      await queryRunner.query(`DROP TRIGGER IF EXISTS "${name}"`);
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "recordDigest"`);
    // The journal's triggers as migration 0003 made them.
    await new ChangeJournal1764200000000().createTriggers(queryRunner);
  }
}
