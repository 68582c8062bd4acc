import type { MigrationInterface, QueryRunner } from "typeorm";
import { onPostgres, timestampType } from "./postgres.js";

/** The question bank's first schema: sections, questions, answers and API keys. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = "InitialSchema1764000000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const datetime = timestampType(queryRunner);
    await queryRunner.query(`CREATE TABLE "section" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "name" varchar(200) NOT NULL,
      "description" text,
      "position" integer NOT NULL,
      "createdAt" ${datetime} NOT NULL,
      "updatedAt" ${datetime} NOT NULL)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "section_position" ON "section" ("position")`);
    await queryRunner.query(`CREATE TABLE "question" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "sectionId" varchar(36) NOT NULL,
      "type" varchar(20) NOT NULL,
      "prompt" text NOT NULL,
      "explanation" text,
      "difficulty" integer,
      "tags" text NOT NULL,
      "audioPath" varchar(500),
      "position" integer NOT NULL,
      "version" integer NOT NULL,
      "createdAt" ${datetime} NOT NULL,
      "updatedAt" ${datetime} NOT NULL,
      CONSTRAINT "question_section_fk" FOREIGN KEY ("sectionId") REFERENCES "section" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "question_section_position" ON "question" ("sectionId", "position")`,
    );
    await queryRunner.query(`CREATE TABLE "answer" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "questionId" varchar(36) NOT NULL,
      "text" text NOT NULL,
      "isCorrect" boolean NOT NULL,
      "position" integer NOT NULL,
      CONSTRAINT "answer_question_fk" FOREIGN KEY ("questionId") REFERENCES "question" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "answer_question_position" ON "answer" ("questionId", "position")`,
    );
    await queryRunner.query(`CREATE TABLE "api_key" (
      "id" varchar(36) PRIMARY KEY NOT NULL,
      "name" varchar(100) NOT NULL,
      "role" varchar(10) NOT NULL,
      "secretHash" varchar(64) NOT NULL,
      "createdAt" ${datetime} NOT NULL,
      "lastUsedAt" ${datetime},
      "revokedAt" ${datetime})`);
    await queryRunner.query(`CREATE UNIQUE INDEX "api_key_secret_hash" ON "api_key" ("secretHash")`);
    // PostgreSQL has no rowid: a restore parks rows at positions this sequence hands out.
    if (onPostgres(queryRunner))
      await queryRunner.query(`CREATE SEQUENCE "park_position" MAXVALUE 1000000000 CYCLE`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`DROP TABLE "answer"`);
    await queryRunner.query(`DROP TABLE "question"`);
    await queryRunner.query(`DROP TABLE "section"`);
  }
}
