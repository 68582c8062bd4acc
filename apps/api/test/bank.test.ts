import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const QUESTION_FIELDS =
  "id type prompt explanation difficulty tags audioPath position version section { id name } answers { text isCorrect position }";

function singleChoice(sectionId: string, prompt: string, extra: Record<string, unknown> = {}) {
  return {
    sectionId,
    type: "SINGLE_CHOICE",
    prompt,
    tags: ["grammar"],
    answers: [
      { text: "goes", isCorrect: true },
      { text: "go", isCorrect: false },
    ],
    ...extra,
  };
}

async function newSection(name: string): Promise<string> {
  const result = await t.gql<{ createSection: { id: string } }>(
    "mutation($input: SectionInput!) { createSection(input: $input) { id } }",
    { input: { name } },
  );
  return result.data!.createSection.id;
}

describe("sections", () => {
  it("lists the seeded demo sections in position order with their question counts", async () => {
    const { data } = await t.gql<{ sections: { name: string; position: number; questionCount: number }[] }>(
      "{ sections { name position questionCount } }",
    );
    const sections = data!.sections;
    expect(sections.length).toBe(8);
    expect(sections.map((s) => s.position)).toEqual(
      [...sections.map((s) => s.position)].sort((a, b) => a - b),
    );
    expect(sections.reduce((sum, s) => sum + s.questionCount, 0)).toBe(60);
    expect(sections[0]!.name).toBe("Listening - Part 1");
  });

  it("creates, updates, reads and deletes a section; omitted fields keep their value", async () => {
    const created = await t.gql(
      'mutation { createSection(input: { name: "Pronunciation", description: "Sounds" }) { id name description position questionCount } }',
    );
    const section = created.data!.createSection;
    expect(section).toMatchObject({ name: "Pronunciation", description: "Sounds", questionCount: 0 });
    const updated = await t.gql(
      'mutation($id: ID!) { updateSection(id: $id, input: { name: "Pronunciation & stress" }) { name description position } }',
      {
        id: section.id,
      },
    );
    expect(updated.data!.updateSection).toEqual({
      name: "Pronunciation & stress",
      description: "Sounds",
      position: section.position,
    });
    const read = await t.gql("query($id: ID!) { section(id: $id) { name } }", { id: section.id });
    expect(read.data!.section.name).toBe("Pronunciation & stress");
    const deleted = await t.gql("mutation($id: ID!) { deleteSection(id: $id) }", { id: section.id });
    expect(deleted.data!.deleteSection).toBe(true);
    expect(
      (await t.gql("query($id: ID!) { section(id: $id) { id } }", { id: section.id })).data!.section,
    ).toBeNull();
  });

  it("refuses a taken position and an empty name with BAD_USER_INPUT naming the field", async () => {
    const taken = await t.gql('mutation { createSection(input: { name: "Dup", position: 0 }) { id } }');
    expect(taken.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "position" });
    const empty = await t.gql('mutation { createSection(input: { name: "   " }) { id } }');
    expect(empty.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
  });

  it("answers NOT_FOUND for an unknown id", async () => {
    const result = await t.gql('mutation { updateSection(id: "nope", input: { name: "x" }) { id } }');
    expect(result.errors![0]!.extensions!.code).toBe("NOT_FOUND");
    const del = await t.gql('mutation { deleteQuestion(id: "nope") }');
    expect(del.errors![0]!.extensions!.code).toBe("NOT_FOUND");
  });
});

