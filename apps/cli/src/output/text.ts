/** Text for people: aligned tables, one-line excerpts and values in diffs. */

/** Pads each column to its widest cell; the last column is not padded. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** `text` on one line, cut to `max` characters with an ellipsis. */
export function excerpt(text: string | null | undefined, max = 60): string {
  const flat = (text ?? "").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** A field's value in a diff: strings quoted, absent as "(none)". */
export function shown(value: unknown): string {
  if (value === null || value === undefined) return "(none)";
  return excerpt(JSON.stringify(value), 100);
}
