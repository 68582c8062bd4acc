import type { MigrationInterface, QueryRunner } from "typeorm";
import { timestampType } from "./postgres.js";

/** Settings kept as JSON documents by key (e.g. the backup settings). */
export class Settings1764300000000 implements MigrationInterface {
  name = "Settings1764300000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    const datetime = timestampType(queryRunner);
    await queryRunner.query(
      `CREATE TABLE "setting" ("key" varchar(50) PRIMARY KEY NOT NULL, "value" text NOT NULL, "updatedAt" ${datetime} NOT NULL)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "setting"`);
  }
}
