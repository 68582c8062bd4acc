/** A bank held in memory, implementing the source port: for tests and examples. */
import type { BankSource, QuestionFilter } from "../ports.js";
import type { QuestionRecord, SectionRecord } from "../records/record.js";

export interface MemoryBank {
  sections: SectionRecord[];
  questions: QuestionRecord[];
}

function matches(filter: QuestionFilter) {
  const sections = filter.sectionIds ? new Set(filter.sectionIds) : null;
  const questions = filter.questionIds ? new Set(filter.questionIds) : null;
  return (q: QuestionRecord) =>
    (!sections || sections.has(q.sectionId)) && (!questions || questions.has(q.id));
}

/** A BankSource reading `bank` (live: later changes to the arrays are seen). */
export function memoryBankSource(bank: MemoryBank): BankSource {
  return {
    async sections() {
      return [...bank.sections].sort((a, b) => a.position - b.position);
    },
    async countQuestions(filter) {
      return bank.questions.filter(matches(filter)).length;
    },
    async *questions(filter, chunkSize) {
      const order = new Map(
        [...bank.sections].sort((a, b) => a.position - b.position).map((s, i) => [s.id, i]),
      );
      const selected = bank.questions
        .filter(matches(filter))
        .sort(
          (a, b) => (order.get(a.sectionId) ?? 0) - (order.get(b.sectionId) ?? 0) || a.position - b.position,
        );
      for (let i = 0; i < selected.length; i += chunkSize)
        yield structuredClone(selected.slice(i, i + chunkSize));
    },
  };
}
