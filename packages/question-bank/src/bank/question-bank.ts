/**
 * The question bank's operations: list, read and change sections and questions.
 *
 * Every change checks the rules of the bank ({@link ./rules.ts}) first and runs in one write
 * transaction: it is applied whole or not at all. A question is written with its answers;
 * updating a question replaces its answers with the given list and raises its `version`.
 * Reads see committed data only.
 */
import { createHash, randomUUID } from "node:crypto";
import { badInput, isSafeMediaPath, type MediaRef, notFound } from "@qvault/core";
import { type EntityManager, In, type SelectQueryBuilder } from "typeorm";
import type { BankDatabase } from "../data-source.js";
import { Answer } from "../entities/answer.entity.js";
import { Question } from "../entities/question.entity.js";
import { Section } from "../entities/section.entity.js";
import { markOrigin } from "../journal/change-journal.js";
import { inspectAudio } from "../media/audio.js";
import type { MediaChanges } from "../media/media-folder.js";
import { transactionWithMedia } from "../media/media-transaction.js";
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from "./pagination.js";
import {
  type CheckedQuestion,
  check,
  LIMITS,
  type QuestionInput,
  questionSchema,
  type SectionInput,
  sectionSchema,
} from "./rules.js";

export interface SectionWithCount extends Section {
  questionCount: number;
}

export interface QuestionFilter extends PageRequest {
  sectionId?: string | null;
  /** Case-insensitive text searched in prompts and tags. */
  search?: string | null;
  /** False skips counting every match: the page's `totalCount` is then null. @default true */
  count?: boolean;
}

export interface QuestionBank {
  listSections(): Promise<SectionWithCount[]>;
  getSection(id: string): Promise<SectionWithCount | null>;
  listQuestions(filter: QuestionFilter): Promise<Page<Question>>;
  getQuestion(id: string): Promise<Question | null>;
  /** Questions by id with their answers, in the order asked; ids that name nothing are left out. */
  getQuestions(ids: readonly string[]): Promise<Question[]>;
  createSection(input: SectionInput): Promise<SectionWithCount>;
  /** Omitted (undefined) fields keep their value. */
  updateSection(id: string, input: Partial<SectionInput>): Promise<SectionWithCount>;
  /** Deletes the section with all its questions. */
  deleteSection(id: string): Promise<boolean>;
  createQuestion(input: QuestionInput): Promise<Question>;
  updateQuestion(id: string, input: QuestionInput): Promise<Question>;
  deleteQuestion(id: string): Promise<boolean>;
  /** Adds many questions to one section in one transaction: all of them, or none. */
  importQuestions(sectionId: string, inputs: readonly QuestionInput[]): Promise<Question[]>;
  /**
   * Gives a question the audio file `bytes` (its type told by its bytes), replacing any it had:
   * the file is put in the media folder and the question's `audio` and `audioPath` set in one
   * transaction (journaled as an edit, its version raised); the file replaced goes once no
   * question names it. @throws NOT_FOUND; BAD_USER_INPUT (status 415) for bytes that are not
   * audio, or when the bank has no media folder.
   */
  setAudio(id: string, bytes: Uint8Array): Promise<Question>;
  /** Takes a question's audio away (its file goes once no question names it). @throws NOT_FOUND */
  removeAudio(id: string): Promise<Question>;
}

/** Where an uploaded audio file goes: under its question's folder, named by its content. */
export function audioPathFor(questionId: string, sha256: string, extension: string): string {
  return `audio/${questionId}/${sha256.slice(0, 16)}.${extension}`;
}

const SEARCH_LENGTH = 200;

function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function sortAnswers(question: Question): Question {
  question.answers?.sort((a, b) => a.position - b.position);
  return question;
}

/** Removes the media file at `path` when no question names it any more (backups keep it). */
async function dropIfUnnamed(manager: EntityManager, media: MediaChanges, path: string): Promise<void> {
  if (!isSafeMediaPath(path)) return;
  if ((await manager.countBy(Question, { audioPath: path })) === 0) await media.remove(path);
}

