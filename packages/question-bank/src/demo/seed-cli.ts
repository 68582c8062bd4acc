/**
 * Seeds a bank with demo data: `node dist/demo/seed-cli.js --database data/qvault.sqlite --questions 100000`.
 * Does nothing to a bank that already holds sections.
 */
import { parseArgs } from "node:util";
import { openBankDatabase } from "../data-source.js";
import { seedDemoBank } from "./demo-bank.js";

const { values } = parseArgs({
  options: {
    database: { type: "string", default: "data/qvault.sqlite" },
    questions: { type: "string", default: "240" },
    seed: { type: "string", default: "1" },
  },
});
const questions = Number(values.questions);
const seed = Number(values.seed);
if (!Number.isInteger(questions) || questions < 0) throw new Error("--questions takes a whole number");
if (!Number.isInteger(seed)) throw new Error("--seed takes a whole number");
const db = await openBankDatabase({ file: values.database });
const started = performance.now();
const seeded = await seedDemoBank(db, { questions, seed });
await db.close();
console.log(
  seeded
    ? `seeded ${questions} questions into ${values.database} in ${Math.round(performance.now() - started)} ms`
    : `${values.database} already holds a bank; nothing written`,
);
