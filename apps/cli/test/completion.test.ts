/**
 * `qvault completion`: the scripts name every command of the table and complete in the shells
 * themselves: bash always (its completion function is run with the words typed), fish and zsh
 * when installed (fish's `complete -C`; zsh's syntax check).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../src/command-table.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";

const NAMES = COMMANDS.map((c) => c.name);
const dir = mkdtempSync(join(tmpdir(), "qvault-completion-"));
const has = (shell: string) => spawnSync(shell, ["-c", "true"]).status === 0;

/** The words bash's completion function offers for a line, typed up to its last word. */
function bashComplete(words: string[]): string[] {
  const script = `
    source ${join(dir, "qvault.bash")}
    COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
    _qvault 2>/dev/null; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync("bash", ["-c", script], { cwd: dir, encoding: "utf8" }).split("\n").filter(Boolean);
}

beforeAll(async () => {
  assertBuilt();
  for (const shell of ["bash", "zsh", "fish"]) {
    const printed = await runCli(["completion", shell]);
    expect(printed.code).toBe(0);
    writeFileSync(join(dir, `qvault.${shell}`), printed.stdout);
  }
  writeFileSync(join(dir, "bank.qvar"), "");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("qvault completion", () => {
  it("prints a bash script naming every command, which completes commands, flags, values and files", async () => {
    const script = (await runCli(["completion", "bash"])).stdout;
    for (const name of NAMES) expect(script).toContain(name);
    expect(bashComplete(["qvault", ""]).sort()).toEqual([...NAMES, "help"].sort());
    expect(bashComplete(["qvault", "un"])).toEqual(["unlock"]);
    expect(bashComplete(["qvault", "restore", "--mo"])).toEqual(["--mode"]);
    expect(bashComplete(["qvault", "restore", "--mode", ""])).toEqual(["replace", "merge"]);
    expect(bashComplete(["qvault", "--repo", "/tmp", "restore", "--as"])).toEqual(["--as-of"]);
    expect(bashComplete(["qvault", "unlock", "--"])).toContain("--remove-all");
    expect(bashComplete(["qvault", "ls", ""])).toContain("latest");
    expect(bashComplete(["qvault", "import", "ba"])).toEqual(["bank.qvar"]);
    expect(bashComplete(["qvault", "completion", ""])).toEqual(["bash", "zsh", "fish"]);
  });

  it("prints zsh and fish scripts naming every command", async () => {
    for (const shell of ["zsh", "fish"]) {
      const script = (await runCli(["completion", shell])).stdout;
      for (const name of NAMES) expect(script).toMatch(new RegExp(`\\b${name}\\b`));
    }
    expect((await runCli(["completion", "powershell"])).code).toBe(2);
  });

  it.skipIf(!has("zsh"))("the zsh script is valid zsh", () => {
    expect(spawnSync("zsh", ["-n", join(dir, "qvault.zsh")]).status).toBe(0);
  });

  it.skipIf(!has("fish"))("the fish script completes in fish", () => {
    const complete = (line: string) =>
      execFileSync("fish", ["-c", `source ${join(dir, "qvault.fish")}; complete -C '${line}'`], {
        cwd: dir,
        encoding: "utf8",
      })
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split("\t")[0]);
    expect(complete("qvault ").sort()).toEqual([...NAMES, "help"].sort());
    expect(complete("qvault restore --mode ").sort()).toEqual(["merge", "replace"]);
    expect(complete("qvault import ba")).toEqual(["bank.qvar"]);
  });
});
