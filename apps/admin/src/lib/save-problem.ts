/**
 * Why a form's Save failed, and how the server's BAD_USER_INPUT issues land on the form: each on
 * the field it names (the first message per field), the rest said beside the Save button or in
 * an alert. Each form words its messages and chooses what to do with the rest.
 */
import type { FieldIssue } from "./api-errors";

/** "fields" when the marked fields say everything; "other" when there is more to say. */
export interface SaveProblem {
  kind: "fields" | "other";
  message: string;
}

export interface SortedIssues {
  /** Form path → message, for `form.setErrors`. */
  fieldErrors: Record<string, string>;
  /** The issues no field of the form shows, in the server's order. */
  elsewhere: FieldIssue[];
}

/**
 * Sorts `issues` by the form field each names: `fieldOf` maps the server's field to the form's
 * path (null when the form has none), `message` words an issue for its field.
 */
export function sortIssues(
  issues: readonly FieldIssue[],
  fieldOf: (serverField: string) => string | null,
  message: (issue: FieldIssue) => string,
): SortedIssues {
  const fieldErrors: Record<string, string> = {};
  const elsewhere: FieldIssue[] = [];
  for (const issue of issues) {
    const field = fieldOf(issue.field);
    if (field) fieldErrors[field] ??= message(issue);
    else elsewhere.push(issue);
  }
  return { fieldErrors, elsewhere };
}
