/**
 * The statements and conversions made from ./record-tables.ts in a {@link SqlDialect}: the SQL
 * that builds a record as one JSON array (a question with its answers), the record read back
 * from that JSON or from a plain row, a record as a row of parameters, and multi-row INSERTs
 * and upserts of such rows.
 *
 * Terms: a *statement* is SQL with its parameters; *parameters* hand out placeholders in order.
 * Invariants: a row made by {@link rowMaker} lists its values in {@link columnsOf} order, the order
 * {@link insertRows} names the columns in; a record read by {@link recordFromJson} has its fields
 * in record order and its children sorted by their `orderBy` field.
 */
import type { QuestionRecord, SectionRecord } from "@qvault/core";
import {
  columnsOf,
  type Derivation,
  type FieldColumn,
  fromRow,
  ownerColumn,
  QUESTION_TABLE,
  type RecordTable,
  rowConversion,
  SECTION_TABLE,
  toRow,
} from "./record-tables.js";
import type { CanonicalSql, SqlDialect } from "./sql-dialect.js";

/** SQL and the values of its placeholders, in order. */
export interface Statement {
  readonly sql: string;
  readonly parameters: unknown[];
}

/** A statement's parameters as they are added, each given its placeholder. */
export interface Parameters {
  readonly values: unknown[];
  /** Adds `value`; returns its placeholder. */
  add(value: unknown): string;
  /** Adds `values`; returns their placeholders joined by commas, or NULL when there is none. */
  list(values: readonly unknown[]): string;
}

export function parametersFor(dialect: SqlDialect): Parameters {
  const values: unknown[] = [];
  const add = (value: unknown) => {
    values.push(value);
    return dialect.placeholder(values.length);
  };
  return { values, add, list: (items) => items.map(add).join(",") || "NULL" };
}

export const quote = (name: string): string => `"${name}"`;

/** The field columns of `table` as a select list, qualified by `alias` when given. */
export function fieldList(table: RecordTable, alias?: string): string {
  return table.fields.map((c) => (alias ? `${alias}.${quote(c.name)}` : quote(c.name))).join(", ");
}

/**
 * SQL that builds the record of a row of `table` (named `alias`) as one JSON array: its fields in
 * record order, then, for each child, the array of the child records built the same way.
 */
export function recordJson(dialect: SqlDialect, table: RecordTable, alias = table.alias): string {
  const values = table.fields.map((c) => {
    const ref = `${alias}.${quote(c.name)}`;
    return c.type === "json" ? dialect.jsonColumn(ref) : ref;
  });
  for (const { table: child } of table.children) {
    const owner = `${child.alias}.${quote(ownerColumn(child).name)}`;
    values.push(
      `(SELECT ${dialect.jsonArrayOf(recordJson(dialect, child))} FROM ${quote(child.name)} ${child.alias} WHERE ${owner} = ${alias}.${quote(table.key)})`,
    );
  }
  return dialect.jsonArray(values);
}

/**
 * SQL that builds the canonical bytes of the record of a row of `table` (named `alias`) as JSON
 * text, exactly as core's encoding makes them (keys sorted, children in `orderBy` order, no
 * whitespace), or NULL where the database's JSON could differ from them: a number that is not an
 * integer JavaScript holds exactly, a boolean not stored as an integer, a JSON column that is not
 * an array of strings. Such rows are read and encoded in JavaScript instead.
 */
export function canonicalJson(dialect: CanonicalSql, table: RecordTable, alias = table.alias): string {
  const { guard, object } = canonicalParts(dialect, table, alias);
  return guard ? `CASE WHEN ${guard} THEN ${object} END` : object;
}

/** The condition under which {@link canonicalJson} is not null (cheaper than building it). */
export function canonicalExact(dialect: CanonicalSql, table: RecordTable, alias = table.alias): string {
  return canonicalParts(dialect, table, alias).guard ?? "1 = 1";
}

