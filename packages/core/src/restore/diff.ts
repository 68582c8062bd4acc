/**
 * Field-level differences between what the bank holds and what a restore would write, for the
 * plan's preview. Answers are compared by their order (position), the way an editor shows them.
 */
import { mapPage, type Page, type PageRequest, pageOfList } from "../paging/page.js";
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

export interface PlanItemsRequest extends PageRequest {
  kind?: ChangeKind | null;
}

/**
 * A page of a plan's items, sections first, with field diffs for what changes; cursors are offsets
 * among the items of `kind`. Reads only the records of the page. @throws BAD_USER_INPUT (field
 * `first` or `after`).
 */
export async function planItems(
  repository: Repository,
  source: BankSource,
  plan: RestorePlan,
  request: PlanItemsRequest = {},
): Promise<Page<PlanItem, number>> {
  const all = [
    ...plan.sections.map((s) => ({ entity: "Section" as const, item: s })),
    ...plan.questions.map((q) => ({ entity: "Question" as const, item: q })),
  ].filter((entry) => !request.kind || entry.item.kind === request.kind);
  const entries = pageOfList(all, request);
  const page = entries.edges.map((edge) => edge.node);

  const questionIds = page.filter((e) => e.entity === "Question").map((e) => e.item.id);
  const live = new Map<string, QuestionRecord>();
  for await (const chunk of source.questions({ questionIds }, 500)) for (const q of chunk) live.set(q.id, q);
  const digests = page.flatMap((e) =>
    e.entity === "Question"
      ? ((e.item as { digest: string | null }).digest ?? [])
      : [(e.item as { snapshot: { record: string } | null }).snapshot?.record ?? []].flat(),
  );
  const stored = await repository.readRecords<QuestionRecord & SectionRecord>(digests);

  const toItem = ({ entity, item }: (typeof all)[number]): PlanItem => {
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
  };
  return mapPage(entries, toItem);
}
