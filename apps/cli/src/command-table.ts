/**
 * Every command of `qvault`, in the order the help lists them. A new command is one file in
 * commands/ exporting its spec, and one line here.
 */
import type { CommandSpec } from "./command.js";
import { backup } from "./commands/backup.js";
import { check } from "./commands/check.js";
import { completion } from "./commands/completion.js";
import { copy } from "./commands/copy.js";
import { diff } from "./commands/diff.js";
import { exportCommand } from "./commands/export.js";
import { forget } from "./commands/forget.js";
import { importCommand } from "./commands/import.js";
import { init } from "./commands/init.js";
import { ls } from "./commands/ls.js";
import { prune } from "./commands/prune.js";
import { restoreCommand } from "./commands/restore.js";
import { snapshots } from "./commands/snapshots.js";
import { stats } from "./commands/stats.js";
import { unlock } from "./commands/unlock.js";

// biome-ignore lint/suspicious/noExplicitAny: each spec has its own options type; the table holds them all.
export const COMMANDS: CommandSpec<any>[] = [
  init,
  backup,
  snapshots,
  ls,
  diff,
  restoreCommand,
  check,
  copy,
  stats,
  forget,
  prune,
  unlock,
  exportCommand,
  importCommand,
  completion,
];
