import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach } from "vitest";
import {
  createLocalStorage,
  nodeCodec,
  type QuestionRecord,
  Repository,
  type RepositoryOptions,
  type SectionRecord,
} from "../src/index.js";
import type { MemoryBank } from "../src/testing/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "qvault-core-"));
  dirs.push(dir);
  return dir;
}

/** Fast scrypt for tests; the default cost is for real repositories. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };

export async function newRepository(options: Partial<RepositoryOptions> = {}, dir = tempDir()) {
  const storage = options.storage ?? createLocalStorage(dir);
  const repository = await Repository.init({ storage, codec: nodeCodec, scrypt: TEST_SCRYPT, ...options });
  return { repository, storage, dir };
}

export function question(
  sectionId: string,
  position: number,
  prompt: string,
  id = `${sectionId}-q${position}`,
): QuestionRecord {
  return {
    id,
    sectionId,
    type: "SINGLE_CHOICE",
    prompt,
    explanation: null,
    difficulty: 2,
    tags: ["t"],
    audioPath: null,
    position,
    answers: [
      { id: `${id}-a0`, text: "yes", isCorrect: true, position: 0 },
      { id: `${id}-a1`, text: "no", isCorrect: false, position: 1 },
    ],
  };
}

/** A bank of `sections` sections with `perSection` questions each. */
export function makeBank(sections: number, perSection: number): MemoryBank {
  const sectionRecords: SectionRecord[] = Array.from({ length: sections }, (_, i) => ({
    id: `s${i}`,
    name: `Section ${i}`,
    description: i % 2 ? null : `About ${i}`,
    position: i,
  }));
  return {
    sections: sectionRecords,
    questions: sectionRecords.flatMap((s) =>
      Array.from({ length: perSection }, (_, p) =>
        question(s.id, p, `Question ${p} of ${s.name} ${"lorem ipsum ".repeat(20)}`),
      ),
    ),
  };
}

const text = fc.string({ minLength: 1, maxLength: 60, unit: "grapheme" });

/** Any bank: a few sections with a few questions each, unicode text included. */
export const bankArbitrary: fc.Arbitrary<MemoryBank> = fc
  .array(
    fc.record({
      name: text,
      description: fc.option(text, { nil: null }),
      questions: fc.array(
        fc.record({
          type: fc.constantFrom("SINGLE_CHOICE", "MULTIPLE_CHOICE", "TRUE_FALSE", "SHORT_ANSWER" as const),
          prompt: text,
          explanation: fc.option(text, { nil: null }),
          difficulty: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
          tags: fc.array(text, { maxLength: 3 }),
          audioPath: fc.option(text, { nil: null }),
          answers: fc.array(fc.record({ text, isCorrect: fc.boolean() }), { minLength: 1, maxLength: 5 }),
        }),
        { maxLength: 12 },
      ),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((sections) => ({
    sections: sections.map((s, i) => ({
      id: `sec-${i}`,
      name: s.name,
      description: s.description,
      position: i,
    })),
    questions: sections.flatMap((s, i) =>
      s.questions.map((q, p) => ({
        ...q,
        id: `sec-${i}-q${p}`,
        sectionId: `sec-${i}`,
        position: p,
        answers: q.answers.map((a, ap) => ({ ...a, id: `sec-${i}-q${p}-a${ap}`, position: ap })),
      })),
    ),
  }));

export function sortQuestions(questions: QuestionRecord[]): QuestionRecord[] {
  return [...questions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
