/**
 * Asking before something that cannot be taken back without an undo (a full REPLACE restore).
 * Only on a terminal: without one, the caller must have said --yes.
 */
import { createInterface } from "node:readline/promises";
import { CliError } from "./exit-codes.js";
import type { Output } from "./output.js";

/**
 * Resolves when the user agrees (or `yes` was given). `what` says what is at stake; it is only
 * worked out when there is someone to ask.
 * @throws CliError NOT_CONFIRMED when declined, or when there is no terminal to ask on.
 */
export async function confirm(
  output: Output,
  options: { yes: boolean; risk: string; what: () => Promise<string> },
): Promise<void> {
  if (options.yes) return;
  if (output.mode === "json" || !process.stdin.isTTY || !process.stderr.isTTY)
    throw new CliError("NOT_CONFIRMED", `${options.risk} Not on a terminal: pass --yes to go ahead.`);
  const question = `${options.risk} ${await options.what()}`;
  output.endProgress();
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  const interrupt = new AbortController();
  prompt.on("SIGINT", () => interrupt.abort());
  try {
    const answer = await prompt
      .question(`${question} Type "yes" to go ahead: `, { signal: interrupt.signal })
      .catch(() => "");
    if (answer.trim().toLowerCase() !== "yes")
      throw new CliError("NOT_CONFIRMED", "Not confirmed; nothing was done.");
  } finally {
    prompt.close();
  }
}
