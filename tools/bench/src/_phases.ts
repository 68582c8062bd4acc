import { createLocalStorage, nodeCodec, Repository, restore, planRestore } from "@qvault/core";
import { createBankTarget, openBankDatabase, withBankSource } from "@qvault/question-bank";
const [database, repositoryDir, arg] = process.argv.slice(2);
const db = await openBankDatabase({ file: database! });
if (process.env.CACHE) await db.transaction((m) => m.query(`PRAGMA cache_size = -${process.env.CACHE}`));
const repository = await Repository.openOrInit({ storage: createLocalStorage(repositoryDir!), codec: nodeCodec });
const t0 = performance.now(); let last = t0; let phase = "";
const progress = (p: { phase: string }) => { if (p.phase !== phase) { const now = performance.now(); if (phase) { const m = process.memoryUsage(); console.log(phase.padEnd(16), (now - last).toFixed(0), "rss", (m.rss/1e6).toFixed(0), "heap", (m.heapUsed/1e6).toFixed(0), "ext", (m.external/1e6).toFixed(0), "ab", (m.arrayBuffers/1e6).toFixed(0)); } phase = p.phase; last = now; } };
const request = JSON.parse(arg!);
if (process.env.PLAN) { await withBankSource(db, (s) => planRestore(repository, s, request)); }
else await restore(repository, createBankTarget(db), request, { progress });
console.log("total", (performance.now() - t0).toFixed(0), "rss", (process.resourceUsage().maxRSS / 1024).toFixed(0));
await db.close();
