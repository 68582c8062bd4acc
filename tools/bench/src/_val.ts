import { createLocalStorage, nodeCodec, Repository, planRestore, validateRestore } from "@qvault/core";
import { createBankTarget, openBankDatabase, withBankSource } from "@qvault/question-bank";
const [database, repositoryDir, arg] = process.argv.slice(2);
const db = await openBankDatabase({ file: database! });
const repository = await Repository.openOrInit({ storage: createLocalStorage(repositoryDir!), codec: nodeCodec });
await withBankSource(db, async (s) => {
  const plan = await planRestore(repository, s, JSON.parse(arg!));
  const t = performance.now();
  const v = await validateRestore(repository, createBankTarget(db), plan);
  console.log("validate", (performance.now() - t).toFixed(0), v.ok);
});
await db.close();
