/**
 * `qvault completion bash|zsh|fish`: prints a completion script for the shell, made from the
 * program's own commands and options (src/completion/), so it completes every command and flag
 * of this version with nothing written twice.
 */
import { Argument } from "commander";
import { defineCommand } from "../command.js";
import { bashScript } from "../completion/bash.js";
import { completionTree } from "../completion/completion-tree.js";
import { fishScript } from "../completion/fish.js";
import { zshScript } from "../completion/zsh.js";

const SHELLS = { bash: bashScript, zsh: zshScript, fish: fishScript } as const;

export const completion = defineCommand({
  name: "completion",
  summary: "print a shell completion script for bash, zsh or fish",
  description:
    "The script completes commands, options, option values with fixed choices (--mode, --trigger), files and " +
    "folders where a flag or argument takes one, and `latest` where a snapshot is named. Load it in your " +
    "shell's startup file, as the examples show; print it again after upgrading qvault.",
  options(command) {
    command.addArgument(new Argument("<shell>", "the shell").choices(Object.keys(SHELLS)));
  },
  examples: [
    "source <(qvault completion bash)        # in ~/.bashrc",
    "source <(qvault completion zsh)         # in ~/.zshrc, after compinit",
    "qvault completion fish > ~/.config/fish/completions/qvault.fish",
  ],
  async run({ program, output }, [shell]) {
    const script = SHELLS[shell as keyof typeof SHELLS](completionTree(program));
    output.yieldStdout();
    process.stdout.write(script);
    return undefined;
  },
});
