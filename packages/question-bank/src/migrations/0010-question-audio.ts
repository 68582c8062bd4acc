import type { MigrationInterface, QueryRunner } from "typeorm";
import { onPostgres } from "./postgres.js";

/** The question columns a record is made of, now with `audio` (see 0007-record-digests.ts). */
const RECORD_COLUMNS = [
  "id",
  "sectionId",
  "type",
  "prompt",
  "explanation",
  "difficulty",
  "tags",
  "audioPath",
  "audio",
  "position",
];
const BEFORE = RECORD_COLUMNS.filter((c) => c !== "audio");

const ORIGIN = `(SELECT "origin" FROM "journal_origin" WHERE "id" = 1)`;
const columns = (names: string[]) => names.map((name) => `"${name}"`).join(", ");
const forget = (question: string) => `DELETE FROM "question_digest" WHERE "questionId" = ${question};`;

/**
 * A question's audio by content: `question.audio` holds the JSON of core's MediaRef (`bytes`,
 * `durationMs`, `mimeType`, `sha256`) of the file at `audioPath` under the bank's media folder,
 * or NULL when the bank holds none. It is part of the question's record (record schema 2), so a
 * change to it forgets the question's kept digest, as a change to any record column does.
 */
export class QuestionAudio1764900000000 implements MigrationInterface {
  name = "QuestionAudio1764900000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "question" ADD COLUMN "audio" text`);
    await this.digestTrigger(queryRunner, RECORD_COLUMNS);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await this.digestTrigger(queryRunner, BEFORE);
    await queryRunner.query(`ALTER TABLE "question" DROP COLUMN "audio"`);
  }

  /** The trigger forgetting a question's digest when one of `record` columns changes. */
  private async digestTrigger(queryRunner: QueryRunner, record: string[]): Promise<void> {
    if (onPostgres(queryRunner)) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS "question_record_digest" ON "question"`);
      await queryRunner.query(
        `CREATE TRIGGER "question_record_digest" AFTER INSERT OR UPDATE OF ${columns(record)} ON "question" FOR EACH ROW WHEN (current_setting('qvault.origin', true) IS DISTINCT FROM 'restore') EXECUTE FUNCTION "digest_question"()`,
      );
      return;
    }
    await queryRunner.query(`DROP TRIGGER IF EXISTS "question_digest_update"`);
    await queryRunner.query(
      `CREATE TRIGGER "question_digest_update" AFTER UPDATE OF ${columns(record)} ON "question" WHEN ${ORIGIN} <> 'restore' BEGIN ${forget('OLD."id"')} ${forget('NEW."id"')} END`,
    );
  }
}
