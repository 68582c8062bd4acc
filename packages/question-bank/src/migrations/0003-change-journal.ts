import type { MigrationInterface, QueryRunner } from "typeorm";
import { onPostgres, postgresJournal } from "./postgres.js";

/**
 * The change journal: triggers write one row for every insert, update and delete of a section,
 * question or answer, in the same transaction as the change (a rolled-back change leaves none),
 * whoever makes it: the API, a bulk import, a restore, or SQL behind the ORM's back. The row's
 * origin comes from `journal_origin`, which a writer sets for the length of its transaction.
 * Answer rows name their question only (a reader finds its section through the question): a
 * lookup per answer would slow down every bulk write.
 */
export class ChangeJournal1764200000000 implements MigrationInterface {
  name = "ChangeJournal1764200000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) {
      for (const statement of postgresJournal()) await queryRunner.query(statement);
      return;
    }
    await queryRunner.query(`CREATE TABLE "change_journal" (
      "seq" integer PRIMARY KEY AUTOINCREMENT NOT NULL,
      "entity" varchar(10) NOT NULL,
      "entityId" varchar(36) NOT NULL,
      "questionId" varchar(36),
      "sectionId" varchar(36),
      "op" varchar(6) NOT NULL,
      "origin" varchar(10) NOT NULL,
      "at" datetime NOT NULL DEFAULT (strftime('%Y-%m-%d %H:%M:%f', 'now')))`);
    await queryRunner.query(
      `CREATE TABLE "journal_origin" ("id" integer PRIMARY KEY NOT NULL CHECK ("id" = 1), "origin" varchar(10) NOT NULL)`,
    );
    await queryRunner.query(`INSERT INTO "journal_origin" ("id", "origin") VALUES (1, 'edit')`);
    await this.createTriggers(queryRunner);
  }

  /** The journal's triggers, as this migration makes them (a later one's `down` makes them again). */
  async createTriggers(queryRunner: QueryRunner): Promise<void> {
    const origin = `(SELECT "origin" FROM "journal_origin" WHERE "id" = 1)`;
    const row = (entity: string, op: string, ref: "NEW" | "OLD", question: string, section: string) =>
      `INSERT INTO "change_journal" ("entity", "entityId", "questionId", "sectionId", "op", "origin") VALUES ('${entity}', ${ref}."id", ${question}, ${section}, '${op}', ${origin});`;
    const triggers: [string, string, string][] = [
      [
        "section_journal_insert",
        'AFTER INSERT ON "section"',
        row("section", "insert", "NEW", "NULL", `NEW."id"`),
      ],
      [
        "section_journal_update",
        'AFTER UPDATE ON "section"',
        row("section", "update", "NEW", "NULL", `NEW."id"`),
      ],
      [
        "section_journal_delete",
        'AFTER DELETE ON "section"',
        row("section", "delete", "OLD", "NULL", `OLD."id"`),
      ],
      [
        "question_journal_insert",
        'AFTER INSERT ON "question"',
        row("question", "insert", "NEW", `NEW."id"`, `NEW."sectionId"`),
      ],
      [
        "question_journal_update",
        'AFTER UPDATE ON "question"',
        `${row("question", "update", "NEW", `NEW."id"`, `NEW."sectionId"`)}
         INSERT INTO "change_journal" ("entity", "entityId", "questionId", "sectionId", "op", "origin")
           SELECT 'question', OLD."id", OLD."id", OLD."sectionId", 'move', ${origin} WHERE OLD."sectionId" <> NEW."sectionId";`,
      ],
      [
        "question_journal_delete",
        'AFTER DELETE ON "question"',
        row("question", "delete", "OLD", `OLD."id"`, `OLD."sectionId"`),
      ],
      [
        "answer_journal_insert",
        'AFTER INSERT ON "answer"',
        row("answer", "insert", "NEW", `NEW."questionId"`, "NULL"),
      ],
      [
        "answer_journal_update",
        'AFTER UPDATE ON "answer"',
        row("answer", "update", "NEW", `NEW."questionId"`, "NULL"),
      ],
      [
        "answer_journal_delete",
        'AFTER DELETE ON "answer"',
        row("answer", "delete", "OLD", `OLD."questionId"`, "NULL"),
      ],
    ];
    for (const [name, when, body] of triggers)
      await queryRunner.query(`CREATE TRIGGER "${name}" ${when} BEGIN ${body} END`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner)) {
      for (const table of ["section", "question", "answer"]) {
        await queryRunner.query(`DROP TRIGGER IF EXISTS "${table}_journal" ON "${table}"`);
        await queryRunner.query(`DROP FUNCTION IF EXISTS "journal_${table}"()`);
      }
      await queryRunner.query(`DROP TABLE "journal_state"`);
      await queryRunner.query(`DROP TABLE "change_journal"`);
      await queryRunner.query(`DROP FUNCTION IF EXISTS "journal_order"()`);
      return;
    }
    for (const table of ["section", "question", "answer"])
      for (const op of ["insert", "update", "delete"])
        await queryRunner.query(`DROP TRIGGER IF EXISTS "${table}_journal_${op}"`);
    await queryRunner.query(`DROP TABLE "journal_origin"`);
    await queryRunner.query(`DROP TABLE "change_journal"`);
  }
}
