/**
 * Secrets never need to be in argv: an encrypted repository opened with --passphrase-command (its
 * output's first line), --passphrase-file or QVAULT_PASSPHRASE, and asked for without echo when
 * stdin is a terminal (a real pseudo-terminal through `script`, when the machine has it).
 */
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededDataDir, type TestData } from "./helpers/bank.js";
import { assertBuilt, CLI, cleanEnv, runCli } from "./helpers/run-cli.js";

const PASSPHRASE = "correct horse battery staple";
let data: TestData;
const qvault = (args: string[], env: Record<string, string> = {}) =>
  runCli(["--data-dir", data.dir, ...args], { env });
const hasScript = spawnSync("script", ["--version"]).status === 0;

/** Runs `qvault …args` on a pseudo-terminal, typing each of `answers` when asked; returns what it showed and its code. */
function onTerminal(args: string[], answers: string[]): Promise<{ screen: string; code: number }> {
  const command = [process.execPath, CLI, "--data-dir", data.dir, ...args]
    .map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`)
    .join(" ");
  const child = spawn("script", ["-qec", `${command}; echo "exit=$?"`, "/dev/null"], {
    env: cleanEnv(),
    stdio: ["pipe", "pipe", "pipe"],
  });
  let screen = "";
  let typed = 0;
  child.stdout.on("data", (chunk: Buffer) => {
    screen += chunk.toString();
    // Answer each prompt once it is on the screen.
    const prompts = screen.split(/passphrase[^:\n]*: /i).length - 1;
    while (typed < Math.min(prompts, answers.length)) child.stdin.write(`${answers[typed++]}\r`);
  });
  return new Promise((resolve) =>
    child.on("close", () => resolve({ screen, code: Number(/exit=(\d+)/.exec(screen)?.[1] ?? -1) })),
  );
}

beforeAll(async () => {
  assertBuilt();
  data = seededDataDir(12);
  const init = await qvault(["init", "--json"], { QVAULT_PASSPHRASE: PASSPHRASE });
  expect(init.summary).toMatchObject({ encrypted: true });
});
afterAll(() => data?.remove());

describe("the passphrase", () => {
  it("--passphrase-command opens an encrypted repository with the first line its command prints", async () => {
    const command = `printf '%s\\n%s\\n' '${PASSPHRASE}' 'not this line'`;
    const backup = await qvault(["backup", "--passphrase-command", command, "--json"]);
    expect(backup.code).toBe(0);
    expect((await qvault(["snapshots", "--passphrase-command", command, "--json"])).summary!.count).toBe(1);

    const failing = await qvault(["snapshots", "--passphrase-command", "exit 3", "--json"]);
    expect(failing.code).toBe(2);
    expect(failing.error!.message).toMatch(/--passphrase-command ended with exit code 3/);
    const wrong = await qvault(["snapshots", "--passphrase-command", "echo 'not the passphrase'", "--json"]);
    expect(wrong.code).toBe(12);
  });

  it("comes from --passphrase-file or QVAULT_PASSPHRASE too; two flags at once are refused", async () => {
    const file = join(data.dir, "passphrase");
    writeFileSync(file, `${PASSPHRASE}\n`);
    expect((await qvault(["snapshots", "--passphrase-file", file, "--json"])).code).toBe(0);
    expect((await qvault(["snapshots", "--json"], { QVAULT_PASSPHRASE: PASSPHRASE })).code).toBe(0);
    const both = await qvault([
      "snapshots",
      "--passphrase-file",
      file,
      "--passphrase-command",
      "true",
      "--json",
    ]);
    expect(both.code).toBe(2);
    // Without any, and with no terminal to ask on: the passphrase is missing.
    const none = await qvault(["snapshots", "--json"]);
    expect(none.code).toBe(12);
    expect(none.error).toMatchObject({ code: "WRONG_PASSPHRASE" });
  });

  it.skipIf(!hasScript)("is asked for without echo when stdin is a terminal", async () => {
    const { screen, code } = await onTerminal(["snapshots"], [PASSPHRASE]);
    expect(code).toBe(0);
    expect(screen).toMatch(/Passphrase of the repository at .*: /);
    expect(screen).not.toContain(PASSPHRASE);
    expect(screen).toMatch(/1 snapshot\b/);
  });
});
