import { randomUUID } from "node:crypto";
import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * The bank's identity: a random id made once, when this migration runs. A snapshot's journal
 * cursor names it (`<bank id>:<journal position>`), so that a backup builds on a snapshot from
 * the change journal only when that snapshot was read from this bank; a copy of the database
 * file keeps its id and its journal together.
 */
export class BankIdentity1764700000000 implements MigrationInterface {
  name = "BankIdentity1764700000000";

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "bank_identity" ("id" varchar(36) PRIMARY KEY NOT NULL)`);
    await queryRunner.query(`INSERT INTO "bank_identity" ("id") VALUES (?)`, [randomUUID()]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "bank_identity"`);
  }
}
