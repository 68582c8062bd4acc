/** What every argument of the API must satisfy, whatever field takes it. */
import { badInput } from "@qvault/core";
import type { MiddlewareFn } from "type-graphql";

/** The path of the first string in `value` holding U+0000, or null. */
function nulAt(value: unknown, path: string[]): string[] | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, [...path, String(i)]);
      if (found) return found;
    }
  } else if (value && typeof value === "object")
    for (const [key, item] of Object.entries(value)) {
      const found = nulAt(item, [...path, key]);
      if (found) return found;
    }
  return null;
}

/**
 * Refuses text holding the NUL character (U+0000) in any argument, as BAD_USER_INPUT naming it
 * (an input object's field by its path inside the object): no text of the bank or of its jobs
 * holds one, and PostgreSQL cannot store one, so on every database such a value is refused
 * rather than looked up or written.
 */
export const refuseNul: MiddlewareFn = ({ args }, next) => {
  checkText(args);
  return next();
};

/** {@link refuseNul} for arguments no middleware sees (a subscription's, when it subscribes). */
export function checkText(args: Record<string, unknown> | undefined): void {
  for (const [name, value] of Object.entries(args ?? {})) {
    const path = nulAt(value, value && typeof value === "object" && !Array.isArray(value) ? [] : [name]);
    if (path) {
      const field = path.join(".") || name;
      throw badInput(field, `${field}: must not contain the NUL character (U+0000)`);
    }
  }
}