/** Creates the operations on the bank stored in `db`. */
export function createQuestionBank(db: BankDatabase): QuestionBank {
  const reader = db.reader.manager;

  async function countQuestions(sectionIds: string[]): Promise<Map<string, number>> {
    if (sectionIds.length === 0) return new Map();
    const rows: { sectionId: string; count: string | number }[] = await reader
      .createQueryBuilder(Question, "q")
      .select("q.sectionId", "sectionId")
      .addSelect("COUNT(*)", "count")
      .where("q.sectionId IN (:...sectionIds)", { sectionIds })
      .groupBy("q.sectionId")
      .getRawMany();
    return new Map(rows.map((row) => [row.sectionId, Number(row.count)]));
  }

  async function withCounts(
    sections: Section[],
    manager: EntityManager = reader,
  ): Promise<SectionWithCount[]> {
    if (manager !== reader) {
      return Promise.all(
        sections.map(async (s) =>
          Object.assign(s, { questionCount: await manager.countBy(Question, { sectionId: s.id }) }),
        ),
      );
    }
    const counts = await countQuestions(sections.map((s) => s.id));
    return sections.map((s) => Object.assign(s, { questionCount: counts.get(s.id) ?? 0 }));
  }

  async function loadQuestions(manager: EntityManager, ids: readonly string[]): Promise<Question[]> {
    if (ids.length === 0) return [];
    const found = await manager.find(Question, { where: { id: In([...ids]) }, relations: { answers: true } });
    const byId = new Map(found.map((q) => [q.id, sortAnswers(q)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async function requireSection(manager: EntityManager, id: string, field?: string): Promise<Section> {
    const section = await manager.findOneBy(Section, { id });
    if (!section) {
      const error = notFound("Section", id);
      if (field) error.details!.field = field;
      throw error;
    }
    return section;
  }

  async function nextPosition(qb: SelectQueryBuilder<Section | Question>): Promise<number> {
    const row = await qb.select("MAX(t.position)", "max").getRawOne<{ max: number | null }>();
    return row?.max == null ? 0 : Number(row.max) + 1;
  }

  async function sectionPosition(
    manager: EntityManager,
    wanted: number | null | undefined,
    selfId?: string,
  ): Promise<number> {
    if (wanted == null) return nextPosition(manager.createQueryBuilder(Section, "t"));
    const holder = await manager.findOneBy(Section, { position: wanted });
    if (holder && holder.id !== selfId)
      throw badInput("position", `position ${wanted} is used by section "${holder.name}"`);
    return wanted;
  }

  /** Positions for questions entering `sectionId`, in input order: given ones checked, others appended. */
  async function questionPositions(
    manager: EntityManager,
    sectionId: string,
    wanted: (number | null | undefined)[],
    selfId?: string,
    fieldOf: (index: number) => string = () => "position",
  ): Promise<number[]> {
    const taken = new Map<number, string>();
    const rows: { id: string; position: number }[] = await manager
      .createQueryBuilder(Question, "q")
      .select(["q.id AS id", "q.position AS position"])
      .where("q.sectionId = :sectionId", { sectionId })
      .getRawMany();
    for (const row of rows) if (row.id !== selfId) taken.set(Number(row.position), row.id);
    let next = Math.max(-1, ...taken.keys()) + 1;
    return wanted.map((position, index) => {
      if (position == null) {
        while (taken.has(next)) next++;
        taken.set(next, "new");
        return next;
      }
      if (taken.has(position))
        throw badInput(fieldOf(index), `position ${position} is used by another question in this section`);
      taken.set(position, "new");
      if (position >= next) next = position + 1;
      return position;
    });
  }

  /**
   * The answer rows of a question. Answers keep the ids of the answers they replace, matched by
   * order, so an edit that leaves the answers as they were leaves their records as they were.
   */
  function answerRows(
    questionId: string,
    question: CheckedQuestion,
    previousIds: string[] = [],
  ): Partial<Answer>[] {
    const used = new Set(question.answers.flatMap((a) => (a.position == null ? [] : [a.position])));
    let next = 0;
    return question.answers.map((answer, index) => {
      let position = answer.position;
      if (position == null) {
        while (used.has(next)) next++;
        position = next++;
      }
      return {
        id: previousIds[index] ?? randomUUID(),
        questionId,
        text: answer.text,
        isCorrect: answer.isCorrect,
        position,
      };
    });
  }

  async function insertQuestions(
    manager: EntityManager,
    questions: { checked: CheckedQuestion; position: number }[],
  ): Promise<string[]> {
    const now = new Date();
    const ids: string[] = [];
    const rows: Partial<Question>[] = [];
    const answers: Partial<Answer>[] = [];
    for (const { checked, position } of questions) {
      const id = randomUUID();
      ids.push(id);
      rows.push({
        id,
        sectionId: checked.sectionId,
        type: checked.type,
        prompt: checked.prompt,
        explanation: checked.explanation,
        difficulty: checked.difficulty ?? null,
        tags: checked.tags,
        audioPath: checked.audioPath,
        position,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      answers.push(...answerRows(id, checked));
    }
    for (let i = 0; i < rows.length; i += 200) await manager.insert(Question, rows.slice(i, i + 200));
    for (let i = 0; i < answers.length; i += 400) await manager.insert(Answer, answers.slice(i, i + 400));
    return ids;
  }

  return {
    async listSections() {
      return withCounts(await reader.find(Section, { order: { position: "ASC" } }));
    },

    async getSection(id) {
      const section = await reader.findOneBy(Section, { id });
      return section ? ((await withCounts([section]))[0] ?? null) : null;
    },

    async listQuestions(filter) {
      const size = pageSize(filter.first);
      const search = filter.search?.trim();
      if (search && search.length > SEARCH_LENGTH)
        throw badInput("search", `search must be at most ${SEARCH_LENGTH} characters`);
      const like = db.dialect.likeAnyCase;
      const matching = search ? ` AND ("prompt" ${like} ? ESCAPE '\\' OR "tags" ${like} ? ESCAPE '\\')` : "";
      const matchingArgs = search ? [likePattern(search), likePattern(search)] : [];
      const after = filter.after ? decodeCursor(filter.after, ["number", "number", "string"] as const) : null;

      // Section by section in position order, each walked along its (sectionId, position) index:
      // a page costs the rows it shows, not a sort of the whole bank.
      const sections: { id: string; position: number }[] = await reader.query(
        `SELECT "id", "position" FROM "section"${filter.sectionId ? ` WHERE "id" = ?` : ""} ORDER BY "position"`,
        filter.sectionId ? [filter.sectionId] : [],
      );
      const count =
        filter.count === false
          ? null
          : (
              await reader.query(
                `SELECT COUNT(*) AS count FROM "question" WHERE 1 = 1${filter.sectionId ? ` AND "sectionId" = ?` : ""}${matching}`,
                [...(filter.sectionId ? [filter.sectionId] : []), ...matchingArgs],
              )
            )[0].count;
      const rows: { id: string; sectionPos: number; position: number }[] = [];
      for (const section of sections) {
        if (rows.length > size) break;
        if (after && section.position < after[0]) continue;
        const from = after && section.position === after[0] ? after[1] : null;
        const found: { id: string; position: number }[] = await reader.query(
          `SELECT "id", "position" FROM "question" WHERE "sectionId" = ?${from === null ? "" : ` AND "position" > ?`}${matching} ORDER BY "position" LIMIT ?`,
          [section.id, ...(from === null ? [] : [from]), ...matchingArgs, size + 1 - rows.length],
        );
        for (const row of found)
          rows.push({ id: row.id, sectionPos: section.position, position: row.position });
      }
      const questions = new Map(
        (
          await loadQuestions(
            reader,
            rows.slice(0, size).map((r) => r.id),
          )
        ).map((q) => [q.id, q]),
      );
      return toPage(
        rows.filter((row, index) => index >= size || questions.has(row.id)),
        size,
        count === null ? null : Number(count),
        (row) => questions.get(row.id)!,
        (row) => [Number(row.sectionPos), Number(row.position), row.id],
      );
    },

    async getQuestion(id) {
      return (await loadQuestions(reader, [id]))[0] ?? null;
    },

    async getQuestions(ids) {
      const result: Question[] = [];
      for (let i = 0; i < ids.length; i += 500)
        result.push(...(await loadQuestions(reader, ids.slice(i, i + 500))));
      return result;
    },

    async createSection(input) {
      const checked = check(sectionSchema, input);
      return db.transaction(async (manager) => {
        const now = new Date();
        const section = manager.create(Section, {
          id: randomUUID(),
          name: checked.name,
          description: checked.description,
          position: await sectionPosition(manager, checked.position),
          createdAt: now,
          updatedAt: now,
        });
        await manager.insert(Section, section);
        return Object.assign(section, { questionCount: 0 });
      });
    },

    async updateSection(id, input) {
      return db.transaction(async (manager) => {
        const section = await requireSection(manager, id);
        const checked = check(sectionSchema, {
          name: input.name === undefined ? section.name : input.name,
          description: input.description === undefined ? section.description : input.description,
          position: input.position ?? section.position,
        });
        section.name = checked.name;
        section.description = checked.description;
        section.position = await sectionPosition(manager, checked.position, id);
        section.updatedAt = new Date();
        await manager.update(Section, { id }, section);
        return (await withCounts([section], manager))[0]!;
      });
    },

    async deleteSection(id) {
      return db.transaction(async (manager) => {
        await requireSection(manager, id);
        await manager.delete(Section, { id });
        return true;
      });
    },

    async createQuestion(input) {
      const checked = check(questionSchema, input);
      return db.transaction(async (manager) => {
        await requireSection(manager, checked.sectionId, "sectionId");
        const [position] = await questionPositions(manager, checked.sectionId, [checked.position]);
        const [id] = await insertQuestions(manager, [{ checked, position: position! }]);
        return (await loadQuestions(manager, [id!]))[0]!;
      });
    },

    async updateQuestion(id, input) {
      const checked = check(questionSchema, input);
      return db.transaction(async (manager) => {
        const current = await manager.findOneBy(Question, { id });
        if (!current) throw notFound("Question", id);
        await requireSection(manager, checked.sectionId, "sectionId");
        const keep = checked.sectionId === current.sectionId && checked.position == null;
        const [position] = keep
          ? [current.position]
          : await questionPositions(manager, checked.sectionId, [checked.position], id);
        const previous = await manager.find(Answer, {
          where: { questionId: id },
          order: { position: "ASC" },
        });
        await manager.delete(Answer, { questionId: id });
        await manager.update(
          Question,
          { id },
          {
            sectionId: checked.sectionId,
            type: checked.type,
            prompt: checked.prompt,
            explanation: checked.explanation,
            difficulty: checked.difficulty ?? null,
            tags: checked.tags,
            audioPath: checked.audioPath,
            // The audio is the file at its path: another path names another file.
            audio: checked.audioPath === current.audioPath ? current.audio : null,
            position: position!,
            version: current.version + 1,
            updatedAt: new Date(),
          },
        );
        await manager.insert(
          Answer,
          answerRows(
            id,
            checked,
            previous.map((a) => a.id),
          ),
        );
        return (await loadQuestions(manager, [id]))[0]!;
      });
    },

    async setAudio(id, bytes) {
      if (!db.media) throw badInput("audio", "This bank has no media folder");
      if (bytes.length === 0) throw badInput("body", "The request body is empty: send the audio file");
      const kind = await inspectAudio(bytes);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const audio: MediaRef = {
        bytes: bytes.length,
        durationMs: kind.durationMs,
        mimeType: kind.mimeType,
        sha256,
      };
      const path = audioPathFor(id, sha256, kind.extension);
      return transactionWithMedia(db, async (manager, media) => {
        const current = await manager.findOneBy(Question, { id });
        if (!current) throw notFound("Question", id);
        await media!.put(path, bytes);
        await manager.update(
          Question,
          { id },
          { audio, audioPath: path, version: current.version + 1, updatedAt: new Date() },
        );
        if (current.audioPath && current.audioPath !== path)
          await dropIfUnnamed(manager, media!, current.audioPath);
        return (await loadQuestions(manager, [id]))[0]!;
      });
    },

    async removeAudio(id) {
      return transactionWithMedia(db, async (manager, media) => {
        const current = await manager.findOneBy(Question, { id });
        if (!current) throw notFound("Question", id);
        if (current.audioPath || current.audio) {
          await manager.update(
            Question,
            { id },
            { audio: null, audioPath: null, version: current.version + 1, updatedAt: new Date() },
          );
          if (current.audioPath && media) await dropIfUnnamed(manager, media, current.audioPath);
        }
        return (await loadQuestions(manager, [id]))[0]!;
      });
    },

    async deleteQuestion(id) {
      return db.transaction(async (manager) => {
        const result = await manager.delete(Question, { id });
        if (!result.affected) throw notFound("Question", id);
        return true;
      });
    },

    async importQuestions(sectionId, inputs) {
      if (inputs.length === 0) throw badInput("questions", "questions must not be empty");
      if (inputs.length > LIMITS.importQuestions)
        throw badInput("questions", `at most ${LIMITS.importQuestions} questions in one import`);
      const checked = inputs.map((input, index) => {
        const question = check(questionSchema, input, `questions.${index}.`);
        if (question.sectionId !== sectionId)
          throw badInput(
            `questions.${index}.sectionId`,
            "every imported question must name the section imported into",
          );
        return question;
      });
      return db.transaction((manager) =>
        markOrigin(manager, db.dialect, "import", async () => {
          await requireSection(manager, sectionId, "sectionId");
          const positions = await questionPositions(
            manager,
            sectionId,
            checked.map((q) => q.position),
            undefined,
            (index) => `questions.${index}.position`,
          );
          const ids = await insertQuestions(
            manager,
            checked.map((q, index) => ({ checked: q, position: positions[index]! })),
          );
          return loadQuestions(manager, ids);
        }),
      );
    },
  };
}