/** {@link canonicalJson}'s object, and the condition (or null for none) under which it is exact. */
function canonicalParts(
  dialect: CanonicalSql,
  table: RecordTable,
  alias: string,
): { guard: string | null; object: string } {
  const guards: string[] = [];
  const entries: [string, string][] = [];
  /** Object columns, left out of the record where they are null: by field, their column. */
  const optional = new Map<string, string>();
  for (const c of table.fields) {
    const ref = `${alias}.${quote(c.name)}`;
    const nullable = (test: string) => (c.nullable ? `(${ref} IS NULL OR ${test})` : test);
    if (c.members) {
      const object = canonicalObject(dialect, ref, c.members);
      guards.push(nullable(object.guard));
      entries.push([c.field, object.value]);
      optional.set(c.field, ref);
      continue;
    }
    if (c.type === "integer" || c.type === "boolean") guards.push(nullable(dialect.exactInteger(ref)));
    if (c.type === "json") guards.push(nullable(`${dialect.stringArray(ref)} IS NOT NULL`));
    const value =
      c.type === "boolean"
        ? `CASE WHEN ${ref} IS NOT NULL THEN ${dialect.jsonBoolean(ref)} END`
        : c.type === "json"
          ? dialect.stringArray(ref)
          : ref;
    entries.push([c.field, value]);
  }
  for (const { field, table: child, orderBy } of table.children) {
    const owner = `${child.alias}.${quote(ownerColumn(child).name)}`;
    const from = `${quote(child.name)} ${child.alias} WHERE ${owner} = ${alias}.${quote(table.key)}`;
    const order = `${child.alias}.${quote(child.fields.find((c) => c.field === orderBy)!.name)}`;
    const parts = canonicalParts(dialect, child, child.alias);
    entries.push([field, `(SELECT ${dialect.jsonArrayOf(parts.object, order)} FROM ${from})`]);
    // A child the database cannot render exactly makes its owner's whole record fall back too.
    if (parts.guard) guards.push(`NOT EXISTS (SELECT 1 FROM ${from} AND NOT (${parts.guard}))`);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    guard: guards.length ? guards.join(" AND ") : null,
    object: withOptional(dialect, entries, optional),
  };
}

/** The JSON object of `entries`, each field of `optional` left out where its column is null. */
function withOptional(
  dialect: CanonicalSql,
  entries: readonly [string, string][],
  optional: ReadonlyMap<string, string>,
): string {
  const [first] = optional;
  if (!first) return dialect.jsonObject(entries);
  const [field, ref] = first;
  const rest = new Map(optional);
  rest.delete(field);
  const without = entries.filter(([key]) => key !== field);
  return `CASE WHEN ${ref} IS NULL THEN ${withOptional(dialect, without, rest)} ELSE ${withOptional(dialect, entries, rest)} END`;
}

/** The canonical JSON of an object column's value, and the condition under which it is exact. */
function canonicalObject(
  dialect: CanonicalSql,
  ref: string,
  members: NonNullable<FieldColumn["members"]>,
): { guard: string; value: string } {
  const guards = [dialect.isObject(ref)];
  const entries = members.map(({ key, type, nullable }): [string, string] => {
    const member = dialect.member(ref, key);
    const test = type === "integer" ? dialect.exactInteger(member) : dialect.memberIsText(ref, key);
    guards.push(nullable ? `(${member} IS NULL OR ${test})` : test);
    return [key, member];
  });
  return { guard: `(${guards.join(" AND ")})`, value: dialect.jsonObject(entries) };
}

/** The record {@link recordJson} built, from its parsed JSON array. */
export function recordFromJson(table: RecordTable, values: readonly unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const { fields, children } = table;
  for (let i = 0; i < fields.length; i++) {
    const value = fromRow(fields[i]!, values[i]);
    // An object field is left out where it is null, as core's records leave it out.
    if (value !== null || !fields[i]!.members) record[fields[i]!.field] = value;
  }
  for (let i = 0; i < children.length; i++) {
    const { field, table: child, orderBy } = children[i]!;
    const rows = (values[fields.length + i] ?? []) as unknown[][];
    record[field] = rows
      .map((row) => recordFromJson(child, row))
      .sort((a, b) => (a[orderBy] as number) - (b[orderBy] as number));
  }
  return record;
}

/**
 * A question's record from the JSON {@link recordJson} built for it: its text (SQLite), or the
 * value the driver parsed it into (PostgreSQL's json results arrive parsed).
 */
export function questionFromJson(json: string | unknown[]): QuestionRecord {
  const values = typeof json === "string" ? JSON.parse(json) : json;
  return recordFromJson(QUESTION_TABLE, values) as unknown as QuestionRecord;
}

/** The record of a plain row holding `table`'s field columns (children are not read). */
export function recordFromRow(table: RecordTable, row: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const c of table.fields) {
    const value = fromRow(c, row[c.name]);
    if (value !== null || !c.members) record[c.field] = value;
  }
  return record;
}

export function sectionFromRow(row: Record<string, unknown>): SectionRecord {
  return recordFromRow(SECTION_TABLE, row) as unknown as SectionRecord;
}

