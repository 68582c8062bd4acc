import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BankTransaction,
  encodeQuestion,
  QUESTION_TYPES,
  type QuestionRecord,
  type SectionRecord,
} from "@qvault/core";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Answer,
  type BankDatabase,
  createBankTarget,
  openBankDatabase,
  Question,
  Section,
  withBankSource,
} from "../src/index.js";
import { canonicalJson } from "../src/tables/record-statements.js";
import { type ColumnType, columnsOf, QUESTION_TABLE, RECORD_TABLES } from "../src/tables/record-tables.js";
import { sqliteDialect } from "../src/tables/sql-dialect.js";

let dir: string;
let db: BankDatabase;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-tables-"));
  db = await openBankDatabase({ file: join(dir, "bank.sqlite") });
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The declared SQL types each type family may have, in the entities and in the migrations. */
const ENTITY_TYPES: Record<ColumnType, string[]> = {
  text: ["varchar", "text"],
  integer: ["integer"],
  boolean: ["boolean"],
  json: ["simple-json"],
  // Date: SQLite's datetime, PostgreSQL's timestamp, each driver's own.
  timestamp: ["Date"],
};
const MIGRATED_TYPES: Record<ColumnType, string[]> = {
  ...ENTITY_TYPES,
  json: ["text"],
  timestamp: ["datetime"],
};

describe("the record tables", () => {
  it("name the entities' columns and the migrated tables' columns, with their types and nullability", async () => {
    const entities = { section: Section, question: Question, answer: Answer };
    for (const table of RECORD_TABLES) {
      const mapped = columnsOf(table)
        .map((c) => ({ name: c.name, nullable: c.nullable, type: c.type }))
        .sort((a, b) => a.name.localeCompare(b.name));
      const metadata = db.reader.getMetadata(entities[table.name as keyof typeof entities]);
      expect(metadata.tableName).toBe(table.name);
      const entity = [...metadata.columns].sort((a, b) => a.databaseName.localeCompare(b.databaseName));
      expect(entity.map((c) => ({ name: c.databaseName, nullable: c.isNullable }))).toEqual(
        mapped.map(({ name, nullable }) => ({ name, nullable })),
      );
      for (const [i, c] of entity.entries())
        expect(ENTITY_TYPES[mapped[i]!.type]).toContain(
          typeof c.type === "function" ? c.type.name : String(c.type),
        );
      const migrated: { name: string; type: string; notnull: number }[] = await db.reader.query(
        `SELECT "name", "type", "notnull" FROM pragma_table_info(?) ORDER BY "name"`,
        [table.name],
      );
      migrated.sort((a, b) => a.name.localeCompare(b.name));
      expect(migrated.map((c) => ({ name: c.name, nullable: c.notnull === 0 }))).toEqual(
        mapped.map(({ name, nullable }) => ({ name, nullable })),
      );
      for (const [i, c] of migrated.entries())
        expect(MIGRATED_TYPES[mapped[i]!.type]).toContain(c.type.toLowerCase().replace(/\(\d+\)$/, ""));
    }
  });
});

const text = fc.string({ maxLength: 40, unit: "grapheme" });
const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });

const SECTIONS: SectionRecord[] = [
  { id: "s-1", name: "First", description: null, position: 0 },
  { id: "s-2", name: "Second", description: "with a description", position: 1 },
];

/** Any questions the tables can hold: unique ids, unique positions in a section and in a question. */
const questions = fc
  .uniqueArray(
    fc.record({
      id: fc.uuid(),
      sectionId: fc.constantFrom(...SECTIONS.map((s) => s.id)),
      type: fc.constantFrom(...QUESTION_TYPES),
      prompt: text,
      explanation: nullable(text),
      difficulty: nullable(fc.integer({ min: -(2 ** 31), max: 2 ** 31 })),
      tags: fc.array(text, { maxLength: 4 }),
      audioPath: nullable(text),
      audio: fc.option(
        fc.record({
          bytes: fc.nat({ max: 2 ** 40 }),
          durationMs: nullable(fc.nat({ max: 2 ** 31 })),
          mimeType: text,
          sha256: fc.stringMatching(/^[0-9a-f]{64}$/),
        }),
        { nil: undefined },
      ),
      position: fc.nat({ max: 1_000_000_000 }),
      answers: fc.uniqueArray(
        fc.record({ id: fc.uuid(), text, isCorrect: fc.boolean(), position: fc.nat({ max: 1_000 }) }),
        { maxLength: 5, selector: (a) => a.position },
      ),
    }),
    { maxLength: 8, selector: (q) => `${q.sectionId}/${q.position}` },
  )
  .filter((all) => {
    const ids = all.flatMap((q) => [q.id, ...q.answers.map((a) => a.id)]);
    return new Set(ids).size === ids.length;
  });

