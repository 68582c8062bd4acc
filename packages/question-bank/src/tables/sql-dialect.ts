/**
 * The SQL that differs between the databases the bank can live in, behind one small interface.
 * Everything else in the bank's statements is SQL both SQLite and PostgreSQL read alike:
 * double-quoted identifiers, multi-row `INSERT ... VALUES`, `IN (...)` lists, `ORDER BY`, `LIMIT`.
 *
 * Terms: a *placeholder* stands for one parameter of a statement; a *proposed* value is the one an
 * upsert's new row carries for a column; *parking* moves rows out of the way of the unique
 * positions a restore is about to write.
 *
 * Invariants a dialect keeps, because ./record-statements.ts relies on them: the JSON it builds for
 * the same rows decodes to the same records (numbers as numbers, a JSON column as its value, not
 * as a string of it; a boolean as true/false or 0/1); an aggregate over no rows is `[]`; parked
 * positions are unique across every row of a table, and below `base`. SQLite and PostgreSQL are
 * the two; SQL that differs between them is written here, nowhere else.
 */

import { JOURNAL_LOCK } from "../migrations/postgres.js";

/** The SQL type families of the bank's columns; each one converts values in its own way. */
export type ColumnType = "text" | "integer" | "boolean" | "json" | "timestamp";

/**
 * The SQL that builds a record's canonical bytes (record-statements.ts, `canonicalJson`), for a
 * database whose JSON text can be exactly core's encoding.
 */
export interface CanonicalSql {
  /** As {@link SqlDialect.jsonArrayOf}: the JSON array, in order, of the values of a query's rows. */
  jsonArrayOf(expression: string, orderBy?: string): string;
  /** A JSON object of `entries` (key, SQL expression), keys in the order given, no whitespace. */
  jsonObject(entries: readonly (readonly [string, string])[]): string;
  /** True when `expression` is an integer that a JavaScript number holds exactly. */
  exactInteger(expression: string): string;
  /** The integer `expression` as JSON's true or false (0 false, anything else true). */
  jsonBoolean(expression: string): string;
  /**
   * The JSON column `column`'s array rebuilt, its strings quoted as JSON.stringify quotes them;
   * NULL unless it holds an array of strings only.
   */
  stringArray(column: string): string;
  /** True when the JSON column `column` holds an object. */
  isObject(column: string): string;
  /** The member `key` of the JSON object in `column`, as an SQL value (a string as text). */
  member(column: string, key: string): string;
  /** True when the member `key` of the JSON object in `column` is a string. */
  memberIsText(column: string, key: string): string;
}

export interface SqlDialect {
  readonly name: "sqlite" | "postgres";
  /**
   * How the database builds a record's canonical bytes, so that it can hand them over (SQLite);
   * null where its JSON text has its own spacing (PostgreSQL: records are then encoded by core).
   */
  readonly canonical: CanonicalSql | null;
  /** `placeholder`, typed as `type` where the database cannot infer a parameter's type. */
  typed(placeholder: string, type: ColumnType): string;
  /** The operator matching a LIKE pattern without regard to ASCII case. */
  readonly likeAnyCase: string;
  /** The placeholder of the statement's `index`-th parameter, counted from 1. */
  placeholder(index: number): string;
  /** A JSON array of the values of `expressions`, in order. */
  jsonArray(expressions: readonly string[]): string;
  /**
   * Aggregates `expression` over a query's rows into one JSON array, in the order of `orderBy`
   * when given; `[]` when there is none.
   */
  jsonArrayOf(expression: string, orderBy?: string): string;
  /** A column that holds JSON text, as that JSON value inside JSON the database builds. */
  jsonColumn(column: string): string;
  /** The member `key` of the JSON object held as text in `column`, as text (null when absent). */
  jsonMemberText(column: string, key: string): string;
  /** The tail of an INSERT that updates, instead, the row with the same `key`. */
  upsert(key: string, assignments: readonly string[]): string;
  /** The tail of an INSERT that skips, instead, a row whose `key` exists. */
  ignoreConflict(key: string): string;
  /** The value an upsert's new row proposes for `column`, for use in its assignments. */
  proposed(column: string): string;
  /**
   * An UPDATE moving the rows of `table` whose ids are in `idList` (placeholders) to positions
   * below `base`, unique across the table.
   */
  park(table: string, base: number, idList: string): string;
  /**
   * A FROM item naming `alias` whose rows are the objects of a JSON array: `source.json` (an
   * expression or placeholder), or the array in field `source.path` of each row of `source.alias`
   * (itself a FROM item of this kind, whose `columns` name that field as "json"). Each object's
   * fields of `columns` are read with {@link jsonRowField}; the database parses each object once.
   */
  jsonRows(
    source: { json: string } | { alias: string; path: string },
    alias: string,
    columns: readonly { name: string; type: ColumnType }[],
  ): string;
  /**
   * The field `name` of a row of {@link jsonRows} named `alias`, as a value of a column of `type`:
   * JSON text for a JSON column, a boolean as the dialect's boolean; null stays null.
   */
  jsonRowField(alias: string, name: string, type: ColumnType): string;
  /** A FROM item naming `alias` whose rows are the strings of the JSON array `json`, each `alias.value`. */
  jsonTextEach(json: string, alias: string): string;
  /** A boolean as a parameter. */
  boolean(value: boolean): unknown;
  /** A timestamp as a parameter, in the form the bank's TypeORM entities read. */
  timestamp(date: Date): unknown;
  /**
   * A query answering one row with `revision`: the last number the change journal handed out,
   * which never goes back, even when the journal's rows are trimmed.
   */
  readonly journalRevision: string;
  /**
   * A condition, true when the change journal still holds every row it wrote after position
   * `since` (each call of `since` gives a placeholder of that position): none was trimmed past
   * it, and (where the database can tell) none was deleted behind qvault's back.
   */
  journalHoldsSince(since: () => string): string;
  /**
   * A statement that marks the journal trimmed through position `?` where the database keeps that
   * mark ({@link journalHoldsSince} reads it), else null.
   */
  readonly journalTrimmed: string | null;
  /**
   * The statement that marks the journal rows of the rest of the transaction with the origin `?`
   * (see migrations/0003-change-journal.ts and migrations/postgres.ts).
   */
  readonly markOrigin: string;
  /**
   * A statement that refreshes the planner's statistics of the record tables, for a transaction
   * that wrote many rows before it reads them; null where the planner needs none.
   */
  readonly analyze: string | null;
  /**
   * A statement that waits for, and then holds until the transaction ends, the lock the journal's
   * writers take, where writers of other connections can run at once (PostgreSQL); null where
   * the database lets one writer at a time in (SQLite).
   */
  readonly journalLock: string | null;
  /** An expression of the database's clock now, in whole milliseconds since 1970. */
  readonly nowMs: string;
}

