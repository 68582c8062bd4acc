/**
 * What the migrations write differently for PostgreSQL: column types SQLite spells its own way,
 * and the change journal and record digests as PL/pgSQL trigger functions (SQLite's triggers
 * have bodies of plain statements; PostgreSQL's call a function).
 *
 * The journal in PostgreSQL: positions (`seq`) come from a sequence; a statement-level trigger
 * takes a transaction-scoped advisory lock before any row enters the journal, so writers that
 * journal take turns and positions are handed out in commit order: a read that sees position n
 * sees every position before it. A rolled-back transaction leaves a gap in the positions, so
 * `journal_state` keeps how far the journal was trimmed, the mark that tells a reader rows are
 * missing (sql-dialect.ts, `journalHoldsSince`). A writer's origin (`markOrigin`) is the
 * transaction-local setting `qvault.origin` (unset: an edit), which the triggers' WHEN clauses read
 * without calling a function: a restore's rows cost no trigger call.
 */
import type { QueryRunner } from "typeorm";

export function onPostgres(runner: QueryRunner): boolean {
  return runner.connection.options.type === "postgres";
}

/** The type of a column holding a point in time. */
export function timestampType(runner: QueryRunner): string {
  return onPostgres(runner) ? "timestamptz" : "datetime";
}

/** The key of the advisory lock that orders the journal's writers (sql-dialect.ts takes it too). */
export const JOURNAL_LOCK = 0x71766a;
/** The channel on which every committed journal write is signalled (migration 0009). */
export const JOURNAL_SIGNAL = "qvault_journal";

/** The writer's origin, as the journal records it. */
const ORIGIN = `COALESCE(NULLIF(current_setting('qvault.origin', true), ''), 'edit')`;
/** The WHEN clause of a trigger that skips a restore's writes (it journals them itself). */
const NOT_RESTORING = `WHEN (current_setting('qvault.origin', true) IS DISTINCT FROM 'restore')`;
const INSERT = `INSERT INTO "change_journal" ("entity", "entityId", "questionId", "sectionId", "op", "origin")`;

function fn(name: string, body: string): string {
  return `CREATE OR REPLACE FUNCTION "${name}"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE o varchar(10) := ${ORIGIN};
BEGIN
${body}
RETURN NULL;
END $$`;
}

/** The statements making the journal's tables, ordering lock and triggers (migration 0003). */
export function postgresJournal(): string[] {
  return [
    `CREATE TABLE "change_journal" (
      "seq" bigserial PRIMARY KEY NOT NULL,
      "entity" varchar(10) NOT NULL,
      "entityId" varchar(36) NOT NULL,
      "questionId" varchar(36),
      "sectionId" varchar(36),
      "op" varchar(6) NOT NULL,
      "origin" varchar(10) NOT NULL,
      "at" timestamptz NOT NULL DEFAULT clock_timestamp())`,
    `CREATE TABLE "journal_state" ("id" integer PRIMARY KEY NOT NULL CHECK ("id" = 1), "trimmedThrough" bigint NOT NULL)`,
    `INSERT INTO "journal_state" ("id", "trimmedThrough") VALUES (1, 0)`,
    `CREATE FUNCTION "journal_order"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_advisory_xact_lock(${JOURNAL_LOCK}); RETURN NULL; END $$`,
    `CREATE TRIGGER "change_journal_order" BEFORE INSERT ON "change_journal" FOR EACH STATEMENT EXECUTE FUNCTION "journal_order"()`,
    ...postgresJournalFunctions(),
    ...journalTriggers(false),
  ];
}

/** The journal's triggers; with `skipRestore`, they skip a restore's writes (migration 0007). */
export function journalTriggers(skipRestore: boolean): string[] {
  return ["section", "question", "answer"].flatMap((table) => [
    `DROP TRIGGER IF EXISTS "${table}_journal" ON "${table}"`,
    `CREATE TRIGGER "${table}_journal" AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW ${skipRestore ? NOT_RESTORING : ""} EXECUTE FUNCTION "journal_${table}"()`,
  ]);
}

/** The journal's trigger functions: a row per change, with the writer's origin. */
function postgresJournalFunctions(): string[] {
  return [
    fn(
      "journal_section",
      `IF TG_OP = 'DELETE' THEN ${INSERT} VALUES ('section', OLD."id", NULL, OLD."id", 'delete', o);
ELSE ${INSERT} VALUES ('section', NEW."id", NULL, NEW."id", lower(TG_OP), o);
END IF;`,
    ),
    fn(
      "journal_question",
      `IF TG_OP = 'DELETE' THEN ${INSERT} VALUES ('question', OLD."id", OLD."id", OLD."sectionId", 'delete', o);
ELSE ${INSERT} VALUES ('question', NEW."id", NEW."id", NEW."sectionId", lower(TG_OP), o);
END IF;
IF TG_OP = 'UPDATE' AND OLD."sectionId" <> NEW."sectionId" THEN
${INSERT} VALUES ('question', OLD."id", OLD."id", OLD."sectionId", 'move', o);
END IF;`,
    ),
    fn(
      "journal_answer",
      `IF TG_OP = 'DELETE' THEN ${INSERT} VALUES ('answer', OLD."id", OLD."questionId", NULL, 'delete', o);
ELSE ${INSERT} VALUES ('answer', NEW."id", NEW."questionId", NULL, lower(TG_OP), o);
END IF;`,
    ),
  ];
}

/**
 * The record digests' table and the triggers that forget a question's digest (migration 0007;
 * see there), with the journal's triggers made to skip a restore's writes.
 */
export function postgresRecordDigests(recordColumns: readonly string[]): string[] {
  const forget = (ids: string) => `DELETE FROM "question_digest" WHERE "questionId" IN (${ids});`;
  return [
    `CREATE TABLE "question_digest" ("questionId" varchar(36) PRIMARY KEY NOT NULL, "digest" varchar(64) NOT NULL)`,
    ...journalTriggers(true),
    fn(
      "digest_question",
      `IF TG_OP = 'DELETE' THEN ${forget('OLD."id"')} RETURN NULL; END IF;
IF TG_OP = 'UPDATE' THEN ${forget('OLD."id", NEW."id"')} ELSE ${forget('NEW."id"')} END IF;`,
    ),
    fn(
      "digest_answer",
      `IF TG_OP <> 'INSERT' THEN ${forget('OLD."questionId"')} END IF;
IF TG_OP <> 'DELETE' THEN ${forget('NEW."questionId"')} END IF;`,
    ),
    // Named after the journal's triggers, so they fire after them (PostgreSQL fires a row's
    // triggers in name order): a writer takes the journal's lock before it forgets a digest, so
    // a backup keeping digests under that lock (bank-source.ts) never keeps one a writer is
    // about to make stale.
    `CREATE TRIGGER "question_record_digest" AFTER INSERT OR UPDATE OF ${recordColumns.map((c) => `"${c}"`).join(", ")} ON "question" FOR EACH ROW ${NOT_RESTORING} EXECUTE FUNCTION "digest_question"()`,
    // Whoever deletes a question, its digest goes with it: none outlives the row it describes.
    `CREATE TRIGGER "question_record_digest_delete" AFTER DELETE ON "question" FOR EACH ROW EXECUTE FUNCTION "digest_question"()`,
    `CREATE TRIGGER "answer_record_digest" AFTER INSERT OR UPDATE OR DELETE ON "answer" FOR EACH ROW ${NOT_RESTORING} EXECUTE FUNCTION "digest_answer"()`,
  ];
}
