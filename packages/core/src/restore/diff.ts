/**
 * Field-level differences between what the bank holds and what a restore would write, for the
 * plan's preview. Answers are compared by their order (position), the way an editor shows them.
 */
import { badInput } from "../errors/qvault-error.js";
import type { BankSource } from "../ports.js";
import type { QuestionRecord, SectionRecord } from "../records/record.js";
import type { Repository } from "../repository/repository.js";
import type { ChangeKind, RestorePlan } from "./plan.js";

export interface FieldChange {
  /** e.g. `prompt`, `tags`, `answers.2.text`, `answers.3` (an answer added or removed). */
  path: string;
  before: unknown;
  after: unknown;
}

export interface PlanItem {
  kind: ChangeKind;
  entity: "Section" | "Question";
  id: string;
  sectionId: string | null;
  title: string;
  fields: FieldChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function diffFields<T extends object>(
  before: T | null,
  after: T | null,
  keys: (keyof T)[],
  changes: FieldChange[],
): void {
  for (const key of keys) {
    const a = before ? before[key] : null;
    const b = after ? after[key] : null;
    if (!same(a, b)) changes.push({ path: String(key), before: a ?? null, after: b ?? null });
  }
}

export function diffSection(before: SectionRecord | null, after: SectionRecord | null): FieldChange[] {
  const changes: FieldChange[] = [];
  diffFields(before, after, ["name", "description", "position"], changes);
  return changes;
}

export function diffQuestion(before: QuestionRecord | null, after: QuestionRecord | null): FieldChange[] {
  const changes: FieldChange[] = [];
  diffFields(
    before,
    after,
    ["sectionId", "type", "prompt", "explanation", "difficulty", "tags", "audioPath", "position"],
    changes,
  );
  const a = [...(before?.answers ?? [])].sort((x, y) => x.position - y.position);
  const b = [...(after?.answers ?? [])].sort((x, y) => x.position - y.position);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (!x || !y) {
      changes.push({
        path: `answers.${i}`,
        before: x ? { text: x.text, isCorrect: x.isCorrect } : null,
        after: y ? { text: y.text, isCorrect: y.isCorrect } : null,
      });
      continue;
    }
    if (x.text !== y.text) changes.push({ path: `answers.${i}.text`, before: x.text, after: y.text });
    if (x.isCorrect !== y.isCorrect)
      changes.push({ path: `answers.${i}.isCorrect`, before: x.isCorrect, after: y.isCorrect });
  }
  return changes;
}

const title = (text: string) => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

export interface PlanItemsRequest {
  kind?: ChangeKind | null;
  first?: number | null;
  after?: string | null;
}

/** A page of a plan's items, sections first, with field diffs for what changes. Offsets are cursors. */
export async function planItems(
  repository: Repository,
  source: BankSource,
  plan: RestorePlan,
  request: PlanItemsRequest = {},
): Promise<{
  items: PlanItem[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
  cursors: string[];
}> {
  const first = request.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > 100)
    throw badInput("first", "first must be a whole number from 1 to 100");
  const start = request.after ? Number.parseInt(request.after, 36) + 1 : 0;
  if (request.after && (!/^[0-9a-z]{1,10}$/.test(request.after) || !Number.isFinite(start)))
    throw badInput("after", "after is not a cursor this list gave out");
  const all = [
    ...plan.sections.map((s) => ({ entity: "Section" as const, item: s })),
    ...plan.questions.map((q) => ({ entity: "Question" as const, item: q })),
  ].filter((entry) => !request.kind || entry.item.kind === request.kind);
  const page = all.slice(start, start + first);

  const questionIds = page.filter((e) => e.entity === "Question").map((e) => e.item.id);
  const live = new Map<string, QuestionRecord>();
  for await (const chunk of source.questions({ questionIds }, 500)) for (const q of chunk) live.set(q.id, q);
  const digests = page.flatMap((e) =>
    e.entity === "Question"
      ? ((e.item as { digest: string | null }).digest ?? [])
      : [(e.item as { snapshot: { record: string } | null }).snapshot?.record ?? []].flat(),
  );
  const stored = await repository.readRecords<QuestionRecord & SectionRecord>(digests);

  const items: PlanItem[] = page.map(({ entity, item }) => {
    if (entity === "Section") {
      const section = item as RestorePlan["sections"][number];
      const after = section.snapshot ? (stored.get(section.snapshot.record) as SectionRecord) : null;
      return {
        kind: section.kind,
        entity,
        id: section.id,
        sectionId: section.id,
        title: title(section.name),
        fields: section.kind === "UNCHANGED" ? [] : diffSection(section.live, after),
      };
    }
    const question = item as RestorePlan["questions"][number];
    const after = question.digest ? (stored.get(question.digest) as QuestionRecord) : null;
    const before = live.get(question.id) ?? null;
    return {
      kind: question.kind,
      entity,
      id: question.id,
      sectionId: question.sectionId,
      title: title(after?.prompt ?? before?.prompt ?? question.id),
      fields: question.kind === "UNCHANGED" ? [] : diffQuestion(before, after),
    };
  });
  const cursors = items.map((_, i) => (start + i).toString(36));
  return {
    items,
    totalCount: all.length,
    hasNextPage: start + first < all.length,
    endCursor: cursors.at(-1) ?? null,
    cursors,
  };
}
