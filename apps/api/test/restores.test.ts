import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collect,
  editPrompt,
  firstQuestions,
  startTestServer,
  type TestServer,
  waitForJob,
} from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ QVAULT_SEED_QUESTIONS: "200" });
});
afterAll(() => t.stop());

async function backupNow(): Promise<string> {
  const started = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
  return (await waitForJob(t, started.data!.startBackup.id)).backup.id;
}

async function content() {
  const pages: unknown[] = [];
  let after: string | null = null;
  for (;;) {
    const { data } = await t.gql<any>(
      "query($after: String) { sections { id name description position } questions(first: 100, after: $after) { edges { node { id prompt explanation tags position section { id } answers { text isCorrect position } } } pageInfo { hasNextPage endCursor } } }",
      { after },
    );
    pages.push(data.sections, data.questions.edges);
    if (!data.questions.pageInfo.hasNextPage) return JSON.stringify(pages);
    after = data.questions.pageInfo.endCursor;
  }
}

describe("restores over the API", () => {
  it("previews a known set of edits: counts and field diffs, writing nothing", async () => {
    const backupId = await backupNow();
    const [a, b] = await firstQuestions(t, 2);
    await editPrompt(t, a, "Changed for the plan");
    await t.gql("mutation($id: ID!) { deleteQuestion(id: $id) }", { id: b.id });
    const before = await content();
    const { data, errors } = await t.gql(
      `query($input: RestoreInput!) { restorePlan(input: $input) { scope mode added changed deleted unchanged backup { id }
         validation { ok errors { code } warnings { code } }
         items(kind: CHANGED) { totalCount edges { node { kind entity id title fields { path before after } } } } } }`,
      { input: { backupId, scope: "FULL", mode: "REPLACE" } },
    );
    expect(errors).toBeUndefined();
    const plan = data!.restorePlan;
    expect(plan).toMatchObject({
      scope: "FULL",
      mode: "REPLACE",
      added: 1,
      changed: 1,
      deleted: 0,
      backup: { id: backupId },
      validation: { ok: true, errors: [] },
    });
    expect(plan.items.edges[0].node).toMatchObject({
      kind: "CHANGED",
      entity: "Question",
      id: a.id,
      fields: [{ path: "prompt", before: "Changed for the plan", after: a.prompt }],
    });
    expect(await content()).toBe(before);
  });

  it("restores a section with live progress, keeps ids, and undoes it", async () => {
    const backupId = await backupNow();
    const [q] = await firstQuestions(t, 1);
    const original = await content();
    await editPrompt(t, q, "Edited, to be restored");
    const edited = await content();
    const started = await t.gql(
      "mutation($input: RestoreInput!) { startRestore(input: $input) { id kind status } }",
      {
        input: { backupId, scope: "SECTIONS", sectionIds: [q.section.id] },
      },
    );
    expect(started.errors).toBeUndefined();
    const jobId = started.data!.startRestore.id;
    const progress = collect(
      t.ws(),
      "subscription($id: ID!) { jobProgress(jobId: $id) { status phase done total safetyBackup { id trigger } backup { id } } }",
      { id: jobId },
    );
    const events = (await progress.done).map((e) => e.jobProgress);
    const final = events.at(-1);
    expect(final).toMatchObject({
      status: "SUCCEEDED",
      backup: { id: backupId },
      safetyBackup: { trigger: "PRE_RESTORE" },
    });
    expect(await content()).toBe(original);
    const restored = await t.gql("query($id: ID!) { question(id: $id) { id prompt } }", { id: q.id });
    expect(restored.data!.question).toEqual({ id: q.id, prompt: q.prompt });

    const undo = await t.gql("mutation($id: ID!) { undoRestore(jobId: $id) { id kind } }", { id: jobId });
    expect(undo.errors).toBeUndefined();
    const undone = await waitForJob(t, undo.data!.undoRestore.id);
    expect(undone.status).toBe("SUCCEEDED");
    expect(await content()).toBe(edited);
  });

  it("viewers and operators may preview but not restore or undo", async () => {
    const backupId = await backupNow();
    for (const role of ["VIEWER", "OPERATOR"] as const) {
      const key = await t.keyFor(role);
      const preview = await t.gql(
        "query($input: RestoreInput!) { restorePlan(input: $input) { added } }",
        { input: { backupId, scope: "FULL" } },
        key,
      );
      expect(preview.errors).toBeUndefined();
      const start = await t.gql(
        "mutation($input: RestoreInput!) { startRestore(input: $input) { id } }",
        { input: { backupId, scope: "FULL" } },
        key,
      );
      expect(start.errors![0]!.extensions!.code).toBe("FORBIDDEN");
      const undo = await t.gql('mutation { undoRestore(jobId: "x") { id } }', {}, key);
      expect(undo.errors![0]!.extensions!.code).toBe("FORBIDDEN");
    }
  });

  it("refuses a second restore while one is queued or running with CONFLICT", async () => {
    const backupId = await backupNow();
    const input = { backupId, scope: "FULL" };
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        t.gql("mutation($input: RestoreInput!) { startRestore(input: $input) { id } }", { input }),
      ),
    );
    const started = results.filter((r) => r.data?.startRestore);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === "CONFLICT");
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(started.length + conflicts.length).toBe(3);
    for (const r of started) await waitForJob(t, r.data!.startRestore.id);
    expect(conflicts.length).toBeGreaterThanOrEqual(1);
  });

  it("refuses bad requests: unknown backup NOT_FOUND, malformed BAD_USER_INPUT, undo of a non-restore CONFLICT", async () => {
    expect(
      (await t.gql('mutation { startRestore(input: { backupId: "nope", scope: FULL }) { id } }')).errors![0]!
        .extensions!.code,
    ).toBe("NOT_FOUND");
    const backupId = await backupNow();
    const bad = await t.gql(
      "mutation($id: ID!) { startRestore(input: { backupId: $id, scope: SECTIONS }) { id } }",
      { id: backupId },
    );
    expect(bad.errors![0]!.extensions!.code).toBe("BAD_USER_INPUT");
    const backupJob = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
    await waitForJob(t, backupJob.data!.startBackup.id);
    const undo = await t.gql("mutation($id: ID!) { undoRestore(jobId: $id) { id } }", {
      id: backupJob.data!.startBackup.id,
    });
    expect(undo.errors![0]!.extensions!.code).toBe("CONFLICT");
  });

  it("lists a question's distinct versions newest first, and restores one of them", async () => {
    const [q] = await firstQuestions(t, 1);
    await backupNow();
    await editPrompt(t, q, "Version two");
    await backupNow();
    await backupNow();
    await editPrompt(t, q, "Version three");
    await backupNow();
    const { data } = await t.gql(
      "query($id: ID!) { question(id: $id) { history(first: 10) { totalCount edges { node { digest backup { id } question { prompt } } } } } }",
      { id: q.id },
    );
    const prompts = data!.question.history.edges.map((e: any) => e.node.question.prompt);
    expect(prompts.slice(0, 2)).toEqual(["Version three", "Version two"]);
    expect(new Set(data!.question.history.edges.map((e: any) => e.node.digest)).size).toBe(prompts.length);
    const older = data!.question.history.edges[1].node;
    const job = await t.gql("mutation($input: RestoreInput!) { startRestore(input: $input) { id } }", {
      input: { backupId: older.backup.id, scope: "QUESTIONS", questionIds: [q.id] },
    });
    expect((await waitForJob(t, job.data!.startRestore.id)).status).toBe("SUCCEEDED");
    expect(
      (await t.gql("query($id: ID!) { question(id: $id) { prompt } }", { id: q.id })).data!.question.prompt,
    ).toBe("Version two");
  });
});