/** A record as the bank source gives it back: answers in position order. */
const asRead = (question: QuestionRecord): QuestionRecord => ({
  ...question,
  answers: [...question.answers].sort((a, b) => a.position - b.position),
});
const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

async function readBack(ids: string[]): Promise<{ sections: SectionRecord[]; questions: QuestionRecord[] }> {
  return withBankSource(db, async (source) => {
    const read: QuestionRecord[] = [];
    for await (const chunk of source.questions({ questionIds: ids }, 3)) read.push(...chunk);
    return { sections: await source.sections(), questions: read.sort(byId) };
  });
}

/** The bank target's two ways of writing questions: as records, and as their canonical bytes. */
const writers = {
  putQuestions: (tx: BankTransaction, written: QuestionRecord[]) => tx.putQuestions(written),
  putEncodedQuestions: (tx: BankTransaction, written: QuestionRecord[]) =>
    tx.putEncodedQuestions!(written.map((q) => ({ id: q.id, bytes: encodeQuestion(q) }))),
};

describe.each(Object.keys(writers) as (keyof typeof writers)[])("a record written by %s", (writer) => {
  const put = writers[writer];
  it("reads back equal through the bank source, written anew and written over (property)", async () => {
    const target = createBankTarget(db);
    await target.transaction((tx) => tx.putSections(SECTIONS));
    await fc.assert(
      fc.asyncProperty(questions, questions, async (first, others) => {
        const ids = first.map((q) => q.id);
        // The same ids with other content: an update of every row.
        const second = first.map((q, i) => ({
          ...(others[i] ?? q),
          id: q.id,
          answers: others[i]?.answers ?? [],
        }));
        const unique = new Set(second.map((q) => `${q.sectionId}/${q.position}`)).size === second.length;
        await target.transaction(async (tx) => {
          await tx.deleteQuestions((await tx.places(SECTIONS.map((s) => s.id))).map((p) => p.id));
          await put(tx, first);
        });
        const afterFirst = await readBack(ids);
        expect(afterFirst.sections).toEqual(SECTIONS);
        expect(afterFirst.questions).toEqual(first.map(asRead).sort(byId));
        if (!unique) return;
        await target.transaction(async (tx) => {
          await tx.parkQuestions(ids);
          await put(tx, second);
        });
        expect((await readBack(ids)).questions).toEqual(second.map(asRead).sort(byId));
        const versions = await db.reader.query(`SELECT DISTINCT "version" FROM "question"`);
        expect(versions.map((row: { version: number }) => row.version)).toEqual(ids.length ? [2] : []);
      }),
      { numRuns: 60 },
    );
  });
});

/** Every code point, control characters and lone surrogates included, as well as whole graphemes. */
const anyText = fc.oneof(text, fc.string({ maxLength: 20, unit: "binary" }));

/** The canonical JSON the database builds for each question, by id (null where it falls back). */
async function canonicalRows(): Promise<Map<string, string | null>> {
  const rows: { id: string; json: string | null }[] = await db.reader.query(
    `SELECT q."id" AS "id", ${canonicalJson(sqliteDialect.canonical!, QUESTION_TABLE, "q")} AS "json" FROM "question" q`,
  );
  return new Map(rows.map((row) => [row.id, row.json]));
}