/** The journal's revision in SQLite: AUTOINCREMENT keeps its last number in sqlite_sequence, past every trim. */
const SQLITE_REVISION = `COALESCE((SELECT "seq" FROM "sqlite_sequence" WHERE "name" = 'change_journal'), 0)`;

const sqliteArrayOf = (expression: string, orderBy?: string) =>
  `json_group_array(${expression}${orderBy ? ` ORDER BY ${orderBy}` : ""})`;

/** SQLite, with its built-in JSON functions (json_array, json_group_array, json). */
export const sqliteDialect: SqlDialect = {
  name: "sqlite",
  canonical: {
    jsonArrayOf: sqliteArrayOf,
    // SQLite quotes strings in JSON exactly as JSON.stringify does (every code point checked).
    jsonObject: (entries) => `json_object(${entries.map(([key, value]) => `'${key}', ${value}`).join(", ")})`,
    exactInteger: (expression) =>
      `(typeof(${expression}) = 'integer' AND ${expression} BETWEEN -9007199254740991 AND 9007199254740991)`,
    jsonBoolean: (expression) => `CASE WHEN ${expression} THEN json('true') ELSE json('false') END`,
    // One pass over the JSON: an array's elements have integer keys (an object's members do not,
    // and a scalar's one row has none); total() of no rows is 0, so [] stays [].
    stringArray: (column) =>
      `(SELECT CASE WHEN count(*) = total(typeof("key") = 'integer' AND "type" = 'text') THEN json_group_array("value" ORDER BY "key") END FROM json_each(${column}))`,
    isObject: (column) => `json_type(${column}) = 'object'`,
    member: (column, key) => `json_extract(${column}, '$.${key}')`,
    memberIsText: (column, key) => `json_type(${column}, '$.${key}') = 'text'`,
  },
  typed: (placeholder) => placeholder,
  // SQLite's LIKE ignores ASCII case already.
  likeAnyCase: "LIKE",
  placeholder: () => "?",
  jsonArray: (expressions) => `json_array(${expressions.join(", ")})`,
  jsonArrayOf: sqliteArrayOf,
  // The column holds text: json() makes SQLite embed it as JSON, not as a string.
  jsonColumn: (column) => `json(${column})`,
  jsonMemberText: (column, key) => `CAST(json_extract(${column}, '$.${key}') AS TEXT)`,
  upsert: (key, assignments) => `ON CONFLICT ("${key}") DO UPDATE SET ${assignments.join(", ")}`,
  ignoreConflict: (key) => `ON CONFLICT ("${key}") DO NOTHING`,
  proposed: (column) => `excluded."${column}"`,
  // Rowids are unique in a table, so the positions made from them never collide.
  park: (table, base, idList) =>
    `UPDATE "${table}" SET "position" = ${base} - "rowid" WHERE "id" IN (${idList})`,
  jsonRows: (source, alias) =>
    "json" in source
      ? `json_each(${source.json}) AS ${alias}`
      : `json_each(${source.alias}.value, '$.${source.path}') AS ${alias}`,
  // ->> gives JSON's true and false as 1 and 0, the booleans this dialect stores.
  jsonRowField: (alias, name, type) => `${alias}.value ${type === "json" ? "->" : "->>"} '$.${name}'`,
  jsonTextEach: (json, alias) => `json_each(${json}) AS ${alias}`,
  boolean: (value) => (value ? 1 : 0),
  // TypeORM's datetime text for SQLite: UTC, "YYYY-MM-DD HH:MM:SS.SSS".
  timestamp: (date) => date.toISOString().replace("T", " ").replace("Z", ""),
  journalRevision: `SELECT ${SQLITE_REVISION} AS "revision"`,
  // Positions are handed out one by one, so rows missing after `since` show as a count short.
  journalHoldsSince: (since) =>
    `(SELECT COUNT(*) FROM "change_journal" WHERE "seq" > ${since()}) = ${SQLITE_REVISION} - ${since()}`,
  journalTrimmed: null,
  // A row the triggers read; it is set back to 'edit' before the transaction ends.
  markOrigin: `UPDATE "journal_origin" SET "origin" = ? WHERE "id" = 1`,
  analyze: null,
  journalLock: null,
  nowMs: `CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)`,
};

