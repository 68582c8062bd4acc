import type { MigrationInterface, QueryRunner } from "typeorm";
import { onPostgres, timestampType } from "./postgres.js";

/** Persisted jobs (backups, verifications, restores, cleanups). */
export class Jobs1764100000000 implements MigrationInterface {
  name = "Jobs1764100000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const datetime = timestampType(queryRunner);
    await queryRunner.query(`CREATE TABLE "job" (
      "id" varchar(40) PRIMARY KEY NOT NULL,
      "kind" varchar(20) NOT NULL,
      "status" varchar(20) NOT NULL,
      "phase" varchar(100),
      "done" integer NOT NULL,
      "total" integer,
      "bytesDone" ${onPostgres(queryRunner) ? "bigint" : "integer"} NOT NULL,
      "ratePerSecond" real,
      "etaMs" integer,
      "message" text,
      "errorCode" varchar(40),
      "errorMessage" text,
      "createdAt" ${datetime} NOT NULL,
      "startedAt" ${datetime},
      "finishedAt" ${datetime},
      "backupId" varchar(40),
      "safetyBackupId" varchar(40),
      "params" text NOT NULL,
      "report" text)`);
    await queryRunner.query(`CREATE INDEX "job_created" ON "job" ("createdAt")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "job"`);
  }
}
