/**
 * Counts in text for people: the one place every message of qvault (the engine's errors, the
 * vault's job messages, the command line) puts a noun in the form its count needs, from the
 * language's plural rules (`Intl.PluralRules`, English), so no text says "1 backups" or
 * "backup(s)".
 */

const rules = new Intl.PluralRules("en");

/**
 * A count with its noun in the form for that count: "1 backup", "0 backups", "2 backups".
 * `many` is the plural when it is not `one` + "s" ("1 index file", "3 index files" need none;
 * "1 safety copy", "3 safety copies" do).
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${rules.select(count) === "one" ? one : many}`;
}
