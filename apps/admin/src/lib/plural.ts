/**
 * Counted nouns: "1 backup", "2 backups", "0 sections". The one place that picks a word's form by
 * its count, with `Intl.PluralRules` (English: "one" and "other"), so no text builds "(s)" or
 * `count === 1 ? … : …` again.
 */
import { formatCount } from "./format";

const rules = new Intl.PluralRules("en-US");

/** A noun's forms by plural category; `other` is used for any category not given. */
export interface NounForms {
  one: string;
  other: string;
}

/** The form of `noun` that goes with `count`: ("backup", 2) → "backups". */
export function pluralWord(count: number, noun: string | NounForms): string {
  const forms = typeof noun === "string" ? { one: noun, other: `${noun}s` } : noun;
  return rules.select(count) === "one" ? forms.one : forms.other;
}

/**
 * `count` formatted, then the noun in the form that goes with it: (1, "backup") → "1 backup",
 * (1234, "question") → "1,234 questions", (2, { one: "entry", other: "entries" }) → "2 entries".
 * A plain string takes an "s" in the plural.
 */
export function countOf(count: number, noun: string | NounForms): string {
  return `${formatCount(count)} ${pluralWord(count, noun)}`;
}
