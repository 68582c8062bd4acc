/**
 * Naming a section on the command line (`--section`): its id, its name, or a prefix only one id
 * has, tried in that order among the sections where the command looks (the live bank for a
 * backup, the snapshot for a restore or `ls`). Names are compared as given, then ignoring case.
 */
import { badInput } from "@qvault/core";

export interface NamedSection {
  id: string;
  name: string;
}

/**
 * The id `ref` names among `sections`, or `ref` itself when nothing matches (the caller's own
 * check then says the section does not exist).
 * @throws BAD_USER_INPUT (exit 2) when the name or prefix fits more than one section, listing them.
 */
export function resolveSection(ref: string, sections: readonly NamedSection[]): string {
  if (sections.some((s) => s.id === ref)) return ref;
  const tiers: [string, (s: NamedSection) => boolean][] = [
    ["the name of", (s) => s.name === ref],
    ["the name of", (s) => s.name.toLowerCase() === ref.toLowerCase()],
    ["the start of the id of", (s) => s.id.startsWith(ref)],
  ];
  for (const [what, fits] of tiers) {
    const matches = sections.filter(fits);
    if (matches.length === 1) return matches[0]!.id;
    if (matches.length > 1)
      throw badInput(
        "section",
        `--section ${ref} is ${what} ${matches.length} sections: ${matches
          .slice(0, 10)
          .map((s) => `${s.id} (${s.name})`)
          .join(", ")}; give its id`,
        { sections: matches.slice(0, 10) },
      );
  }
  return ref;
}

/** {@link resolveSection} for each of `refs`. */
export function resolveSections(refs: readonly string[], sections: readonly NamedSection[]): string[] {
  return refs.map((ref) => resolveSection(ref, sections));
}
