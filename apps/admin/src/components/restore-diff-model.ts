/**
 * The two sides of one item of a restore plan, rebuilt from its field changes: "before" is the
 * bank now, "after" is the bank once the restore is done.
 *
 * The API sends only what differs: top-level fields by name (`prompt`, `tags`, `sectionId`) and
 * answers by their index in position order (`answers.2.text`, `answers.1.isCorrect`, and
 * `answers.3` for an answer only one side has). For a CHANGED question the bank's current
 * question fills in the rest, so both sides show every answer with the correct ones marked;
 * without it (still loading, or it failed) the sides hold only what changed (`complete` false).
 * An ADDED item has no before, a DELETED one no after: their changes name every field.
 */

export interface FieldChangeValue {
  path: string;
  before: unknown;
  after: unknown;
}

/** One answer as far as a side knows it: both parts when complete, else only what changed. */
export interface AnswerSide {
  text?: string;
  isCorrect?: boolean;
}

export interface ItemSide {
  /** Top-level fields by name. */
  fields: Map<string, unknown>;
  /** Answers by index in position order. */
  answers: Map<number, AnswerSide>;
}

/** The bank's current question, as far as a diff needs it. */
export interface CurrentQuestion {
  type: string;
  prompt: string;
  explanation: string | null;
  difficulty: number | null;
  tags: string[];
  audioPath: string | null;
  position: number;
  section: { id: string };
  answers: { text: string; isCorrect: boolean; position: number }[];
}

export interface ItemDiff {
  /** null when the item is not in the bank now (ADDED). */
  before: ItemSide | null;
  /** null when the restore deletes the item (DELETED). */
  after: ItemSide | null;
  /** Top-level fields that differ. */
  changed: Set<string>;
  /** Answer indexes that differ. */
  changedAnswers: Set<number>;
  /** True when both sides hold the whole item, not only what changed. */
  complete: boolean;
}

const ANSWER_PATH = /^answers\.(\d+)(?:\.(text|isCorrect))?$/;

type Side = "before" | "after";

function emptySide(): ItemSide {
  return { fields: new Map(), answers: new Map() };
}

function cloneSide(side: ItemSide): ItemSide {
  return {
    fields: new Map(side.fields),
    answers: new Map([...side.answers].map(([index, answer]) => [index, { ...answer }])),
  };
}

function asAnswer(value: unknown): AnswerSide | null {
  if (!value || typeof value !== "object") return null;
  const { text, isCorrect } = value as { text?: unknown; isCorrect?: unknown };
  return {
    ...(typeof text === "string" ? { text } : {}),
    ...(typeof isCorrect === "boolean" ? { isCorrect } : {}),
  };
}

/** Writes one side's value of `change` into `side`; a whole answer set to null is removed. */
function apply(side: ItemSide, change: FieldChangeValue, which: Side): void {
  const value = change[which];
  const match = ANSWER_PATH.exec(change.path);
  if (!match) {
    side.fields.set(change.path, value);
    return;
  }
  const index = Number(match[1]);
  const part = match[2] as "text" | "isCorrect" | undefined;
  if (!part) {
    const answer = asAnswer(value);
    if (answer) side.answers.set(index, answer);
    else side.answers.delete(index);
    return;
  }
  const answer = side.answers.get(index) ?? {};
  if (part === "text" && typeof value === "string") answer.text = value;
  if (part === "isCorrect" && typeof value === "boolean") answer.isCorrect = value;
  side.answers.set(index, answer);
}

function sideOf(changes: readonly FieldChangeValue[], which: Side): ItemSide {
  const side = emptySide();
  for (const change of changes) apply(side, change, which);
  return side;
}

function currentSide(question: CurrentQuestion): ItemSide {
  const answers = [...question.answers].sort((a, b) => a.position - b.position);
  return {
    fields: new Map<string, unknown>([
      ["sectionId", question.section.id],
      ["type", question.type],
      ["prompt", question.prompt],
      ["explanation", question.explanation],
      ["difficulty", question.difficulty],
      ["tags", question.tags],
      ["audioPath", question.audioPath],
      ["position", question.position],
    ]),
    answers: new Map(
      answers.map((answer, index) => [index, { text: answer.text, isCorrect: answer.isCorrect }]),
    ),
  };
}

/** Both sides of a plan item; pass `current` (the bank's question now) for a CHANGED question. */
export function buildItemDiff(
  kind: string,
  changes: readonly FieldChangeValue[],
  current?: CurrentQuestion | null,
): ItemDiff {
  const changed = new Set<string>();
  const changedAnswers = new Set<number>();
  for (const change of changes) {
    const match = ANSWER_PATH.exec(change.path);
    if (match) changedAnswers.add(Number(match[1]));
    else changed.add(change.path);
  }
  if (kind === "ADDED")
    return { before: null, after: sideOf(changes, "after"), changed, changedAnswers, complete: true };
  if (kind === "DELETED")
    return { before: sideOf(changes, "before"), after: null, changed, changedAnswers, complete: true };
  if (!current)
    return {
      before: sideOf(changes, "before"),
      after: sideOf(changes, "after"),
      changed,
      changedAnswers,
      complete: false,
    };
  const before = currentSide(current);
  const after = cloneSide(before);
  for (const change of changes) apply(after, change, "after");
  return { before, after, changed, changedAnswers, complete: true };
}

/** The fields in the order a person reads a question (or a section); others after, by name. */
export const FIELD_ORDER = [
  "name",
  "prompt",
  "answers",
  "explanation",
  "description",
  "tags",
  "type",
  "difficulty",
  "sectionId",
  "position",
  "audioPath",
] as const;

/**
 * The rows to show: for a whole CHANGED question its prompt and answers always (they say which
 * question it is) plus what changed; for ADDED and DELETED every field; otherwise what changed.
 */
export function rowsOf(diff: ItemDiff, entity: string): string[] {
  const rows = new Set<string>(diff.changed);
  if (diff.changedAnswers.size > 0) rows.add("answers");
  const only = diff.before && diff.after ? null : (diff.before ?? diff.after);
  if (only) {
    for (const field of only.fields.keys()) rows.add(field);
    if (only.answers.size > 0) rows.add("answers");
  } else if (entity === "Question" && diff.complete) {
    rows.add("prompt");
    rows.add("answers");
  }
  const known: readonly string[] = FIELD_ORDER;
  return [
    ...FIELD_ORDER.filter((field) => rows.has(field)),
    ...[...rows].filter((field) => !known.includes(field)).sort(),
  ];
}

/** The answer indexes either side has, in order. */
export function answerIndexes(diff: ItemDiff): number[] {
  const indexes = new Set<number>();
  for (const side of [diff.before, diff.after])
    if (side) for (const index of side.answers.keys()) indexes.add(index);
  return [...indexes].sort((a, b) => a - b);
}

export interface TextChange {
  prefix: string;
  removed: string;
  added: string;
  suffix: string;
}

/**
 * What changed between two texts as one replaced middle between a common start and end, cut at
 * word boundaries so the marked part reads as whole words.
 */
export function textChange(before: string, after: string): TextChange {
  const max = Math.min(before.length, after.length);
  let start = 0;
  while (start < max && before[start] === after[start]) start += 1;
  if (start < max) while (start > 0 && !/\s/.test(before[start - 1]!)) start -= 1;
  let end = 0;
  while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end += 1;
  if (end < max - start) while (end > 0 && !/\s/.test(before[before.length - end]!)) end -= 1;
  return {
    prefix: before.slice(0, start),
    removed: before.slice(start, before.length - end),
    added: after.slice(start, after.length - end),
    suffix: before.slice(before.length - end),
  };
}
