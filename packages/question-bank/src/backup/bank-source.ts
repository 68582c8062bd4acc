/**
 * The bank as core's {@link BankSource}: sections and questions read with plain SQL (fast on
 * 100k questions) inside one read transaction, so a backup sees one consistent state of the bank.
 */
import type { BankSource, QuestionFilter, QuestionRecord, QuestionType, SectionRecord } from "@qvault/core";
import type { BankDatabase } from "../data-source.js";

type Query = (sql: string, parameters?: unknown[]) => Promise<any[]>;

function where(filter: QuestionFilter, params: unknown[]): string {
  const clauses: string[] = [];
  if (filter.sectionIds) {
    clauses.push(`q."sectionId" IN (${filter.sectionIds.map(() => "?").join(",") || "NULL"})`);
    params.push(...filter.sectionIds);
  }
  if (filter.questionIds) {
    clauses.push(`q."id" IN (${filter.questionIds.map(() => "?").join(",") || "NULL"})`);
    params.push(...filter.questionIds);
  }
  return clauses.length ? `WHERE ${clauses.join(" AND ")}` : "";
}

/**
 * Each question comes back as one JSON text built by SQLite, answers included: one row and one
 * column per question costs far less to read through the driver than a row per answer.
 */
const QUESTION_JSON = `json_array(q."id", q."sectionId", q."type", q."prompt", q."explanation", q."difficulty", json(q."tags"),
  q."audioPath", q."position",
  (SELECT json_group_array(json_array(a."id", a."text", a."isCorrect", a."position")) FROM "answer" a WHERE a."questionId" = q."id")) AS "record"`;

type Row = [
  string,
  string,
  string,
  string,
  string | null,
  number | null,
  string[],
  string | null,
  number,
  [string, string, number, number][],
];

function toRecord(text: string): QuestionRecord {
  const [id, sectionId, type, prompt, explanation, difficulty, tags, audioPath, position, answers] =
    JSON.parse(text) as Row;
  return {
    id,
    sectionId,
    type: type as QuestionType,
    prompt,
    explanation,
    difficulty,
    tags,
    audioPath,
    position,
    answers: answers
      .map(([answerId, answerText, isCorrect, answerPosition]) => ({
        id: answerId,
        text: answerText,
        isCorrect: Boolean(isCorrect),
        position: answerPosition,
      }))
      .sort((a, b) => a.position - b.position),
  };
}

export function bankSourceOver(query: Query): BankSource {
  return {
    async sections(): Promise<SectionRecord[]> {
      return query(`SELECT "id", "name", "description", "position" FROM "section" ORDER BY "position"`);
    },
    async countQuestions(filter) {
      const params: unknown[] = [];
      const [row] = await query(
        `SELECT COUNT(*) AS "count" FROM "question" q ${where(filter, params)}`,
        params,
      );
      return Number(row.count);
    },
    async *questions(filter, chunkSize) {
      // Chosen questions are found by primary key, a chunk at a time: walking the sections for them
      // would scan every section once per chunk.
      if (filter.questionIds) {
        for (let i = 0; i < filter.questionIds.length; i += chunkSize) {
          const part = { ...filter, questionIds: filter.questionIds.slice(i, i + chunkSize) };
          const params: unknown[] = [];
          const rows = await query(
            `SELECT ${QUESTION_JSON} FROM "question" q JOIN "section" s ON s."id" = q."sectionId" ${where(part, params)} ORDER BY s."position", q."position", q."id"`,
            params,
          );
          if (rows.length) yield rows.map((row) => toRecord(row.record));
        }
        return;
      }
      // Section by section, walking the (sectionId, position) index: no sort, no full scans.
      const sections: { id: string }[] = await query(`SELECT "id" FROM "section" ORDER BY "position"`);
      const wanted = filter.sectionIds ? new Set(filter.sectionIds) : null;
      for (const section of sections) {
        if (wanted && !wanted.has(section.id)) continue;
        let after = -1;
        for (;;) {
          const params: unknown[] = [section.id, after];
          const clause = `WHERE q."sectionId" = ? AND q."position" > ?`;
          params.push(chunkSize);
          const rows = await query(
            `SELECT ${QUESTION_JSON}, q."position" AS "position" FROM "question" q ${clause} ORDER BY q."position" LIMIT ?`,
            params,
          );
          if (rows.length === 0) break;
          yield rows.map((row) => toRecord(row.record));
          after = rows.at(-1).position;
          if (rows.length < chunkSize) break;
        }
      }
    },
  };
}

/** Runs `work` with a BankSource that reads one consistent state of the bank. */
export function withBankSource<T>(db: BankDatabase, work: (source: BankSource) => Promise<T>): Promise<T> {
  return db.readSnapshot((query) => work(bankSourceOver(query)));
}