/** The values of a row's derived columns; timestamps as dates. */
export type DerivedValues = Partial<Record<Derivation, unknown>>;

/** The row values of `table`'s derived columns, in order. Throws when `derived` lacks one. */
function derivedRow(dialect: SqlDialect, table: RecordTable, derived: DerivedValues): unknown[] {
  return table.derived.map((c) => {
    const value = derived[c.derivation];
    if (value === undefined) throw new Error(`no ${c.derivation} for a row of ${table.name}`);
    return toRow(c, value, dialect);
  });
}

/**
 * A function giving a record as a row of `table` for {@link insertRows}: its fields, then the
 * `derived` values, converted once for every row it makes. Throws when `derived` lacks a value
 * one of the table's derived columns needs.
 */
export function rowMaker(
  dialect: SqlDialect,
  table: RecordTable,
  derived: DerivedValues = {},
): (record: object) => unknown[] {
  const tail = derivedRow(dialect, table, derived);
  const names = table.fields.map((c) => c.field);
  const conversions = table.fields.map((c) => rowConversion(c, dialect));
  return (record) => {
    const row: unknown[] = [];
    for (let i = 0; i < names.length; i++)
      row.push(conversions[i]!((record as Record<string, unknown>)[names[i]!]));
    for (const value of tail) row.push(value);
    return row;
  };
}

/** `record` as one row of `table`; see {@link rowMaker}. */
export function rowOf(dialect: SqlDialect, table: RecordTable, record: object, derived?: DerivedValues) {
  return rowMaker(dialect, table, derived)(record);
}

/**
 * One INSERT of `rows` (made by {@link rowOf}) into `table`. With `upsert`, a row whose key
 * exists is updated instead, each column as its table says (replaced, kept, or raised by one).
 */
export function insertRows(
  dialect: SqlDialect,
  table: RecordTable,
  rows: readonly (readonly unknown[])[],
  options: { upsert?: boolean } = {},
): Statement {
  const columns = columnsOf(table);
  const parameters = parametersFor(dialect);
  const values = rows.map((row) => `(${row.map(parameters.add).join(", ")})`).join(", ");
  let sql = `INSERT INTO ${quote(table.name)} (${columns.map((c) => quote(c.name)).join(", ")}) VALUES ${values}`;
  if (options.upsert) sql += ` ${upsertClause(dialect, table)}`;
  return { sql, parameters: parameters.values };
}

/** The tail of an INSERT into `table` that updates the row with the same key instead, each column as its table says. */
function upsertClause(dialect: SqlDialect, table: RecordTable): string {
  const assignments: string[] = [];
  for (const c of columnsOf(table)) {
    if (c.name === table.key) continue;
    const onConflict = "onConflict" in c ? c.onConflict : "replace";
    if (onConflict === "replace") assignments.push(`${quote(c.name)} = ${dialect.proposed(c.name)}`);
    else if (onConflict === "raise")
      assignments.push(`${quote(c.name)} = ${quote(table.name)}.${quote(c.name)} + 1`);
  }
  return dialect.upsert(table.key, assignments);
}

/**
 * The statements that write records given as one JSON array of their canonical JSON (as a
 * repository stores them): the database reads each field out of the JSON itself, so no record is
 * decoded into objects on the way, and one statement writes every record of the array.
 * `upsert` replaces `table`'s rows with the same key (as {@link insertRows} does) and
 * `insertChildren` writes the records' children, one statement per child table: both take the
 * records' JSON array. `clearChildren` deletes the children the rows with the keys of a JSON array
 * of keys had, one statement per child table.
 */
