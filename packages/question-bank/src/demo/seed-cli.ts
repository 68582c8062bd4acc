/**
 * Seeds a bank with demo data: `pnpm seed --database data/big.sqlite --questions 100000` from the
 * checkout's root (or `node dist/demo/seed-cli.js …`); `--database` also takes a postgres:// URL,
 * and the listening questions' clips go to `--media-dir` (default: `media` beside a SQLite file,
 * else data/media).
 * Does nothing to a bank that already holds sections. Paths are relative to the folder the
 * command was typed in.
 */
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { bankLocation, openBankDatabase } from "../data-source.js";
import { seedDemoBank } from "./demo-bank.js";

// Run by a package script, paths mean the folder the command was typed in, and the `--` that
// separates a script's own arguments (which pnpm passes on) is not an argument.
if (process.env.npm_lifecycle_event && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
const args = process.argv.slice(2);
const { values } = parseArgs({
  args: args[0] === "--" ? args.slice(1) : args,
  options: {
    database: { type: "string", default: "data/qvault.sqlite" },
    "media-dir": { type: "string" },
    questions: { type: "string", default: "240" },
    seed: { type: "string", default: "1" },
  },
});
const questions = Number(values.questions);
const seed = Number(values.seed);
if (!Number.isInteger(questions) || questions < 0) throw new Error("--questions takes a whole number");
if (!Number.isInteger(seed)) throw new Error("--seed takes a whole number");
// The media folder sits beside a SQLite bank, as the server keeps it (<data dir>/media).
const location = bankLocation(values.database);
const mediaDir =
  values["media-dir"] ?? ("file" in location ? join(dirname(location.file), "media") : "data/media");
const db = await openBankDatabase({ ...location, mediaDir });
const started = performance.now();
const seeded = await seedDemoBank(db, { questions, seed });
await db.close();
console.log(
  seeded
    ? `seeded ${questions} questions into ${db.location} in ${Math.round(performance.now() - started)} ms`
    : `${db.location} already holds a bank; nothing written`,
);
