import type { MigrationInterface, QueryRunner } from "typeorm";
import { JOURNAL_LOCK, JOURNAL_SIGNAL, onPostgres, timestampType } from "./postgres.js";

/**
 * The server instances sharing the bank, and which of them runs each job.
 *
 * `instance` holds a row per running instance, its heartbeat (`heartbeatMs`, milliseconds since
 * 1970 by the database's clock) refreshed while it lives. `job.instanceId` names the instance
 * that queued a job (null for jobs stored before, and for jobs not queued by a server): once that
 * instance stops beating, another one marks the job INTERRUPTED.
 *
 * PostgreSQL only: the journal's ordering trigger also signals `qvault_journal` (delivered when
 * the writing transaction commits), so every instance learns of every committed edit, whoever
 * made it, qvault or not.
 */
export class Instances1764800000000 implements MigrationInterface {
  name = "Instances1764800000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "instance" (
      "id" varchar(40) PRIMARY KEY NOT NULL,
      "host" varchar(255) NOT NULL,
      "pid" integer NOT NULL,
      "startedAt" ${timestampType(queryRunner)} NOT NULL,
      "heartbeatMs" bigint NOT NULL)`);
    await queryRunner.query(`ALTER TABLE "job" ADD COLUMN "instanceId" varchar(40)`);
    await queryRunner.query(`CREATE INDEX "job_status" ON "job" ("status")`);
    if (onPostgres(queryRunner))
      await queryRunner.query(`CREATE OR REPLACE FUNCTION "journal_order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_advisory_xact_lock(${JOURNAL_LOCK}); PERFORM pg_notify('${JOURNAL_SIGNAL}', ''); RETURN NULL; END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (onPostgres(queryRunner))
      await queryRunner.query(`CREATE OR REPLACE FUNCTION "journal_order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_advisory_xact_lock(${JOURNAL_LOCK}); RETURN NULL; END $$`);
    await queryRunner.query(`DROP INDEX "job_status"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "instanceId"`);
    await queryRunner.query(`DROP TABLE "instance"`);
  }
}
