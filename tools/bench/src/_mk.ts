import { openBankDatabase } from "@qvault/question-bank";
const db = await openBankDatabase({ file: process.argv[2]! }); await db.close();
