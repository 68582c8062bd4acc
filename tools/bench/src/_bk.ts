import { createLocalStorage, nodeCodec, Repository, backup } from "@qvault/core";
import { openBankDatabase, withBankSource } from "@qvault/question-bank";
import { bankDigests } from "../../../packages/core/src/records/bank-digests.js";
const [database, repositoryDir] = process.argv.slice(2);
let t = performance.now();
const lap = (what: string) => { const n = performance.now(); console.log(what.padEnd(24), (n - t).toFixed(0), "heap", (process.memoryUsage().heapUsed / 1e6).toFixed(0), "rss", (process.memoryUsage().rss / 1e6).toFixed(0)); t = n; };
const db = await openBankDatabase({ file: database! });
lap("open db");
const repository = await Repository.openOrInit({ storage: createLocalStorage(repositoryDir!), codec: nodeCodec });
lap("open repo");
const snaps = await repository.listSnapshots();
lap("list snapshots " + snaps.length);
const idx = await (repository as any).indexFiles?.load?.();
lap("index");
if (process.env.MODE === "parts") {
  await withBankSource(db, async (source) => {
    let n = 0;
    for await (const c of bankDigests(source, nodeCodec, {}, 1000, { needsBytes: () => true, keep: false })) n += c.length;
    lap("digests " + n);
    const last = snaps.at(-1)!;
    for (const s of last.sections) await repository.readListing(s.listing);
    lap("listings");
  });
} else {
  await withBankSource(db, (source) => backup(repository, source, { scope: "FULL" }));
  lap("backup");
}
await db.close();
