/** Printing what retention keeps and forgets, shared by `forget` and `prune`. */

import { plural } from "@qvault/vault/report-text";
import type { Output } from "../output/output.js";
import { formatTime } from "../output/time.js";

export interface Decided {
  id: string;
  time: string;
  trigger?: string;
  /** Why a kept snapshot is kept, e.g. ["last", "daily"]. */
  reasons?: string[];
}

/** One `keep` or `forget` result per snapshot, grouped for people under a heading. */
export function printDecisions(
  output: Output,
  keep: readonly Decided[] | null,
  forget: readonly Decided[],
  dryRun: boolean,
): void {
  const groups = [
    ["keep", keep ?? []],
    ["forget", forget],
  ] as const;
  for (const [action, list] of groups) {
    if (!list.length) continue;
    const verb = action === "keep" ? "keep" : dryRun ? "would forget" : "forget";
    output.say(`${verb} ${plural(list.length, "snapshot")}:`);
    for (const s of list)
      output.item(
        action,
        s,
        `  ${s.id}  ${formatTime(s.time)}  ${s.trigger ?? ""}${s.reasons?.length ? `  (${s.reasons.join(", ")})` : ""}`,
      );
  }
}
