/**
 * The bank as core's {@link BankSource}: sections and questions read with plain SQL (fast on
 * 100k questions) inside one read transaction, so a backup sees one consistent state of the bank.
 */
import type { BankSource, QuestionFilter, QuestionRecord, QuestionType, SectionRecord } from "@qvault/core";
import type { BankDatabase } from "../data-source.js";

type Query = (sql: string, parameters?: unknown[]) => Promise<any[]>;

const ID_BATCH = 500;

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

/** Reads answers of the questions (in id batches) and attaches them in position order. */
async function withAnswers(query: Query, rows: any[]): Promise<QuestionRecord[]> {
  const byQuestion = new Map<string, QuestionRecord>();
  const questions = rows.map((row) => {
    const question: QuestionRecord = {
      id: row.id,
      sectionId: row.sectionId,
      type: row.type as QuestionType,
      prompt: row.prompt,
      explanation: row.explanation,
      difficulty: row.difficulty,
      tags: JSON.parse(row.tags),
      audioPath: row.audioPath,
      position: row.position,
      answers: [],
    };
    byQuestion.set(question.id, question);
    return question;
  });
  const ids = [...byQuestion.keys()];
  for (let i = 0; i < ids.length; i += ID_BATCH) {
    const batch = ids.slice(i, i + ID_BATCH);
    const answers = await query(
      `SELECT "id", "questionId", "text", "isCorrect", "position" FROM "answer" WHERE "questionId" IN (${batch.map(() => "?").join(",")}) ORDER BY "questionId", "position"`,
      batch,
    );
    for (const answer of answers)
      byQuestion.get(answer.questionId)!.answers.push({
        id: answer.id,
        text: answer.text,
        isCorrect: Boolean(answer.isCorrect),
        position: answer.position,
      });
  }
  return questions;
}

const QUESTION_COLUMNS = `q."id", q."sectionId", q."type", q."prompt", q."explanation", q."difficulty", q."tags", q."audioPath", q."position", s."position" AS "sectionPosition"`;

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
      if (filter.questionIds && filter.questionIds.length > chunkSize) {
        for (let i = 0; i < filter.questionIds.length; i += chunkSize) {
          const part = { ...filter, questionIds: filter.questionIds.slice(i, i + chunkSize) };
          const params: unknown[] = [];
          const rows = await query(
            `SELECT ${QUESTION_COLUMNS} FROM "question" q JOIN "section" s ON s."id" = q."sectionId" ${where(part, params)} ORDER BY s."position", q."position", q."id"`,
            params,
          );
          if (rows.length) yield withAnswers(query, rows);
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
          let clause = `WHERE q."sectionId" = ? AND q."position" > ?`;
          if (filter.questionIds) {
            clause += ` AND q."id" IN (${filter.questionIds.map(() => "?").join(",")})`;
            params.push(...filter.questionIds);
          }
          params.push(chunkSize);
          const rows = await query(
            `SELECT ${QUESTION_COLUMNS} FROM "question" q JOIN "section" s ON s."id" = q."sectionId" ${clause} ORDER BY q."position" LIMIT ?`,
            params,
          );
          if (rows.length === 0) break;
          yield withAnswers(query, rows);
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
