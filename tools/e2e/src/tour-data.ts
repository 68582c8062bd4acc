/**
 * Realistic data for a tour of every admin page, made through the API the way people and the
 * server make it: backups with long notes (as generated notes are: "before restoring 01a24c…",
 * then a long word that cannot wrap), many automatic backups (an edit, a quiet period, the next
 * edit), a restore plan with every kind of change (a question added, one changed, one deleted
 * since the base backup, and the rest unchanged), a finished restore with its safety backup, a
 * cleanup's dry run, a verification, and a backup that failed for the system's own reason (its
 * pack could not be written: STORAGE_ERROR), which degrades the health until acknowledged.
 *
 * The product must run with automatic backups on (as shipped); the bank must be the demo bank.
 */
import { rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ServerClient } from "@qvault/test-server";
import { backUpThroughApi, waitForJob } from "./admin.js";
import { type BankQuestion, listQuestions, setPrompt } from "./bank.js";
import type { Product } from "./product.js";

/** What {@link makeTourData} made, for the pages that show it. */
export interface TourData {
  /** The backup the restore plan starts from: its plan has every kind of change. */
  baseBackupId: string;
  /** A backup whose note is long, with a word too long to wrap. */
  longNoteBackupId: string;
  /** A finished restore (its live page is /restores/:id). */
  restoreJobId: string;
  /** A question with several versions in the backups. */
  questionId: string;
  /** The backup job that failed (STORAGE_ERROR), not acknowledged. */
  failedJobId: string;
}

/** A note as the server writes them for safety backups, and longer. */
export const LONG_NOTE =
  "before restoring 01a24c50ee23e17d98c7a4f2b9d81e6c55aa0d13 — the whole bank as it stood on the morning of the audit, " +
  "kept until the new term's questions are reviewed by every section's editor: " +
  "see ticket https://example.invalid/qvault/issues/1234567890/comments/abcdefabcdefabcdefabcdef";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ok<T>(result: Promise<{ data?: T | null; errors?: unknown[] }>, what: string): Promise<T> {
  const answer = await result;
  if (answer.errors || !answer.data) throw new Error(`${what} failed: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

/** Waits until `count` more backups than `before` exist (automatic backups land on their own). */
async function backupsReach(client: ServerClient, count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const data = await ok(
      client.gql<{ backups: { totalCount: number } }>("{ backups { totalCount } }"),
      "backups",
    );
    if (data.backups.totalCount >= count) return;
    if (Date.now() > deadline) throw new Error(`only ${data.backups.totalCount} of ${count} backups came`);
    await sleep(150);
  }
}

async function backupCount(client: ServerClient): Promise<number> {
  const data = await ok(
    client.gql<{ backups: { totalCount: number } }>("{ backups { totalCount } }"),
    "backups",
  );
  return data.backups.totalCount;
}

/** Makes the tour's data (see the module's header); takes some seconds. */
export async function makeTourData(
  product: Product,
  options: { automaticBackups?: number } = {},
): Promise<TourData> {
  const automatic = options.automaticBackups ?? 6;
  await ok(
    product.gql(
      "mutation { updateBackupSettings(input: { autoBackupDebounceMs: 200, autoBackupMaxDelayMs: 2000 }) { autoBackupEnabled } }",
    ),
    "updateBackupSettings",
  );
  const [question, changed, deleted] = await listQuestions(product, { first: 3 });
  if (!question || !changed || !deleted) throw new Error("the bank has fewer than 3 questions");

  // Many automatic backups of one question's versions: an edit, then the backup it starts.
  for (let index = 1; index <= automatic; index += 1) {
    const before = await backupCount(product);
    await setPrompt(product, question, `${question.prompt} (revision ${index})`);
    await backupsReach(product, before + 1);
  }

  const longNoteBackupId = await backUpThroughApi(product, LONG_NOTE);
  await ok(
    product.gql("mutation ($id: ID!) { pinBackup(id: $id, pinned: true) { id } }", { id: longNoteBackupId }),
    "pinBackup",
  );
  const baseBackupId = await backUpThroughApi(product, "Base for the tour's restore plan");
  // Automatic backups off from here: the plan's changes must stay out of any backup.
  await ok(
    product.gql(
      "mutation { updateBackupSettings(input: { autoBackupEnabled: false }) { autoBackupEnabled } }",
    ),
    "updateBackupSettings",
  );
  await sleep(500);

  // Every kind of change against the base backup.
  await setPrompt(product, changed, `${changed.prompt} — reworded after the base backup`);
  await ok(
    product.gql("mutation ($id: ID!) { deleteQuestion(id: $id) }", { id: deleted.id }),
    "deleteQuestion",
  );
  await ok(
    product.gql("mutation ($input: QuestionInput!) { createQuestion(input: $input) { id } }", {
      input: {
        sectionId: changed.section.id,
        type: "SINGLE_CHOICE",
        prompt: "Which word completes the sentence: “She ___ to school every day”?",
        answers: [
          { text: "goes", isCorrect: true },
          { text: "go", isCorrect: false },
          { text: "going", isCorrect: false },
        ],
      },
    }),
    "createQuestion",
  );

  // A finished restore (of one question, from the newest automatic backup) and its safety backup.
  const restoreJobId = await restoreOne(product, question, baseBackupId);

  const prune = await ok(
    product.gql<{ pruneBackups: { id: string } }>("mutation { pruneBackups(dryRun: true) { id } }"),
    "pruneBackups",
  );
  await waitForJob(product, prune.pruneBackups.id);
  const verify = await ok(
    product.gql<{ verifyRepository: { id: string } }>("mutation { verifyRepository { id } }"),
    "verifyRepository",
  );
  await waitForJob(product, verify.verifyRepository.id);
  const failedJobId = await failingBackup(product, changed);
  return { baseBackupId, longNoteBackupId, restoreJobId, questionId: question.id, failedJobId };
}

/**
 * A backup that fails for the system's own reason: the repository's data folder is replaced by a
 * file for as long as the backup runs, so its new pack cannot be written (STORAGE_ERROR). The
 * folder is put back before this returns. The question edited first is `changed` again, so the
 * restore plan's kinds stay as they were.
 */
async function failingBackup(product: Product, changed: BankQuestion): Promise<string> {
  await setPrompt(product, changed, `${changed.prompt} — reworded after the base backup, twice`);
  const data = join(product.dataDir, "repository", "data");
  await rename(data, `${data}.moved`);
  await writeFile(data, "not a folder");
  try {
    const started = await ok(
      product.gql<{ startBackup: { id: string } }>("mutation { startBackup(input: { scope: FULL }) { id } }"),
      "startBackup",
    );
    const job = await waitForJob(product, started.startBackup.id);
    if (job.status !== "FAILED") throw new Error(`the failing backup ended ${job.status}`);
    return started.startBackup.id;
  } finally {
    await rm(data);
    await rename(`${data}.moved`, data);
  }
}

async function restoreOne(product: Product, question: BankQuestion, backupId: string): Promise<string> {
  const started = await ok(
    product.gql<{ startRestore: { id: string } }>(
      "mutation ($input: RestoreInput!) { startRestore(input: $input) { id } }",
      { input: { backupId, scope: "QUESTIONS", questionIds: [question.id], mode: "REPLACE" } },
    ),
    "startRestore",
  );
  const job = await waitForJob(product, started.startRestore.id);
  if (job.status !== "SUCCEEDED") throw new Error(`the tour's restore ended ${job.status}`);
  return started.startRestore.id;
}