export function jsonRecordStatements(
  dialect: SqlDialect,
  table: RecordTable,
  derived: DerivedValues,
): {
  upsert(json: string): Statement;
  clearChildren(keys: string): Statement[];
  insertChildren(json: string): Statement[];
} {
  const record = "r";
  const field = (alias: string, c: FieldColumn) => dialect.jsonRowField(alias, c.name, c.type);
  const keyOf = (alias: string) => field(alias, table.fields.find((c) => c.name === table.key)!);
  const shape = (t: RecordTable) => t.fields.map((c) => ({ name: c.name, type: c.type }));
  // A record's own fields, and each child's array as JSON.
  const records = (json: string) =>
    dialect.jsonRows({ json }, record, [
      ...shape(table),
      ...table.children.map((child) => ({ name: child.field, type: "json" as const })),
    ]);
  const derivedValues = derivedRow(dialect, table, derived);
  const names = columnsOf(table).map((c) => quote(c.name));
  return {
    upsert(json) {
      const parameters = parametersFor(dialect);
      const values = [
        ...table.fields.map((c) => field(record, c)),
        ...derivedValues.map((value, i) => dialect.typed(parameters.add(value), table.derived[i]!.type)),
      ];
      // "WHERE true" keeps SQLite from reading the upsert's ON as a join's.
      const sql = `INSERT INTO ${quote(table.name)} (${names.join(", ")}) SELECT ${values.join(", ")} FROM ${records(parameters.add(json))} WHERE true ${upsertClause(dialect, table)}`;
      return { sql, parameters: parameters.values };
    },
    clearChildren: (keys) =>
      table.children.map(({ table: child }) => {
        const parameters = parametersFor(dialect);
        const sql = `DELETE FROM ${quote(child.name)} WHERE ${quote(ownerColumn(child).name)} IN (SELECT k.value FROM ${dialect.jsonTextEach(parameters.add(keys), "k")})`;
        return { sql, parameters: parameters.values };
      }),
    insertChildren: (json) =>
      table.children.map(({ field: childField, table: child }) => {
        const parameters = parametersFor(dialect);
        const columns = columnsOf(child).map((c) => quote(c.name));
        const values = [
          ...child.fields.map((c) => field("c", c)),
          ...child.derived.map((c) => {
            if (c.derivation !== "owner") throw new Error(`no ${c.derivation} for a row of ${child.name}`);
            return keyOf(record);
          }),
        ];
        const sql = `INSERT INTO ${quote(child.name)} (${columns.join(", ")}) SELECT ${values.join(", ")} FROM ${records(parameters.add(json))}, ${dialect.jsonRows({ alias: record, path: childField }, "c", shape(child))}`;
        return { sql, parameters: parameters.values };
      }),
  };
}

/** The table keeping the questions' record digests (migrations/0007-record-digests.ts). */
const DIGESTS = QUESTION_TABLE.digests!;

/**
 * Statement storing the record digests of questions (`digests`, as id and digest) over whatever
 * was kept for them: for the writer that made those records in its own transaction (a restore,
 * for what it wrote and verified).
 */
export function storeDigests(
  dialect: SqlDialect,
  digests: readonly { id: string; digest: string }[],
): Statement {
  return digestInsert(
    dialect,
    digests,
    () => "",
    dialect.upsert(DIGESTS.key, [`${quote(DIGESTS.digest)} = ${dialect.proposed(DIGESTS.digest)}`]),
  );
}

/**
 * {@link storeDigests} for digests read in a transaction that began at journal revision
 * `readAt`: a digest is stored only where none is kept (a restore's would be newer), only for a
 * question that is there and that the journal records no change of since, and only while the
 * journal holds every row written since (a trim past `readAt` would hide changes: then nothing
 * is stored).
 */
export function keepDigestsSince(
  dialect: SqlDialect,
  digests: readonly { id: string; digest: string }[],
  readAt: number,
): Statement {
  return digestInsert(
    dialect,
    digests,
    (parameters, id) => ` AND EXISTS (SELECT 1 FROM ${quote(QUESTION_TABLE.name)} WHERE "id" = ${id})
      AND ${dialect.journalHoldsSince(() => parameters.add(readAt))}
      AND ${id} NOT IN (SELECT "questionId" FROM "change_journal" WHERE "seq" > ${parameters.add(readAt)} AND "questionId" IS NOT NULL)`,
    dialect.ignoreConflict(DIGESTS.key),
  );
}

function digestInsert(
  dialect: SqlDialect,
  digests: readonly { id: string; digest: string }[],
  conditions: (parameters: Parameters, id: string) => string,
  onConflict: string,
): Statement {
  const parameters = parametersFor(dialect);
  const from = dialect.jsonRows({ json: parameters.add(JSON.stringify(digests)) }, "d", [
    { name: "id", type: "text" },
    { name: "digest", type: "text" },
  ]);
  const id = dialect.jsonRowField("d", "id", "text");
  const sql = `INSERT INTO ${quote(DIGESTS.table)} (${quote(DIGESTS.key)}, ${quote(DIGESTS.digest)}) SELECT ${id}, ${dialect.jsonRowField("d", "digest", "text")} FROM ${from} WHERE true${conditions(parameters, id)} ${onConflict}`;
  return { sql, parameters: parameters.values };
}
