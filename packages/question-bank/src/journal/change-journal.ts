/**
 * The change journal, read: which questions and sections changed since a position (`seq`), how
 * many changes wait for a backup, and trimming what a snapshot covers. Rows are written by
 * triggers (see migrations/0003-change-journal.ts); a writer marks their origin with
 * {@link markOrigin} for the length of its transaction.
 */
import type { EntityManager } from "typeorm";
import type { BankDatabase } from "../data-source.js";

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
}

/**
 * Marks the journal rows `work` causes with `origin`; the mark is undone at the end of the
 * transaction (and rolled back with it).
 */
export async function markOrigin<T>(
  manager: EntityManager,
  origin: Origin,
  work: () => Promise<T>,
): Promise<T> {
  await manager.query(`UPDATE "journal_origin" SET "origin" = ? WHERE "id" = 1`, [origin]);
  const result = await work();
  await manager.query(`UPDATE "journal_origin" SET "origin" = 'edit' WHERE "id" = 1`);
  return result;
}

/** The last journal position, read with `query` (e.g. inside a backup's read transaction). */
export async function journalPosition(
  query: (sql: string, parameters?: unknown[]) => Promise<any[]>,
): Promise<number> {
  const [row] = await query(`SELECT COALESCE(MAX("seq"), 0) AS "seq" FROM "change_journal"`);
  return Number(row.seq);
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
        oldestAt: row.oldest ? new Date(`${String(row.oldest).replace(" ", "T")}Z`) : null,
        lastSeq: Number(row.last),
      };
    },
    async trim(seq) {
      await db.transaction((manager) =>
        manager.query(`DELETE FROM "change_journal" WHERE "seq" <= ?`, [seq]),
      );
    },
  };
}
