/**
 * The bank's tables as records: for section, question and answer, the table's name and its
 * columns, each with the record field it holds or what the bank derives for it, its SQL type
 * family and whether it may be null. Every statement that reads or writes records as rows
 * (the bank source, the bank target, the demo bank) is made from these tables by
 * ./record-statements.ts; nothing else spells out their column lists.
 *
 * Terms: a *field column* holds one field of a record (`prompt`); a *derived column* holds what
 * the bank keeps beside a record (an answer's `questionId`, a question's `version`, timestamps);
 * a *child* is a record nested in another's (a question's answers), stored in its own table with
 * an owner column pointing at its owner's key. A *row value* is a value as SQL holds it.
 *
 * Invariants: field columns are listed in the order of the record's fields in `@qvault/core`,
 * which is also the order of the JSON arrays records are read as; every record field has one
 * column, named as the field; column names are the entities' property names and the migrations'
 * columns (test/record-tables.test.ts checks both against TypeORM's metadata). Not guaranteed:
 * the tables describe the schema, they do not create or migrate it (./migrations does).
 */
import type { AnswerRecord, QuestionRecord, SectionRecord } from "@qvault/core";
import type { ColumnType, SqlDialect } from "./sql-dialect.js";

export type { ColumnType };

/** What a derived column holds: the owner's key, the version, or a timestamp. */
export type Derivation = "owner" | "version" | "createdAt" | "updatedAt";

/**
 * What an upsert does to a column of a row that exists already: take the new row's value, keep
 * the old one, or raise the old one by one.
 */
export type OnConflict = "replace" | "keep" | "raise";

export interface FieldColumn<F extends string = string> {
  /** The column's name: the field's own name, as the entities and migrations spell it. */
  readonly name: F;
  readonly field: F;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /**
   * For a JSON column holding an object: its members, in the order of its canonical JSON (sorted).
   * Such a field is left out of a record's canonical JSON when it is null (core's encoding).
   */
  readonly members?: readonly {
    readonly key: string;
    readonly type: "integer" | "text";
    readonly nullable: boolean;
  }[];
}

export interface DerivedColumn {
  readonly name: string;
  readonly derivation: Derivation;
  readonly type: ColumnType;
  readonly nullable: false;
  readonly onConflict: OnConflict;
}

export type TableColumn = FieldColumn | DerivedColumn;

/** Records nested in another's record, in a table of their own. */
export interface ChildRecords {
  /** The owner's field that holds them (`answers`). */
  readonly field: string;
  /** Their table; its "owner" derived column holds the owner's key. */
  readonly table: RecordTable;
  /** The field they are ordered by in the owner's record. */
  readonly orderBy: string;
}

export interface RecordTable<F extends string = string> {
  readonly name: string;
  /** The short name statements give the table (`q` in `FROM "question" q`). */
  readonly alias: string;
  /** The primary key, a field column. */
  readonly key: F;
  /** Field columns, in record order. */
  readonly fields: readonly FieldColumn<F>[];
  readonly derived: readonly DerivedColumn[];
  readonly children: readonly ChildRecords[];
  /**
   * Where the digests of rows' records (SHA-256 of their canonical bytes) are kept: a table of
   * their own, a row per record whose digest is known, keyed by the record's key; written by
   * qvault only (migrations/0007-record-digests.ts).
   */
  readonly digests?: { readonly table: string; readonly key: string; readonly digest: string };
}

const column = <F extends string>(field: F, type: ColumnType, nullable = false): FieldColumn<F> => ({
  name: field,
  field,
  type,
  nullable,
});

const NULLABLE = true;

const derived = (name: string, derivation: Derivation, type: ColumnType, onConflict: OnConflict) =>
  ({ name, derivation, type, nullable: false, onConflict }) as const;

const CREATED_AT = derived("createdAt", "createdAt", "timestamp", "keep");
const UPDATED_AT = derived("updatedAt", "updatedAt", "timestamp", "replace");

export const SECTION_TABLE: RecordTable<keyof SectionRecord> = {
  name: "section",
  alias: "s",
  key: "id",
  fields: [
    column("id", "text"),
    column("name", "text"),
    column("description", "text", NULLABLE),
    column("position", "integer"),
  ],
  derived: [CREATED_AT, UPDATED_AT],
  children: [],
};

