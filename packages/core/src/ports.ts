/**
 * The ports through which the engine reaches the bank it protects. The engine owns these
 * interfaces; an adapter (e.g. @qvault/question-bank's, over TypeORM) implements them.
 */
import type { QuestionRecord, SectionRecord } from "./records/record.js";

export interface QuestionFilter {
  /** Only these sections; every section when null or absent. */
  sectionIds?: readonly string[] | null;
  /** Only these questions; every question of the sections when null or absent. */
  questionIds?: readonly string[] | null;
}

/** Reads the bank. Reads must be consistent within one call (a snapshot of committed data). */
export interface BankSource {
  /** Every section, in position order. */
  sections(): Promise<SectionRecord[]>;
  /** How many questions match. */
  countQuestions(filter: QuestionFilter): Promise<number>;
  /**
   * The matching questions with their answers, in chunks of about `chunkSize`, grouped by
   * section (all of a section's questions come before the next section's).
   */
  questions(filter: QuestionFilter, chunkSize: number): AsyncIterable<QuestionRecord[]>;
}
