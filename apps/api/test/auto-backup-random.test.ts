/**
 * Random edits while automatic backups run: updates, creations, deletions and bulk imports
 * through the API, interleaved with transactions that roll back (an import refused inside its
 * transaction, and a write on a second connection to the same SQLite file that rolls back). Every
 * committed edit must reach an automatic snapshot within autoBackupMaxDelayMs of being sent, and
 * once nothing is pending the newest snapshot must equal the live bank, record for record.
 */
import { bankLocation, openBankDatabase } from "@qvault/question-bank";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

const DEBOUNCE_MS = 300;
const MAX_DELAY_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const FIELDS =
  "id prompt type explanation difficulty tags audioPath position sectionId answers { text isCorrect position }";

type Op =
  | { kind: "update"; pick: number; gap: number }
  | { kind: "create"; section: number; gap: number }
  | { kind: "delete"; pick: number; gap: number }
  | { kind: "import"; section: number; count: number; gap: number }
  | { kind: "refusedImport"; gap: number }
  | { kind: "rolledBack"; pick: number; gap: number };

const gap = fc.integer({ min: 0, max: 400 });
const pick = fc.nat({ max: 1000 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("update" as const), pick, gap }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("create" as const), section: pick, gap }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick, gap }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("import" as const),
      section: pick,
      count: fc.integer({ min: 2, max: 6 }),
      gap,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("refusedImport" as const), gap }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rolledBack" as const), pick, gap }) },
);

/** What one committed edit left a question as: its prompt, or null once deleted. */
interface Edit {
  questionId: string;
  prompt: string | null;
  sentAt: number;
}

const input = (sectionId: string, prompt: string) => ({
  sectionId,
  type: "SINGLE_CHOICE",
  prompt,
  tags: ["random"],
  answers: [
    { text: "right", isCorrect: true },
    { text: "wrong", isCorrect: false },
  ],
});

