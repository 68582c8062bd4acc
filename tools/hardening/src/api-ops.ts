/** The GraphQL operations the hardening suites drive the server with. */
import type { ServerProcess } from "@qvault/test-server";

/** A question with the fields `updateQuestion` needs. */
export interface EditableQuestion {
  id: string;
  type: string;
  prompt: string;
  explanation: string | null;
  difficulty: number | null;
  tags: string[];
  audioPath: string | null;
  position: number;
  section: { id: string };
  answers: { text: string; isCorrect: boolean; position: number }[];
}

export async function editableQuestions(server: ServerProcess, first = 100): Promise<EditableQuestion[]> {
  const { questions } = await server.data(
    `{ questions(first: ${first}) { edges { node { id type prompt explanation difficulty tags audioPath position section { id } answers { text isCorrect position } } } } }`,
  );
  return questions.edges.map((e: { node: EditableQuestion }) => e.node);
}

/** Gives a question a new prompt, keeping its other fields. Rejects on errors. */
export async function editPrompt(
  server: ServerProcess,
  question: EditableQuestion,
  prompt: string,
): Promise<void> {
  const { id, section, prompt: _old, ...rest } = question;
  await server.data(
    "mutation($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id } }",
    {
      id,
      input: { ...rest, sectionId: section.id, prompt },
    },
  );
}

export async function createQuestion(
  server: ServerProcess,
  sectionId: string,
  prompt: string,
): Promise<string> {
  const { createQuestion } = await server.data(
    'mutation($s: ID!, $p: String!) { createQuestion(input: { sectionId: $s, type: TRUE_FALSE, prompt: $p, answers: [{ text: "True", isCorrect: true }, { text: "False", isCorrect: false }] }) { id } }',
    { s: sectionId, p: prompt },
  );
  return createQuestion.id;
}

export async function deleteQuestion(server: ServerProcess, id: string): Promise<void> {
  await server.data("mutation($id: ID!) { deleteQuestion(id: $id) }", { id });
}

export async function startBackup(
  server: ServerProcess,
  input: Record<string, unknown> = { scope: "FULL" },
): Promise<string> {
  const { startBackup } = await server.data(
    "mutation($input: BackupInput!) { startBackup(input: $input) { id } }",
    {
      input,
    },
  );
  return startBackup.id;
}

export async function updateSettings(server: ServerProcess, input: Record<string, unknown>): Promise<void> {
  await server.data(
    "mutation($input: BackupSettingsInput!) { updateBackupSettings(input: $input) { schedule } }",
    {
      input,
    },
  );
}

/** Committed edits not in any backup yet, as systemHealth says. */
export async function pendingChanges(server: ServerProcess): Promise<number> {
  const { systemHealth } = await server.data("{ systemHealth { pendingChanges } }");
  return systemHealth.pendingChanges;
}

/** Jobs queued or running now. */
export async function unfinishedJobs(
  server: ServerProcess,
): Promise<{ id: string; kind: string; status: string }[]> {
  const out = [];
  for (const status of ["RUNNING", "QUEUED"]) {
    const { jobs } = await server.data(
      "query($s: JobStatus) { jobs(first: 100, status: $s) { edges { node { id kind status } } } }",
      {
        s: status,
      },
    );
    out.push(...jobs.edges.map((e: { node: { id: string; kind: string; status: string } }) => e.node));
  }
  return out;
}