describe("questions", () => {
  it("creates a question with its answers, updates it (replacing the answers, raising the version) and deletes it", async () => {
    const sectionId = await newSection("CRUD");
    const created = await t.gql(
      `mutation($input: QuestionInput!) { createQuestion(input: $input) { ${QUESTION_FIELDS} } }`,
      {
        input: singleChoice(sectionId, "She ___ to school.", {
          explanation: "Third person -s.",
          difficulty: 2,
        }),
      },
    );
    const question = created.data!.createQuestion;
    expect(question).toMatchObject({
      type: "SINGLE_CHOICE",
      prompt: "She ___ to school.",
      explanation: "Third person -s.",
      difficulty: 2,
      tags: ["grammar"],
      position: 0,
      version: 1,
      section: { id: sectionId, name: "CRUD" },
      answers: [
        { text: "goes", isCorrect: true, position: 0 },
        { text: "go", isCorrect: false, position: 1 },
      ],
    });

    const updated = await t.gql(
      `mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { ${QUESTION_FIELDS} } }`,
      {
        id: question.id,
        input: {
          sectionId,
          type: "MULTIPLE_CHOICE",
          prompt: "Pick the verbs.",
          tags: ["verbs", "b1"],
          answers: [
            { text: "run", isCorrect: true },
            { text: "blue", isCorrect: false },
            { text: "eat", isCorrect: true },
          ],
        },
      },
    );
    expect(updated.data!.updateQuestion).toMatchObject({
      id: question.id,
      type: "MULTIPLE_CHOICE",
      prompt: "Pick the verbs.",
      explanation: null,
      tags: ["verbs", "b1"],
      version: 2,
      position: 0,
      answers: [
        { text: "run", isCorrect: true },
        { text: "blue", isCorrect: false },
        { text: "eat", isCorrect: true },
      ],
    });
    const read = await t.gql(`query($id: ID!) { question(id: $id) { ${QUESTION_FIELDS} } }`, {
      id: question.id,
    });
    expect(read.data!.question).toEqual(updated.data!.updateQuestion);

    expect(
      (await t.gql("mutation($id: ID!) { deleteQuestion(id: $id) }", { id: question.id })).data!
        .deleteQuestion,
    ).toBe(true);
    expect(
      (await t.gql("query($id: ID!) { question(id: $id) { id } }", { id: question.id })).data!.question,
    ).toBeNull();
  });

  it.each([
    ["an empty prompt", { prompt: "  " }, "prompt"],
    [
      "a single-choice question with two correct answers",
      {
        answers: [
          { text: "a", isCorrect: true },
          { text: "b", isCorrect: true },
        ],
      },
      "answers",
    ],
    [
      "a single-choice question with no correct answer",
      {
        answers: [
          { text: "a", isCorrect: false },
          { text: "b", isCorrect: false },
        ],
      },
      "answers",
    ],
    [
      "a true/false question with three answers",
      {
        type: "TRUE_FALSE",
        answers: [
          { text: "True", isCorrect: true },
          { text: "False", isCorrect: false },
          { text: "Maybe", isCorrect: false },
        ],
      },
      "answers",
    ],
    [
      "a multiple-choice question with no correct answer",
      {
        type: "MULTIPLE_CHOICE",
        answers: [
          { text: "a", isCorrect: false },
          { text: "b", isCorrect: false },
        ],
      },
      "answers",
    ],
    [
      "an empty answer text",
      {
        answers: [
          { text: "a", isCorrect: true },
          { text: "", isCorrect: false },
        ],
      },
      "answers.1.text",
    ],
    [
      "two answers at one position",
      {
        answers: [
          { text: "a", isCorrect: true, position: 1 },
          { text: "b", isCorrect: false, position: 1 },
        ],
      },
      "answers.1.position",
    ],
    ["a difficulty of 9", { difficulty: 9 }, "difficulty"],
    ["a duplicate tag", { tags: ["x", "x"] }, "tags.1"],
    ["an audio path leaving its folder", { audioPath: "../../etc/passwd" }, "audioPath"],
    ["a question position that is taken", { position: 0 }, "position"],
  ])("refuses %s with BAD_USER_INPUT naming the field", async (_name, change, field) => {
    const { data } = await t.gql<{ sections: { id: string }[] }>("{ sections { id } }");
    const sectionId = data!.sections[0]!.id;
    const result = await t.gql("mutation($input: QuestionInput!) { createQuestion(input: $input) { id } }", {
      input: singleChoice(sectionId, "Valid prompt", change),
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(result.errors![0]!.message).toContain(field);
  });

  it("refuses a question in a section that does not exist with NOT_FOUND naming sectionId", async () => {
    const result = await t.gql("mutation($input: QuestionInput!) { createQuestion(input: $input) { id } }", {
      input: singleChoice("no-such-section", "Prompt"),
    });
    expect(result.errors![0]!.extensions).toMatchObject({ code: "NOT_FOUND", field: "sectionId" });
  });

  it("refuses a value of the wrong type with BAD_USER_INPUT", async () => {
    const result = await t.gql("mutation($input: QuestionInput!) { createQuestion(input: $input) { id } }", {
      input: { ...singleChoice("x", "Prompt"), type: "ESSAY" },
    });
    expect(result.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
  });

  it("pages through all questions with cursors: every question once, in section and position order", async () => {
    const seen: { id: string; sectionName: string; position: number }[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 20; page++) {
      const result: any = await t.gql(
        "query($after: String) { questions(first: 7, after: $after) { totalCount edges { cursor node { id position section { name position } } } pageInfo { hasNextPage endCursor } } }",
        { after },
      );
      const connection = result.data.questions;
      total = connection.totalCount;
      seen.push(
        ...connection.edges.map((e: any) => ({
          id: e.node.id,
          sectionName: e.node.section.name,
          position: e.node.section.position * 1e6 + e.node.position,
        })),
      );
      expect(connection.edges.length).toBeLessThanOrEqual(7);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(new Set(seen.map((s) => s.id)).size).toBe(seen.length);
    expect(seen.length).toBe(total);
    expect(seen.map((s) => s.position)).toEqual([...seen.map((s) => s.position)].sort((a, b) => a - b));
  });

  it("filters by section and searches prompts and tags case-insensitively", async () => {
    const sectionId = await newSection("Search");
    await t.gql(
      "mutation($s: ID!, $q: [QuestionInput!]!) { importQuestions(sectionId: $s, questions: $q) { id } }",
      {
        s: sectionId,
        q: [
          singleChoice(sectionId, "The Zebra crossing ___ busy."),
          singleChoice(sectionId, "100% of cats", { tags: ["zebra-tag"] }),
          singleChoice(sectionId, "Nothing here"),
        ],
      },
    );
    const inSection = await t.gql("query($s: ID!) { questions(sectionId: $s) { totalCount } }", {
      s: sectionId,
    });
    expect(inSection.data!.questions.totalCount).toBe(3);
    // Counted when asked through a fragment or an alias too (a page alone skips the count).
    const viaFragment = await t.gql(
      "query($s: ID!) { questions(sectionId: $s, first: 1) { ...Counted } } fragment Counted on QuestionConnection { howMany: totalCount }",
      { s: sectionId },
    );
    expect(viaFragment.data!.questions.howMany).toBe(3);
    const aliased = await t.gql("query($s: ID!) { questions(sectionId: $s, first: 1) { n: totalCount } }", {
      s: sectionId,
    });
    expect(aliased.data!.questions.n).toBe(3);
    const search = await t.gql('{ questions(search: "zEbRa") { totalCount edges { node { prompt } } } }');
    expect(search.data!.questions.totalCount).toBe(2);
    const percent = await t.gql('{ questions(search: "100%") { edges { node { prompt } } } }');
    expect(percent.data!.questions.edges.map((e: any) => e.node.prompt)).toEqual(["100% of cats"]);
    const viaSection = await t.gql(
      "query($s: ID!) { section(id: $s) { questions(first: 2) { totalCount edges { node { prompt } } pageInfo { hasNextPage } } } }",
      { s: sectionId },
    );
    expect(viaSection.data!.section.questions).toMatchObject({
      totalCount: 3,
      pageInfo: { hasNextPage: true },
    });
  });

  it("refuses page sizes outside 1..100 and cursors it never gave out", async () => {
    for (const first of [0, -1, 101, 100000]) {
      const result = await t.gql("query($first: Int) { questions(first: $first) { totalCount } }", { first });
      expect(result.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    }
    const cursor = await t.gql('{ questions(after: "bm90LWEtY3Vyc29y") { totalCount } }');
    expect(cursor.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
  });

  it("imports questions in one transaction: one bad question and none is written", async () => {
    const sectionId = await newSection("Import");
    const bad = await t.gql(
      "mutation($s: ID!, $q: [QuestionInput!]!) { importQuestions(sectionId: $s, questions: $q) { id } }",
      {
        s: sectionId,
        q: [singleChoice(sectionId, "One"), singleChoice(sectionId, "Two"), singleChoice(sectionId, "", {})],
      },
    );
    expect(bad.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "questions.2.prompt" });
    const clash = await t.gql(
      "mutation($s: ID!, $q: [QuestionInput!]!) { importQuestions(sectionId: $s, questions: $q) { id } }",
      {
        s: sectionId,
        q: [singleChoice(sectionId, "One", { position: 5 }), singleChoice(sectionId, "Two", { position: 5 })],
      },
    );
    expect(clash.errors![0]!.extensions).toMatchObject({
      code: "BAD_USER_INPUT",
      field: "questions.1.position",
    });
    const count = await t.gql("query($s: ID!) { questions(sectionId: $s) { totalCount } }", { s: sectionId });
    expect(count.data!.questions.totalCount).toBe(0);

    const good = await t.gql(
      "mutation($s: ID!, $q: [QuestionInput!]!) { importQuestions(sectionId: $s, questions: $q) { prompt position } }",
      {
        s: sectionId,
        q: [singleChoice(sectionId, "One"), singleChoice(sectionId, "Two")],
      },
    );
    expect(good.data!.importQuestions).toEqual([
      { prompt: "One", position: 0 },
      { prompt: "Two", position: 1 },
    ]);
  });

  it("deleting a section deletes its questions", async () => {
    const sectionId = await newSection("Doomed");
    const created = await t.gql("mutation($input: QuestionInput!) { createQuestion(input: $input) { id } }", {
      input: singleChoice(sectionId, "Bye"),
    });
    await t.gql("mutation($id: ID!) { deleteSection(id: $id) }", { id: sectionId });
    const read = await t.gql("query($id: ID!) { question(id: $id) { id } }", {
      id: created.data!.createQuestion.id,
    });
    expect(read.data!.question).toBeNull();
  });
});
