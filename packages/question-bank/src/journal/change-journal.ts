/**
 * The change journal, read: which questions and sections changed since a position (`seq`), how
 * many changes wait for a backup, and trimming what a snapshot covers. Rows are written by
 * triggers (see migrations/0003-change-journal.ts); a writer marks their origin with
 * {@link markOrigin} for the length of its transaction.
 */
import type { EntityManager } from "typeorm";
import { type BankDatabase, type BankQuery, bankQuery } from "../data-source.js";
import type { SqlDialect } from "../tables/sql-dialect.js";

export const ORIGINS = ["edit", "import", "restore"] as const;
export type Origin = (typeof ORIGINS)[number];

export interface JournalChanges {
  /** The last journal position these changes reach; the next read starts after it. */
  lastSeq: number;
  /** Questions inserted, updated, moved or deleted (directly or through their answers). */
  questionIds: string[];
  /** Sections changed themselves, or holding (or having held) a changed question. */
  sectionIds: string[];
  /** Journal rows read. */
  rows: number;
}

export interface ChangeJournal {
  /** Changes after `afterSeq`, up to `limit` rows. */
  changesSince(afterSeq: number, limit?: number): Promise<JournalChanges>;
  /** Rows after `afterSeq` not yet covered by a snapshot, and when the oldest was written. */
  pending(afterSeq?: number): Promise<{ count: number; oldestAt: Date | null; lastSeq: number }>;
  /** Removes the rows up to and including `seq` (a snapshot covers them). */
  trim(seq: number): Promise<void>;
  /** {@link cursorPosition}: the position a snapshot's cursor names in this bank's journal, or null. */
  positionOf(cursor: string | null | undefined): Promise<number | null>;
}

/**
 * Marks the journal rows `work` causes with `origin`; the mark is undone at the end of the
 * transaction (and rolled back with it).
 */
export async function markOrigin<T>(
  manager: EntityManager,
  dialect: SqlDialect,
  origin: Origin,
  work: () => Promise<T>,
): Promise<T> {
  await manager.query(dialect.markOrigin, [origin]);
  const result = await work();
  await manager.query(dialect.markOrigin, ["edit"]);
  return result;
}

/** This bank's id (migrations/0008-bank-identity.ts). */
async function bankId(query: BankQuery): Promise<string> {
  const [row] = await query(`SELECT "id" FROM "bank_identity"`);
  return String(row.id);
}

/**
 * The position a snapshot's journal cursor (`<bank id>:<position>`) names in this bank's journal;
 * null when the cursor is not this bank's (another bank's, or one written before cursors named
 * their bank, or none).
 */
export async function cursorPosition(
  query: BankQuery,
  cursor: string | null | undefined,
): Promise<number | null> {
  const match = /^([^:]+):(\d+)$/.exec(cursor ?? "");
  if (!match || match[1] !== (await bankId(query))) return null;
  return Number(match[2]);
}

/**
 * The cursor of a snapshot whose reads began now (read with `query`, inside that snapshot's read
 * transaction): this bank's id and the journal's revision, the last position handed out.
 */
export async function journalCursor(query: BankQuery): Promise<string> {
  const [row] = await query(query.dialect.journalRevision);
  return `${await bankId(query)}:${Number(row.revision)}`;
}

/**
 * What changed since a snapshot's `cursor`, with the cursor the changes reach, when the journal
 * can name every change: the cursor is this bank's, and the journal still holds every row after
 * it (none trimmed past it, the revision not behind it). Null otherwise: then only reading the
 * whole bank is sure.
 */
export async function changesSinceCursor(
  query: BankQuery,
  cursor: string | null | undefined,
): Promise<{ changes: JournalChanges; cursor: string } | null> {
  const since = await cursorPosition(query, cursor);
  if (since === null) return null;
  const parameters: unknown[] = [];
  const holdsSince = query.dialect.journalHoldsSince(() => {
    parameters.push(since);
    return "?";
  });
  const [{ holds }] = await query(`SELECT CASE WHEN ${holdsSince} THEN 1 ELSE 0 END AS "holds"`, parameters);
  if (!Number(holds)) return null;
  const changes = await journalChanges(query, since);
  return { changes, cursor: `${await bankId(query)}:${changes.lastSeq}` };
}

/** The changes after `afterSeq`, read with `query` (e.g. inside a backup's read transaction). */
export async function journalChanges(
  query: (sql: string, parameters?: unknown[]) => Promise<any[]>,
  afterSeq: number,
  limit = 1_000_000,
): Promise<JournalChanges> {
  const rows: {
    seq: number;
    entity: string;
    entityId: string;
    questionId: string | null;
    sectionId: string | null;
  }[] = await query(
    `SELECT "seq", "entity", "entityId", "questionId", "sectionId" FROM "change_journal" WHERE "seq" > ? ORDER BY "seq" LIMIT ?`,
    [afterSeq, limit],
  );
  const questionIds = new Set<string>();
  const sectionIds = new Set<string>();
  for (const row of rows) {
    if (row.questionId) questionIds.add(row.questionId);
    if (row.sectionId) sectionIds.add(row.sectionId);
    if (row.entity === "section") sectionIds.add(row.entityId);
  }
  return {
    lastSeq: rows.at(-1)?.seq ?? afterSeq,
    questionIds: [...questionIds],
    sectionIds: [...sectionIds],
    rows: rows.length,
  };
}

export function createChangeJournal(db: BankDatabase): ChangeJournal {
  const reader = db.reader;
  const read = bankQuery((sql, parameters) => reader.query(sql, parameters), db.dialect);
  return {
    changesSince(afterSeq, limit = 100_000) {
      return journalChanges((sql, parameters) => reader.query(sql, parameters), afterSeq, limit);
    },
    async pending(afterSeq = 0) {
      const [row] = await reader.query(
        // Each question (with its answers) and each section counts once, however often edited.
        `SELECT COUNT(DISTINCT CASE WHEN "entity" = 'section' THEN 's' || "entityId" ELSE 'q' || "questionId" END) AS "count",
                MIN("at") AS "oldest", COALESCE(MAX("seq"), ?) AS "last" FROM "change_journal" WHERE "seq" > ?`,
        [afterSeq, afterSeq],
      );
      return {
        count: Number(row.count),
        oldestAt: !row.oldest
          ? null
          : row.oldest instanceof Date
            ? row.oldest
            : new Date(`${String(row.oldest).replace(" ", "T")}Z`),
        lastSeq: Number(row.last),
      };
    },
    positionOf(cursor) {
      return cursorPosition(read, cursor);
    },
    async trim(seq) {
      await db.transaction(async (manager) => {
        await manager.query(`DELETE FROM "change_journal" WHERE "seq" <= ?`, [seq]);
        const mark = db.dialect.journalTrimmed;
        if (mark) await manager.query(mark, [seq]);
      });
    },
  };
}