describe("restores in their own thread", () => {
  let big: TestServer;
  beforeAll(async () => {
    big = await startTestServer({ QVAULT_SEED_QUESTIONS: "4000" });
  }, 120_000);
  afterAll(() => big.stop());

  const prompts = async () =>
    (await big.gql("{ questions(first: 20) { edges { node { id prompt } } } }")).data!.questions.edges.map(
      (e: any) => e.node,
    );
  const running = (jobId: string) =>
    new Promise<void>((resolve, reject) => {
      const stop = big.ws().subscribe(
        {
          query: "subscription($id: ID!) { jobProgress(jobId: $id) { status phase } }",
          variables: { id: jobId },
        },
        {
          next: ({ data }: any) => {
            if (data.jobProgress.status === "RUNNING" && data.jobProgress.phase) {
              stop();
              resolve();
            }
          },
          error: reject,
          complete: () => reject(new Error(`job ${jobId} ended before it was seen running`)),
        },
      );
    });

  it("applies an edit sent while a restore writes after it, and cancels a running restore leaving the bank as it was", async () => {
    const started = await big.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
    const backupId = (await waitForJob(big, started.data!.startBackup.id)).backup.id;
    const [q, r] = (await firstQuestions(big, 2)) as any[];
    await editPrompt(big, q, "Edited before the restore");

    const restore = async () => {
      const { data, errors } = await big.gql(
        "mutation($input: RestoreInput!) { startRestore(input: $input) { id } }",
        { input: { backupId, scope: "FULL", mode: "REPLACE" } },
      );
      expect(errors).toBeUndefined();
      return data!.startRestore.id as string;
    };

    // An edit sent while the restore runs waits for it, then applies on top of it.
    const first = await restore();
    await running(first);
    await editPrompt(big, r, "Edited during the restore");
    expect((await waitForJob(big, first)).status).toBe("SUCCEEDED");
    const after = await prompts();
    expect(after.find((x: any) => x.id === q.id).prompt).toBe(q.prompt);
    expect(after.find((x: any) => x.id === r.id).prompt).toBe("Edited during the restore");

    // A restore cancelled while it runs changes nothing.
    const second = await restore();
    await running(second);
    const cancelled = await big.gql("mutation($id: ID!) { cancelJob(id: $id) { id } }", { id: second });
    expect(cancelled.errors).toBeUndefined();
    expect((await waitForJob(big, second)).status).toBe("CANCELLED");
    expect(await prompts()).toEqual(after);
    // The thread goes on serving restores after a cancel.
    const third = await restore();
    expect((await waitForJob(big, third)).status).toBe("SUCCEEDED");
    expect((await prompts()).find((x: any) => x.id === r.id).prompt).toBe(r.prompt);
  }, 120_000);
});
