/**
 * docs/benchmarks.md is written part by part: each part of `pnpm bench` replaces its own section
 * (between `<!-- bench:<part> -->` and `<!-- /bench:<part> -->`) and leaves the others as they
 * were, so that one part can be measured again (BENCH_PARTS) without losing the rest.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export const PARTS = [
  "backup",
  "million",
  "postgres",
  "s3",
  "media",
  "storm",
  "automatic",
  "archive",
  "browser",
  "load",
  "instances",
  "jobs",
  "soak",
] as const;
export type Part = (typeof PARTS)[number];

const open = (part: string) => `<!-- bench:${part} -->`;
const close = (part: string) => `<!-- /bench:${part} -->`;

function sectionOf(text: string, part: string): string | null {
  const start = text.indexOf(open(part));
  const end = text.indexOf(close(part));
  if (start < 0 || end < start) return null;
  return text.slice(start + open(part).length, end).trim();
}

/** Rewrites `file` with `header`, every part's section (new or kept) in PARTS order, and `footer`. */
export function updateBenchmarks(
  file: string,
  header: string,
  sections: Partial<Record<Part, string>>,
  footer: string,
): string {
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "";
  const body = PARTS.map((part) => {
    const text = sections[part] ?? sectionOf(previous, part);
    return text ? `${open(part)}\n${text.trim()}\n${close(part)}` : null;
  }).filter(Boolean);
  const text = `${header.trim()}\n\n${body.join("\n\n")}\n\n${footer.trim()}\n`;
  writeFileSync(file, text);
  return text;
}
