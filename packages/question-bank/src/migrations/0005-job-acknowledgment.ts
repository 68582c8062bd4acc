import type { MigrationInterface, QueryRunner } from "typeorm";
import { timestampType } from "./postgres.js";

/**
 * Who acknowledged a failed job, and when (an API key's name): an acknowledged failure no longer
 * degrades the system's health. Both null for every job until then, and for jobs stored before.
 */
export class JobAcknowledgment1764400000000 implements MigrationInterface {
  name = "JobAcknowledgment1764400000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const datetime = timestampType(queryRunner);
    await queryRunner.query(`ALTER TABLE "job" ADD COLUMN "acknowledgedAt" ${datetime}`);
    await queryRunner.query(`ALTER TABLE "job" ADD COLUMN "acknowledgedBy" varchar(100)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "acknowledgedBy"`);
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "acknowledgedAt"`);
  }
}