describe("the canonical JSON the database builds", () => {
  it("is exactly core's encoding of the record read back, for any content (property)", async () => {
    const target = createBankTarget(db);
    await target.transaction((tx) => tx.putSections(SECTIONS));
    const withAnyText = questions.map((all) =>
      all.map((q, i) => ({ ...q, prompt: `${q.prompt}${String.fromCodePoint(i * 977)}` })),
    );
    await fc.assert(
      fc.asyncProperty(
        withAnyText,
        fc.array(anyText, { minLength: 8, maxLength: 8 }),
        async (written, texts) => {
          const varied = written.map((q, i) => ({
            ...q,
            prompt: q.prompt + texts[i],
            tags: [...q.tags, texts[(i + 1) % 8]!],
            answers: q.answers.map((a, j) => ({ ...a, text: a.text + texts[(i + j) % 8] })),
          }));
          await target.transaction(async (tx) => {
            await tx.deleteQuestions((await tx.places(SECTIONS.map((s) => s.id))).map((p) => p.id));
            await tx.putQuestions(varied);
          });
          const canonical = await canonicalRows();
          const { questions: read } = await readBack(varied.map((q) => q.id));
          for (const question of read)
            expect(canonical.get(question.id)).toBe(new TextDecoder().decode(encodeQuestion(question)));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("is null where the database's JSON could differ: numbers not integers, booleans not stored as integers, tags not strings, audio not core's", async () => {
    const target = createBankTarget(db);
    await target.transaction(async (tx) => {
      await tx.putSections(SECTIONS);
      await tx.deleteQuestions((await tx.places(SECTIONS.map((s) => s.id))).map((p) => p.id));
    });
    const base = {
      sectionId: "s-1",
      type: "SINGLE_CHOICE" as const,
      prompt: "p",
      explanation: null,
      difficulty: 2,
      tags: ["t"],
      audioPath: null,
    };
    const made = [
      "real-position",
      "real-difficulty",
      "text-boolean",
      "number-tag",
      "object-tags",
      "real-audio-bytes",
      "text-audio-bytes",
      "array-audio",
      "fine",
    ].map((id, i) => ({
      ...base,
      id,
      position: i,
      answers: [{ id: `${id}-a`, text: "yes", isCorrect: true, position: 0 }],
    }));
    await target.transaction((tx) => tx.putQuestions(made));
    await db.transaction(async (m) => {
      await m.query(`UPDATE "question" SET "position" = 100.5 WHERE "id" = 'real-position'`);
      await m.query(`UPDATE "question" SET "difficulty" = 2.5 WHERE "id" = 'real-difficulty'`);
      await m.query(`UPDATE "answer" SET "isCorrect" = 'yes' WHERE "id" = 'text-boolean-a'`);
      await m.query(`UPDATE "question" SET "tags" = '["a", 1]' WHERE "id" = 'number-tag'`);
      await m.query(`UPDATE "question" SET "tags" = '{"a": "b"}' WHERE "id" = 'object-tags'`);
      const audio = (bytes: string) =>
        `{"bytes":${bytes},"durationMs":null,"mimeType":"audio/wav","sha256":"${"a".repeat(64)}"}`;
      await m.query(`UPDATE "question" SET "audio" = ? WHERE "id" = 'real-audio-bytes'`, [audio("1.5")]);
      await m.query(`UPDATE "question" SET "audio" = ? WHERE "id" = 'text-audio-bytes'`, [audio('"12"')]);
      await m.query(`UPDATE "question" SET "audio" = '[1]' WHERE "id" = 'array-audio'`);
      await m.query(`UPDATE "question" SET "audio" = ? WHERE "id" = 'fine'`, [audio("12")]);
    });
    const canonical = await canonicalRows();
    for (const id of [
      "real-position",
      "real-difficulty",
      "text-boolean",
      "number-tag",
      "object-tags",
      "real-audio-bytes",
      "text-audio-bytes",
      "array-audio",
    ])
      expect(canonical.get(id), id).toBeNull();
    const {
      questions: [fine],
    } = await readBack(["fine"]);
    expect(canonical.get("fine")).toBe(new TextDecoder().decode(encodeQuestion(fine!)));
  });
});