describe("automatic backups under random edits", () => {
  let t: TestServer;
  const arrivals = new Map<string, number>();
  let stopWatching: () => void;

  beforeAll(async () => {
    t = await startTestServer({ QVAULT_AUTO_BACKUP: "true", QVAULT_SEED_QUESTIONS: "40" });
    await t.gql(
      `mutation { updateBackupSettings(input: { autoBackupDebounceMs: ${DEBOUNCE_MS}, autoBackupMaxDelayMs: ${MAX_DELAY_MS} }) { autoBackupDebounceMs } }`,
    );
    stopWatching = t.ws().subscribe(
      { query: "subscription { backupCreated { id trigger createdAt } }" },
      {
        next: ({ data }: any) => {
          // When the backup began reading the bank: the server's own schedule, which CPU
          // contention on a shared machine does not stretch the way it stretches the backup's run.
          if (data.backupCreated.trigger === "AUTOMATIC")
            arrivals.set(data.backupCreated.id, Date.parse(data.backupCreated.createdAt));
        },
        error: () => {},
        complete: () => {},
      },
    );
    await settled();
  });
  afterAll(async () => {
    stopWatching();
    await t.stop();
  });

  async function pending(): Promise<number> {
    return (await t.gql("{ systemHealth { pendingChanges } }")).data!.systemHealth.pendingChanges;
  }

  /** Waits until no edit is pending and no automatic backup is queued or running. */
  async function settled(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const running = await t.gql("{ jobs(first: 5, kind: BACKUP) { edges { node { status } } } }");
      const busy = running.data!.jobs.edges.some((e: any) => ["QUEUED", "RUNNING"].includes(e.node.status));
      if (!busy && (await pending()) === 0 && arrivals.size > 0) return;
      if (Date.now() > deadline) throw new Error("automatic backups did not settle");
      await sleep(100);
    }
  }

  async function liveBank(): Promise<{ sections: string[]; questions: any[] }> {
    const sections = (await t.gql("{ sections { id } }")).data!.sections.map((s: any) => s.id);
    const questions: any[] = [];
    let after: string | null = null;
    do {
      const { data } = await t.gql(
        `query($after: String) { questions(first: 100, after: $after) { edges { node { ${FIELDS.replace("sectionId", "section { id }")} } } pageInfo { endCursor hasNextPage } } }`,
        { after },
      );
      for (const e of data!.questions.edges) {
        const { section, ...rest } = e.node;
        questions.push({ ...rest, sectionId: section.id });
      }
      after = data!.questions.pageInfo.hasNextPage ? data!.questions.pageInfo.endCursor : null;
    } while (after);
    return { sections, questions };
  }

  async function snapshotQuestions(backupId: string): Promise<any[]> {
    const questions: any[] = [];
    let after: string | null = null;
    do {
      const { data } = await t.gql(
        `query($id: ID!, $after: String) { backup(id: $id) { questions(first: 100, after: $after) { edges { node { ${FIELDS} } } pageInfo { endCursor hasNextPage } } } }`,
        { id: backupId, after },
      );
      questions.push(...data!.backup.questions.edges.map((e: any) => e.node));
      after = data!.backup.questions.pageInfo.hasNextPage ? data!.backup.questions.pageInfo.endCursor : null;
    } while (after);
    return questions;
  }

  const byId = (questions: any[]) => [...questions].sort((a, b) => (a.id < b.id ? -1 : 1));

  it("puts every committed edit in a snapshot within the maximum delay and ends equal to the bank (property)", {
    timeout: 240_000,
  }, async () => {
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 12, maxLength: 24 }), async (ops) => {
        round++;
        const start = Date.now();
        const edits: Edit[] = [];
        const created = new Set<string>();
        const rolledBack: string[] = [];
        for (const [k, step] of ops.entries()) {
          const { sections, questions } = await liveBank();
          const existing = questions.filter((q) => !created.has(q.id));
          const marker = `round ${round} edit ${k}`;
          const sentAt = Date.now();
          switch (step.kind) {
            case "update": {
              const q = questions[step.pick % questions.length];
              const { id, sectionId, answers, ...rest } = q;
              const result = await t.gql(
                "mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id } }",
                {
                  id,
                  input: {
                    ...rest,
                    sectionId,
                    prompt: marker,
                    answers: answers.map(({ text, isCorrect }: any) => ({ text, isCorrect })),
                  },
                },
              );
              expect(result.errors).toBeUndefined();
              edits.push({ questionId: id, prompt: marker, sentAt });
              break;
            }
            case "create": {
              const result = await t.gql(
                "mutation($input: QuestionInput!) { createQuestion(input: $input) { id } }",
                { input: input(sections[step.section % sections.length], marker) },
              );
              expect(result.errors).toBeUndefined();
              created.add(result.data!.createQuestion.id);
              edits.push({ questionId: result.data!.createQuestion.id, prompt: marker, sentAt });
              break;
            }
            case "delete": {
              if (existing.length < 5) break;
              const q = existing[step.pick % existing.length];
              const result = await t.gql("mutation($id: ID!) { deleteQuestion(id: $id) }", { id: q.id });
              expect(result.errors).toBeUndefined();
              edits.push({ questionId: q.id, prompt: null, sentAt });
              break;
            }
            case "import": {
              const sectionId = sections[step.section % sections.length];
              const result = await t.gql(
                "mutation($s: ID!, $q: [QuestionInput!]!) { importQuestions(sectionId: $s, questions: $q) { id prompt } }",
                {
                  s: sectionId,
                  q: Array.from({ length: step.count }, (_, j) => input(sectionId, `${marker}.${j}`)),
                },
              );
              expect(result.errors).toBeUndefined();
              for (const q of result.data!.importQuestions) {
                created.add(q.id);
                edits.push({ questionId: q.id, prompt: q.prompt, sentAt });
              }
              break;
            }
            case "refusedImport": {
              // Valid questions, but the section is gone: refused inside the import's transaction.
              const result = await t.gql(
                "mutation($s: ID!, $q: [QuestionInput!]!) { importQuestions(sectionId: $s, questions: $q) { id } }",
                { s: "no-such-section", q: [input("no-such-section", `${marker} refused`)] },
              );
              expect(result.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
              break;
            }
            case "rolledBack": {
              // A writer behind the API whose transaction rolls back: its journal rows go with it.
              const q = questions[step.pick % questions.length];
              const db = await openBankDatabase(bankLocation(t.server.database));
              try {
                await db
                  .transaction(async (m) => {
                    await m.query("UPDATE question SET prompt = ?, version = version + 1 WHERE id = ?", [
                      `${marker} rolled back`,
                      q.id,
                    ]);
                    await m.query("DELETE FROM question WHERE id = ?", [
                      existing[(step.pick + 1) % existing.length].id,
                    ]);
                    throw new Error("rolled back on purpose");
                  })
                  .catch((error: Error) => {
                    if (error.message !== "rolled back on purpose") throw error;
                  });
              } finally {
                await db.close();
              }
              rolledBack.push(`${marker} rolled back`);
              break;
            }
          }
          await sleep(step.gap);
        }
        await settled();

        // The newest snapshot equals the live bank.
        const automatic = [...arrivals].filter(([, at]) => at >= start).sort((a, b) => a[1] - b[1]);
        if (edits.length === 0) return;
        expect(automatic.length).toBeGreaterThan(0);
        const contents = new Map<string, any[]>();
        for (const [id] of automatic) contents.set(id, await snapshotQuestions(id));
        const newest = contents.get(automatic.at(-1)![0])!;
        const live = await liveBank();
        expect(byId(newest)).toEqual(byId(live.questions));
        for (const prompt of rolledBack) expect(newest.some((q) => q.prompt === prompt)).toBe(false);

        // Each committed edit is in a snapshot that arrived within the maximum delay: the first
        // snapshot holding that edit's result or a later edit of the same question.
        const later = (edit: Edit) =>
          edits.filter((e) => e.questionId === edit.questionId && e.sentAt >= edit.sentAt);
        for (const edit of edits) {
          const results = later(edit).map((e) => e.prompt);
          const first = automatic.find(([id]) => {
            const q = contents.get(id)!.find((x) => x.id === edit.questionId);
            return results.includes(q ? q.prompt : null);
          });
          expect(first, `edit of ${edit.questionId} to ${edit.prompt} is in no snapshot`).toBeDefined();
          expect(first![1] - edit.sentAt).toBeLessThanOrEqual(MAX_DELAY_MS);
        }
      }),
      { numRuns: 2 },
    );
  });
});
