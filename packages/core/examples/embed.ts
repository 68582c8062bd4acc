/**
 * Embedding @qvault/core in your own Node service: back up your data, see what a restore would
 * change, restore it all-or-nothing, watch the progress, and undo the restore.
 * Run it: `pnpm --filter @qvault/core exec tsx examples/embed.ts` (the test suite runs it too).
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  backup,
  check,
  createLocalStorage,
  nodeCodec,
  type Progress,
  planRestore,
  plural,
  Repository,
  restore,
} from "@qvault/core";
import { jsonFileSource, jsonFileTarget, type Quiz, readQuiz } from "./json-file-bank.js";

const quiz: Quiz = {
  topics: [
    {
      slug: "capitals",
      title: "Capitals",
      order: 0,
      items: [
        {
          key: "cap-fr",
          order: 0,
          text: "Capital of France?",
          choices: [
            { key: "cap-fr-a", label: "Paris", correct: true },
            { key: "cap-fr-b", label: "Lyon", correct: false },
          ],
        },
        {
          key: "cap-jp",
          order: 1,
          text: "Capital of Japan?",
          hint: "Not Kyoto any more",
          choices: [
            { key: "cap-jp-a", label: "Tokyo", correct: true },
            { key: "cap-jp-b", label: "Kyoto", correct: false },
          ],
        },
      ],
    },
    {
      slug: "rivers",
      title: "Rivers",
      order: 1,
      items: [
        {
          key: "riv-long",
          order: 0,
          text: "Longest river?",
          choices: [
            { key: "riv-a", label: "Nile", correct: true },
            { key: "riv-b", label: "Amazon", correct: true },
          ],
        },
      ],
    },
  ],
};

export async function runExample(dir: string, log: (line: string) => void = console.log) {
  const file = join(dir, "quiz.json");
  await writeFile(file, JSON.stringify(quiz));
  const watch = (progress: Progress) =>
    log(`  ${progress.phase}: ${progress.done}${progress.total === null ? "" : `/${progress.total}`}`);

  // 1. A repository: a folder of immutable, checksummed files, here encrypted.
  const repository = await Repository.init({
    storage: createLocalStorage(join(dir, "repository")),
    codec: nodeCodec,
    passphrase: "correct horse battery staple",
  });

  // 2. Back up everything (or { scope: "SECTIONS", sectionIds } / { scope: "QUESTIONS", questionIds }).
  const snapshot = await backup(
    repository,
    await jsonFileSource(file),
    { scope: "FULL", note: "before the big edit" },
    { progress: watch },
  );
  log(`backed up ${snapshot.stats.questionCount} questions as ${snapshot.id}`);

  // 3. The app's data changes: a topic is dropped, a question rewritten.
  const edited = await readQuiz(file);
  edited.topics = edited.topics.filter((t) => t.slug !== "rivers");
  edited.topics[0]!.items[0]!.text = "Capital of France (edited)?";
  await writeFile(file, JSON.stringify(edited));

  // 4. Preview: what a restore of the whole snapshot would change. Writes nothing.
  const request = { backupId: snapshot.id, scope: "FULL", mode: "REPLACE" } as const;
  const plan = await planRestore(repository, await jsonFileSource(file), request);
  log(
    `a restore would add ${plan.counts.ADDED}, change ${plan.counts.CHANGED} and delete ${plan.counts.DELETED} sections or questions`,
  );

  // 5. Restore: validated first, a safety snapshot of the current state, then one transaction.
  const restored = await restore(repository, jsonFileTarget(file), request, { progress: watch });
  log(`restored ${restored.written} questions; safety snapshot ${restored.safetyBackupId}`);
  const afterRestore = await readQuiz(file);

  // 6. Undo: the restore's own undo request brings back what it replaced.
  await restore(repository, jsonFileTarget(file), restored.undo);
  const afterUndo = await readQuiz(file);

  // 7. Verify every byte of the repository.
  const report = await check(repository, { readData: true });
  log(`check: ${report.ok ? "no problems" : plural(report.problems.length, "problem")}`);
  return { plan, restored, afterRestore, afterUndo, edited, checkOk: report.ok };
}

if (import.meta.url === `file://${process.argv[1]}`)
  await runExample(await mkdtemp(join(tmpdir(), "qvault-example-")));
