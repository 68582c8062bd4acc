/** Printing changes (a diff, a restore plan): one line per record, and with `fields` one per field. */
import type { ChangeKind, PlanItem } from "@qvault/core";
import type { Output } from "../output/output.js";
import { excerpt, shown } from "../output/text.js";

const MARK: Record<ChangeKind, string> = { ADDED: "+", CHANGED: "M", DELETED: "-", UNCHANGED: " " };

/** Prints each item as a `change` result. */
export function printChanges(output: Output, items: readonly PlanItem[], options: { fields: boolean }): void {
  for (const item of items) {
    const { kind, entity, id, sectionId, title } = item;
    const lines = [`${MARK[kind]}  ${entity.padEnd(8)} ${id}  ${excerpt(title, 70)}`];
    // Added and deleted records are whole; their fields say nothing a person needs here.
    if (options.fields && kind === "CHANGED")
      for (const field of item.fields)
        lines.push(`     ${field.path}: ${shown(field.before)} -> ${shown(field.after)}`);
    output.item(
      "change",
      { kind, entity, id, sectionId, title, ...(options.fields ? { fields: item.fields } : {}) },
      lines.join("\n"),
    );
  }
}

/** "3 added, 1 changed, 0 deleted, 236 unchanged". */
export function countsText(counts: Record<ChangeKind, number>): string {
  return `${counts.ADDED} added, ${counts.CHANGED} changed, ${counts.DELETED} deleted, ${counts.UNCHANGED} unchanged`;
}

/** The counts as a summary's fields. */
export function countsData(counts: Record<ChangeKind, number>) {
  return {
    added: counts.ADDED,
    changed: counts.CHANGED,
    deleted: counts.DELETED,
    unchanged: counts.UNCHANGED,
  };
}

const KIND_ORDER: Record<ChangeKind, number> = { ADDED: 0, CHANGED: 1, DELETED: 2, UNCHANGED: 3 };

/** `items` with sections before questions, each group added, changed, deleted, else in its order. */
export function sectionsFirst(items: PlanItem[]): PlanItem[] {
  return items.sort(
    (a, b) =>
      (a.entity === b.entity ? 0 : a.entity === "Section" ? -1 : 1) ||
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
  );
}
