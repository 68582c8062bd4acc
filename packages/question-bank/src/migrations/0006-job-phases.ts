import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The phases a job went through, each with when it began (JSON: `[{ phase, startedAt }]`), so
 * that a job's history shows them once it has ended. Null for jobs stored before, read as none.
 */
export class JobPhases1764500000000 implements MigrationInterface {
  name = "JobPhases1764500000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "job" ADD COLUMN "phases" text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "job" DROP COLUMN "phases"`);
  }
}
