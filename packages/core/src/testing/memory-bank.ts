/**
 * A bank held in memory, implementing the source and target ports: for tests and examples.
 * Like a database it refuses two sections at one position and two questions at one position of
 * a section, and a transaction that throws leaves it untouched.
 */
import type { BankSource, BankTarget, BankTransaction, QuestionFilter, RuleViolation } from "../ports.js";
import type { QuestionRecord, SectionRecord } from "../records/record.js";

export interface MemoryBank {
  sections: SectionRecord[];
  questions: QuestionRecord[];
  /** The media folder: file bytes by path (questions name theirs by `audioPath`). */
  media?: Map<string, Uint8Array>;
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
      return structuredClone([...bank.sections].sort((a, b) => a.position - b.position));
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
    async media(filter) {
      return bank.questions.filter(matches(filter)).flatMap((q) =>
        q.audio && q.audioPath
          ? [
              {
                questionId: q.id,
                sectionId: q.sectionId,
                path: q.audioPath,
                sha256: q.audio.sha256,
                bytes: q.audio.bytes,
              },
            ]
          : [],
      );
    },
    async readMedia(path) {
      const bytes = bank.media?.get(path);
      return bytes ? bytes.slice() : null;
    },
    async mediaSize(path) {
      return bank.media?.get(path)?.length ?? null;
    },
  };
}

function checkUnique(bank: MemoryBank): void {
  const sectionPositions = new Set<number>();
  for (const s of bank.sections) {
    if (sectionPositions.has(s.position))
      throw new Error(`UNIQUE constraint failed: section position ${s.position}`);
    sectionPositions.add(s.position);
  }
  const questionPositions = new Set<string>();
  for (const q of bank.questions) {
    const key = `${q.sectionId}@${q.position}`;
    if (questionPositions.has(key)) throw new Error(`UNIQUE constraint failed: question position ${key}`);
    questionPositions.add(key);
  }
  const sections = new Set(bank.sections.map((s) => s.id));
  for (const q of bank.questions)
    if (!sections.has(q.sectionId)) throw new Error(`FOREIGN KEY constraint failed: ${q.id}`);
}

export interface MemoryTargetOptions {
  checkQuestion?: (question: QuestionRecord) => RuleViolation[];
  /** Wraps the transaction, e.g. to inject a failure into one of its calls. */
  wrap?: (tx: BankTransaction) => BankTransaction;
}

/** A BankTarget writing `bank`: a transaction works on a copy that replaces the bank on success. */
export function memoryBankTarget(bank: MemoryBank, options: MemoryTargetOptions = {}): BankTarget {
  return {
    async transaction(work) {
      const copy: MemoryBank = structuredClone(bank);
      let parked = -1;
      const source = memoryBankSource(copy);
      const tx: BankTransaction = {
        ...source,
        async places(sectionIds) {
          const wanted = new Set(sectionIds);
          return copy.questions
            .filter((q) => wanted.has(q.sectionId))
            .map((q) => ({ id: q.id, sectionId: q.sectionId, position: q.position }));
        },
        async putSections(sections) {
          for (const section of sections) {
            copy.sections = copy.sections.filter((s) => s.id !== section.id);
            copy.sections.push(structuredClone(section));
          }
          checkUnique(copy);
        },
        async putQuestions(questions) {
          for (const question of questions) {
            copy.questions = copy.questions.filter((q) => q.id !== question.id);
            copy.questions.push(structuredClone(question));
          }
          checkUnique(copy);
        },
        async deleteQuestions(ids) {
          const gone = new Set(ids);
          copy.questions = copy.questions.filter((q) => !gone.has(q.id));
        },
        async deleteSections(ids) {
          const gone = new Set(ids);
          copy.sections = copy.sections.filter((s) => !gone.has(s.id));
          copy.questions = copy.questions.filter((q) => !gone.has(q.sectionId));
        },
        async parkQuestions(ids) {
          const set = new Set(ids);
          for (const q of copy.questions) if (set.has(q.id)) q.position = parked--;
        },
        async parkSections(ids) {
          const set = new Set(ids);
          for (const s of copy.sections) if (set.has(s.id)) s.position = parked--;
        },
        async putMedia(files) {
          copy.media ??= new Map();
          for (const file of files) copy.media.set(file.path, file.bytes.slice());
        },
      };
      const result = await work(options.wrap ? options.wrap(tx) : tx);
      checkUnique(copy);
      bank.sections = copy.sections;
      bank.questions = copy.questions;
      if (copy.media) bank.media = copy.media;
      return result;
    },
    checkQuestion: options.checkQuestion ?? (() => []),
    checkSection: () => [],
  };
}