export const ANSWER_TABLE: RecordTable<keyof AnswerRecord> = {
  name: "answer",
  alias: "a",
  key: "id",
  fields: [
    column("id", "text"),
    column("text", "text"),
    column("isCorrect", "boolean"),
    column("position", "integer"),
  ],
  derived: [derived("questionId", "owner", "text", "replace")],
  children: [],
};

export const QUESTION_TABLE: RecordTable<Exclude<keyof QuestionRecord, "answers">> = {
  name: "question",
  alias: "q",
  key: "id",
  fields: [
    column("id", "text"),
    column("sectionId", "text"),
    column("type", "text"),
    column("prompt", "text"),
    column("explanation", "text", NULLABLE),
    column("difficulty", "integer", NULLABLE),
    column("tags", "json"),
    column("audioPath", "text", NULLABLE),
    {
      ...column("audio", "json", NULLABLE),
      // A MediaRef: the audio file at audioPath, by content.
      members: [
        { key: "bytes", type: "integer", nullable: false },
        { key: "durationMs", type: "integer", nullable: true },
        { key: "mimeType", type: "text", nullable: false },
        { key: "sha256", type: "text", nullable: false },
      ],
    },
    column("position", "integer"),
  ],
  derived: [derived("version", "version", "integer", "raise"), CREATED_AT, UPDATED_AT],
  children: [{ field: "answers", table: ANSWER_TABLE, orderBy: "position" }],
  digests: { table: "question_digest", key: "questionId", digest: "digest" },
};

/** The tables holding records, owners before children. */
export const RECORD_TABLES: readonly RecordTable[] = [SECTION_TABLE, QUESTION_TABLE, ANSWER_TABLE];

/** Every column of `table` in the order rows are written: field columns, then derived ones. */
export function columnsOf(table: RecordTable): readonly TableColumn[] {
  return [...table.fields, ...table.derived];
}

/** The column of a child's table that holds its owner's key. */
export function ownerColumn(table: RecordTable): DerivedColumn {
  const owner = table.derived.find((c) => c.derivation === "owner");
  if (!owner) throw new Error(`table ${table.name} has no owner column`);
  return owner;
}

interface Conversion {
  toRow(value: unknown, dialect: SqlDialect): unknown;
  fromRow(value: unknown): unknown;
}

const same = (value: unknown) => value;

/** How each type family converts a non-null value between a record and a row. */
const CONVERSIONS: Record<ColumnType, Conversion> = {
  text: { toRow: same, fromRow: same },
  integer: { toRow: same, fromRow: same },
  boolean: {
    toRow: (value, dialect) => dialect.boolean(value as boolean),
    fromRow: (value) => Boolean(value),
  },
  // A JSON column is read as text from a plain row, and as its value from JSON the database built.
  json: {
    toRow: (value) => JSON.stringify(value),
    fromRow: (value) => (typeof value === "string" ? JSON.parse(value) : value),
  },
  timestamp: { toRow: (value, dialect) => dialect.timestamp(value as Date), fromRow: same },
};

/** A record's value as `column`'s row value; null (or a missing value) stays null. */
export function toRow(column: TableColumn, value: unknown, dialect: SqlDialect): unknown {
  return rowConversion(column, dialect)(value);
}

/** An object column's value as its canonical JSON text: its members, in order, null where absent. */
function objectText(members: NonNullable<FieldColumn["members"]>, value: unknown): string {
  const object = value as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(members.map(({ key }) => [key, object[key] ?? null])));
}

/** {@link toRow} for `column` as a function of the value alone, for converting many rows. */
export function rowConversion(column: TableColumn, dialect: SqlDialect): (value: unknown) => unknown {
  const members = "members" in column ? column.members : undefined;
  if (members) return (value) => (value === null || value === undefined ? null : objectText(members, value));
  const convert = CONVERSIONS[column.type].toRow;
  if (convert === same) return (value) => value ?? null;
  return (value) => (value === null || value === undefined ? null : convert(value, dialect));
}

/** `column`'s row value as a record's value; null stays null. */
export function fromRow(column: TableColumn, value: unknown): unknown {
  return value === null || value === undefined ? null : CONVERSIONS[column.type].fromRow(value);
}
