/**
 * An adapter from a quiz app's own data to qvault's ports: the app keeps its quizzes in one JSON
 * file, shaped its own way (topics with a slug, items with choices), and never heard of
 * sections or records. This file is all an app writes to be backed up and restored by qvault.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import type {
  BankSource,
  BankTarget,
  BankTransaction,
  QuestionFilter,
  QuestionRecord,
  SectionRecord,
} from "@qvault/core";

/** The app's own shapes. */
export interface Quiz {
  topics: Topic[];
}
export interface Topic {
  slug: string;
  title: string;
  order: number;
  items: Item[];
}
export interface Item {
  key: string;
  order: number;
  text: string;
  hint?: string;
  choices: { key: string; label: string; correct: boolean }[];
}

const toSection = (t: Topic): SectionRecord => ({
  id: t.slug,
  name: t.title,
  description: null,
  position: t.order,
});

const toQuestion = (t: Topic, i: Item): QuestionRecord => ({
  id: i.key,
  sectionId: t.slug,
  type: i.choices.filter((c) => c.correct).length > 1 ? "MULTIPLE_CHOICE" : "SINGLE_CHOICE",
  prompt: i.text,
  explanation: i.hint ?? null,
  difficulty: null,
  tags: [],
  audioPath: null,
  position: i.order,
  answers: i.choices.map((c, position) => ({ id: c.key, text: c.label, isCorrect: c.correct, position })),
});

const toItem = (q: QuestionRecord): Item => ({
  key: q.id,
  order: q.position,
  text: q.prompt,
  ...(q.explanation === null ? {} : { hint: q.explanation }),
  choices: [...q.answers]
    .sort((a, b) => a.position - b.position)
    .map((a) => ({ key: a.id, label: a.text, correct: a.isCorrect })),
});

export const readQuiz = async (file: string): Promise<Quiz> => JSON.parse(await readFile(file, "utf8"));

/** Replaces the file whole: a reader sees the old quiz or the new one, never half of one. */
async function writeQuiz(file: string, quiz: Quiz): Promise<void> {
  await writeFile(`${file}.tmp`, JSON.stringify(quiz, null, 2));
  await rename(`${file}.tmp`, file);
}

/** Reads one state of `quiz` as qvault's source port. */
function sourceOver(quiz: () => Quiz): BankSource {
  const matching = (filter: QuestionFilter) => {
    const sections = filter.sectionIds && new Set(filter.sectionIds);
    const ids = filter.questionIds && new Set(filter.questionIds);
    return [...quiz().topics]
      .sort((a, b) => a.order - b.order)
      .filter((t) => !sections || sections.has(t.slug))
      .flatMap((t) =>
        [...t.items]
          .sort((a, b) => a.order - b.order)
          .flatMap((i) => (!ids || ids.has(i.key) ? [toQuestion(t, i)] : [])),
      );
  };
  return {
    async sections() {
      return quiz()
        .topics.map(toSection)
        .sort((a, b) => a.position - b.position);
    },
    async countQuestions(filter) {
      return matching(filter).length;
    },
    async *questions(filter, chunkSize) {
      const all = matching(filter);
      for (let i = 0; i < all.length; i += chunkSize) yield all.slice(i, i + chunkSize);
    },
  };
}

/** The source port: each backup reads the file once, so it sees one consistent state. */
export async function jsonFileSource(file: string): Promise<BankSource> {
  const quiz = await readQuiz(file);
  return sourceOver(() => quiz);
}

/** The target port: a transaction edits a copy and writes it back only when all of it succeeded. */
export function jsonFileTarget(file: string): BankTarget {
  return {
    async transaction(work) {
      const quiz = await readQuiz(file);
      const topic = (slug: string) => quiz.topics.find((t) => t.slug === slug);
      const tx: BankTransaction = {
        ...sourceOver(() => quiz),
        async places(sectionIds) {
          return sectionIds.flatMap(
            (slug) =>
              topic(slug)?.items.map((i) => ({ id: i.key, sectionId: slug, position: i.order })) ?? [],
          );
        },
        async putSections(sections) {
          for (const s of sections) {
            const existing = topic(s.id);
            if (existing) Object.assign(existing, { title: s.name, order: s.position });
            else quiz.topics.push({ slug: s.id, title: s.name, order: s.position, items: [] });
          }
        },
        async putQuestions(questions) {
          for (const q of questions) {
            for (const t of quiz.topics) t.items = t.items.filter((i) => i.key !== q.id);
            const into = topic(q.sectionId);
            if (!into) throw new Error(`no topic ${q.sectionId}`);
            into.items.push(toItem(q));
          }
        },
        async deleteQuestions(ids) {
          const gone = new Set(ids);
          for (const t of quiz.topics) t.items = t.items.filter((i) => !gone.has(i.key));
        },
        async deleteSections(ids) {
          quiz.topics = quiz.topics.filter((t) => !ids.includes(t.slug));
        },
        // The app has no unique index on `order`, so nothing needs to move out of the way.
        async parkQuestions() {},
        async parkSections() {},
      };
      const result = await work(tx);
      await writeQuiz(file, quiz);
      return result;
    },
    checkQuestion(q) {
      return q.answers.some((a) => a.isCorrect)
        ? []
        : [{ field: "answers", message: "needs a correct choice" }];
    },
    checkSection(s) {
      return /^[a-z0-9-]+$/.test(s.id)
        ? []
        : [{ field: "id", message: "a topic slug is lowercase letters, digits and -" }];
    },
  };
}
