/** A restore plan made by a server (`restorePlan`): counts, validation and every changed item. */
import type { PlanItem, RestoreRequest, ValidationIssue } from "@qvault/core";
import type { ServerClient } from "../target/server.js";
import { sectionsFirst } from "./render.js";

/** A server's restorePlan: counts, validation and (with `withItems`) every changed item. */
export async function serverPlan(server: ServerClient, input: RestoreRequest, withItems = true) {
  type Page = {
    edges: { node: PlanItem }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
  type Plan = {
    added: number;
    changed: number;
    deleted: number;
    unchanged: number;
    validation: { errors: ValidationIssue[]; warnings: ValidationIssue[] };
    items: Page;
  };
  const issue = "code message entity id";
  const items: PlanItem[] = [];
  let first: Plan | null = null;
  for (const kind of withItems ? (["ADDED", "CHANGED", "DELETED"] as const) : [null]) {
    let after: string | null = null;
    for (;;) {
      const { restorePlan }: { restorePlan: Plan } = await server.request(
        `query($input: RestoreInput!, $kind: ChangeKind, $after: String, $first: Int) { restorePlan(input: $input) {
          added changed deleted unchanged validation { errors { ${issue} } warnings { ${issue} } }
          items(kind: $kind, first: $first, after: $after) {
            edges { node { kind entity id sectionId title fields { path before after } } }
            pageInfo { hasNextPage endCursor } } } }`,
        { input, kind, after, first: withItems ? 100 : 1 },
      );
      first ??= restorePlan;
      if (!kind) break;
      items.push(...restorePlan.items.edges.map((edge) => edge.node));
      if (!restorePlan.items.pageInfo.hasNextPage) break;
      after = restorePlan.items.pageInfo.endCursor;
    }
  }
  const plan = first!;
  return {
    counts: { ADDED: plan.added, CHANGED: plan.changed, DELETED: plan.deleted, UNCHANGED: plan.unchanged },
    items: sectionsFirst(items),
    errors: plan.validation.errors,
    warnings: plan.validation.warnings,
  };
}