/** PostgreSQL's type of each type family, for typed parameters and JSON fields. */
const POSTGRES_TYPES: Record<ColumnType, string> = {
  text: "text",
  integer: "integer",
  boolean: "boolean",
  json: "text",
  timestamp: "timestamptz",
};

/** The journal's revision in PostgreSQL: see migrations/postgres-journal.ts. */
const POSTGRES_REVISION = `GREATEST(COALESCE((SELECT MAX("seq") FROM "change_journal"), 0), (SELECT "trimmedThrough" FROM "journal_state" WHERE "id" = 1))`;

/**
 * PostgreSQL, with its JSON functions (json_build_array, json_agg, json_array_elements). Its
 * JSON text has its own spacing, so records are encoded by core, not by the database.
 */
export const postgresDialect: SqlDialect = {
  name: "postgres",
  canonical: null,
  typed: (placeholder, type) => `${placeholder}::${POSTGRES_TYPES[type]}`,
  likeAnyCase: "ILIKE",
  placeholder: (index) => `$${index}`,
  jsonArray: (expressions) => `json_build_array(${expressions.join(", ")})`,
  jsonArrayOf: (expression, orderBy) =>
    `COALESCE(json_agg(${expression}${orderBy ? ` ORDER BY ${orderBy}` : ""}), '[]'::json)`,
  jsonColumn: (column) => `${column}::json`,
  jsonMemberText: (column, key) => `(${column}::json ->> '${key}')`,
  upsert: (key, assignments) => `ON CONFLICT ("${key}") DO UPDATE SET ${assignments.join(", ")}`,
  ignoreConflict: (key) => `ON CONFLICT ("${key}") DO NOTHING`,
  proposed: (column) => `EXCLUDED."${column}"`,
  // PostgreSQL has no rowid: a sequence of the migrations' hands out the distinct offsets.
  park: (table, base, idList) =>
    `UPDATE "${table}" SET "position" = ${base} - nextval('park_position') WHERE "id" IN (${idList})`,
  // json_to_recordset reads each object once, into typed columns; a JSON column stays json, whose
  // text is the record's own.
  jsonRows: (source, alias, columns) =>
    `json_to_recordset(${"json" in source ? `(${source.json})::json` : `${source.alias}."${source.path}"`}) AS ${alias}(${columns
      .map((c) => `"${c.name}" ${c.type === "json" ? "json" : POSTGRES_TYPES[c.type]}`)
      .join(", ")})`,
  jsonRowField: (alias, name, type) => `${alias}."${name}"${type === "json" ? "::text" : ""}`,
  jsonTextEach: (json, alias) => `json_array_elements_text((${json})::json) AS ${alias}("value")`,
  boolean: (value) => value,
  timestamp: (date) => date,
  journalRevision: `SELECT ${POSTGRES_REVISION} AS "revision"`,
  // Positions come from a sequence, which a rolled-back transaction leaves gaps in: only a trim
  // past `since` (kept in journal_state) tells that rows are missing.
  journalHoldsSince: (since) => `(SELECT "trimmedThrough" FROM "journal_state" WHERE "id" = 1) <= ${since()}`,
  journalTrimmed: `UPDATE "journal_state" SET "trimmedThrough" = GREATEST("trimmedThrough", ?) WHERE "id" = 1`,
  // A setting local to the transaction, which the triggers' WHEN clauses read.
  markOrigin: `SELECT set_config('qvault.origin', ?, true)`,
  analyze: `ANALYZE "section", "question", "answer"`,
  journalLock: `SELECT pg_advisory_xact_lock(${JOURNAL_LOCK})`,
  nowMs: `(extract(epoch FROM clock_timestamp()) * 1000)::bigint`,
};
