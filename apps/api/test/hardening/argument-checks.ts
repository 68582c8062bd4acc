/**
 * Bad values for one argument, sent and judged: values of the wrong type (chosen and random,
 * derived from its GraphQL type), then the table's values and random ones from bad-values.ts,
 * each in an otherwise valid call (the argument's baseline). Problems are collected, not thrown,
 * so one run lists every one.
 */
import fc from "fast-check";
import { type GraphQLInputType, isListType, isNonNullType, isScalarType } from "graphql";
import type { TestServer } from "../helpers/test-server.js";
import { BAD_VALUES, type Bad, type Expectation, type Known, type Outcome } from "./bad-values.js";
import { type Answer, send as sendOver } from "./clients.js";
import { type ArgumentPath, documentOf, type ValuePath } from "./schema-inventory.js";
import { wrongArbitrary, wrongExamples } from "./wrong-types.js";

export interface Tally {
  /** Requests and messages sent. */
  inputs: number;
  /** Bad values that were accepted. */
  wrong: number;
  /** Batches after which the fingerprint differed. */
  writes: number;
  batches: number;
}

export interface CheckContext {
  t: TestServer;
  known: Known;
  tally: Tally;
  /** Random values per argument: of the wrong type, and bad ones. */
  runs: { wrongType: number; bad: number };
}

const plan = (k: Known) => ({ backupId: k.backupId, scope: "FULL", mode: "MERGE" });
const question = (k: Known) => ({
  sectionId: k.sectionId,
  type: "SINGLE_CHOICE",
  prompt: "Which one?",
  explanation: "Because.",
  difficulty: 3,
  tags: ["grammar"],
  audioPath: "audio/q1.mp3",
  position: null,
  answers: [
    { text: "A", isCorrect: true, position: 0 },
    { text: "B", isCorrect: false, position: 1 },
  ],
});

/** Valid variables for each field that takes arguments; each bad value replaces one of them. */
export const BASELINES: Record<string, (k: Known) => Record<string, unknown>> = {
  "Query.backups": () => ({}),
  "Query.backup": (k) => ({ id: k.backupId }),
  "Query.section": (k) => ({ id: k.sectionId }),
  "Query.questions": () => ({}),
  "Query.question": (k) => ({ id: k.questionId }),
  "Query.jobs": () => ({}),
  "Query.job": (k) => ({ id: k.jobId }),
  "Query.retentionPreview": () => ({ retention: { keepLast: 3 } }),
  "Query.restorePlan": (k) => ({ input: plan(k) }),
  "Backup.questions": (k) => ({ reachId: k.backupId }),
  "Section.questions": (k) => ({ reachId: k.sectionId }),
  "Question.history": (k) => ({ reachId: k.questionId }),
  "BackupSettings.nextScheduledRuns": () => ({ count: 5 }),
  "Query.scheduleRuns": () => ({ schedule: "0 3 * * *", count: 5 }),
  "RestorePlan.items": (k) => ({ reachInput: plan(k) }),
  "Mutation.createApiKey": () => ({ role: "VIEWER", name: "hardening" }),
  "Mutation.revokeApiKey": (k) => ({ id: k.keyId }),
  "Mutation.startBackup": () => ({ input: { scope: "FULL", note: "hardening" } }),
  "Mutation.deleteBackup": (k) => ({ id: k.backupId }),
  "Mutation.pinBackup": (k) => ({ pinned: true, id: k.backupId }),
  "Mutation.createSection": () => ({ input: { name: "Hardening", description: "d" } }),
  "Mutation.updateSection": (k) => ({ input: { name: "Hardening", description: "d" }, id: k.sectionId }),
  "Mutation.deleteSection": (k) => ({ id: k.sectionId }),
  "Mutation.createQuestion": (k) => ({ input: question(k) }),
  "Mutation.updateQuestion": (k) => ({ input: question(k), id: k.questionId }),
  "Mutation.deleteQuestion": (k) => ({ id: k.questionId }),
  "Mutation.importQuestions": (k) => ({ questions: [question(k)], sectionId: k.sectionId }),
  "Mutation.cancelJob": (k) => ({ id: k.jobId }),
  "Mutation.acknowledgeFailure": (k) => ({ jobId: k.jobId }),
  "Mutation.verifyRepository": () => ({ readData: false }),
  "Mutation.updateBackupSettings": () => ({ input: { autoBackupEnabled: false } }),
  "Query.notificationDeliveries": () => ({ first: 20 }),
  "Query.protectionHistory": () => ({ days: 30 }),
  "Mutation.updateNotificationSettings": () => ({ input: { pingUrl: null } }),
  "Mutation.sendTestNotification": () => ({ channel: "PING" }),
  "Mutation.pruneBackups": () => ({ dryRun: true }),
  "Mutation.startRestore": (k) => ({ input: plan(k) }),
  "Mutation.undoRestore": (k) => ({ jobId: k.jobId }),
  "Subscription.jobProgress": (k) => ({ jobId: k.jobId }),
};

function setAt(variables: Record<string, unknown>, path: ValuePath, value: unknown): Record<string, unknown> {
  const copy = structuredClone(variables);
  let node: any = copy;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    node[key] ??= typeof path[i + 1] === "number" ? [] : {};
    node = node[key];
  }
  node[path.at(-1)!] = value;
  return copy;
}

/** `extensions.field` names paths from the input object an argument takes, e.g. `answers.0.text`. */
function prefixOf(path: ValuePath): string {
  const parents = path.slice(0, -1);
  const relative = parents[0] === "input" || parents[0] === "reachInput" ? parents.slice(1) : parents;
  return relative.map((part) => `${part}.`).join("");
}

const isReadOnly = (owner: string) => !owner.startsWith("Mutation.");

async function send(ctx: CheckContext, owner: string, variables: Record<string, unknown>): Promise<Answer> {
  const { kind, document } = documentOf(owner);
  ctx.tally.inputs++;
  return sendOver(ctx.t, kind, document, variables);
}

interface Verdict {
  problem: string | null;
  accepted: boolean;
}

/** Whether `answer` is the one expected for a value at `path`. */
function judge(
  answer: Answer,
  expected: Expectation & { outcome: Outcome },
  path: ValuePath,
  owner: string,
): Verdict {
  const error = answer.errors?.[0];
  const said = error ? `${error.extensions?.code} "${String(error.message).slice(0, 120)}"` : "no error";
  const fail = (problem: string, accepted = false): Verdict => ({ problem, accepted });
  if (/stacktrace|\bat \S+\.[cm]?[jt]s:\d+/.test(JSON.stringify(answer)))
    return fail("a stack trace in the answer");
  if (error?.extensions?.code === "INTERNAL_SERVER_ERROR") return fail(`INTERNAL_SERVER_ERROR (${said})`);
  const fieldName = owner.split(".")[1]!;
  switch (expected.outcome) {
    case "ok":
      return error ? fail(`expected success, got ${said}`) : { problem: null, accepted: false };
    case "null":
      return error || answer.data?.[fieldName] !== null
        ? fail(`expected null, got ${error ? said : JSON.stringify(answer.data).slice(0, 80)}`)
        : { problem: null, accepted: false };
    default: {
      if (!error) return fail("accepted", true);
      if (error.extensions?.code !== expected.outcome)
        return fail(`expected ${expected.outcome}, got ${said}`);
      if (typeof error.message !== "string" || error.message.length === 0) return fail("an empty message");
      const field =
        expected.field === false ? null : prefixOf(path) + (expected.field ?? String(path.at(-1)));
      if (expected.outcome === "BAD_USER_INPUT" && field !== null && error.extensions?.field !== field)
        return fail(`expected field ${field}, got ${error.extensions?.field} (${said})`);
      if (expected.message && !expected.message.test(error.message)) return fail(`the message ${said}`);
      return { problem: null, accepted: false };
    }
  }
}

function label(arg: ArgumentPath, why: string): string {
  return `${arg.owner} ${arg.path.join(".")}: ${why}`;
}

/** Values of the wrong type: chosen ones, then random ones. */
async function wrongTypes(
  ctx: CheckContext,
  arg: ArgumentPath,
  base: Record<string, unknown>,
  problems: string[],
) {
  const check = async (value: unknown) => {
    const answer = await send(ctx, arg.owner, setAt(base, arg.path, value));
    const verdict = judge(answer, { outcome: "BAD_USER_INPUT", field: false }, arg.path, arg.owner);
    if (verdict.accepted) ctx.tally.wrong++;
    let problem = verdict.problem;
    if (!problem && answer.status !== 0 && answer.status !== 400) problem = `HTTP ${answer.status}, not 400`;
    if (!problem && !String(answer.errors![0]!.message).includes(`$${arg.path[0]}`))
      problem = `the message does not name $${arg.path[0]}: ${answer.errors![0]!.message}`;
    return problem && label(arg, `wrong type ${JSON.stringify(value)?.slice(0, 60)}: ${problem}`);
  };
  for (const value of wrongExamples(arg.type)) {
    const problem = await check(value);
    if (problem) problems.push(problem);
  }
  await property(ctx, wrongArbitrary(arg.type), ctx.runs.wrongType, check, problems);
}

async function property(
  ctx: CheckContext,
  arbitrary: fc.Arbitrary<unknown>,
  numRuns: number,
  check: (value: unknown) => Promise<string | null>,
  problems: string[],
) {
  let accepted = false;
  try {
    await fc.assert(
      fc.asyncProperty(arbitrary, async (value) => {
        const problem = await check(value);
        if (problem?.includes(": accepted")) accepted = true;
        if (problem) throw new Error(problem);
      }),
      { numRuns },
    );
  } catch (error) {
    problems.push(
      [...(error as Error).message.split("\n").slice(0, 4), String((error as Error).cause ?? "")].join(" | "),
    );
  }
  if (accepted) ctx.tally.wrong++;
}

/** A value of `type` (a String or an ID, or a list of them) holding the NUL character; else undefined. */
function withNul(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return withNul(type.ofType);
  if (isListType(type)) {
    const item = withNul(type.ofType);
    return item === undefined ? undefined : [item];
  }
  return isScalarType(type) && (type.name === "String" || type.name === "ID") ? "a\u0000b" : undefined;
}

/** True when `value` is, or holds, a string with the NUL character. */
function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (Array.isArray(value)) return value.some(holdsNul);
  return value !== null && typeof value === "object" && Object.values(value).some(holdsNul);
}

/** The table's values and random ones for one argument. */
async function badValues(
  ctx: CheckContext,
  arg: ArgumentPath,
  base: Record<string, unknown>,
  problems: string[],
) {
  const row = BAD_VALUES[arg.key]!;
  const attempt = async (value: unknown, given: Expectation, why: string) => {
    // Text holding U+0000 is refused in every text argument, whatever else the value would get
    // (other types refuse it as a value of theirs first).
    const expectation: Expectation =
      withNul(arg.type) !== undefined && holdsNul(value)
        ? { outcome: "BAD_USER_INPUT", field: false, message: /NUL character/ }
        : given;
    let variables = setAt(base, arg.path, value);
    for (const [name, sibling] of Object.entries(expectation.siblings ?? {}))
      variables = setAt(variables, [...arg.path.slice(0, -1), name], sibling);
    const answer = await send(ctx, arg.owner, variables);
    const verdict = judge(
      answer,
      { ...expectation, outcome: expectation.outcome ?? "BAD_USER_INPUT" },
      arg.path,
      arg.owner,
    );
    return { verdict, problem: verdict.problem && label(arg, `${why}: ${verdict.problem}`) };
  };
  const nul = withNul(arg.type);
  if (nul !== undefined) {
    const { problem } = await attempt(nul, {}, "text holding U+0000");
    if (problem) problems.push(problem);
  }
  for (const bad of row.bad ?? []) {
    const expectation: Bad = { ...bad, ...bad.byOwner?.[arg.owner] };
    const value = typeof bad.value === "function" ? bad.value(ctx.known) : bad.value;
    const { verdict, problem } = await attempt(value, expectation, bad.why);
    if (verdict.accepted) ctx.tally.wrong++;
    if (problem) problems.push(problem);
  }
  if (!row.property) return;
  const { arbitrary, valid, byOwner, ...expectation } = row.property;
  const own = { ...expectation, ...byOwner?.[arg.owner] };
  // A field that writes gets only bad values; a read-only one gets both, judged by `valid`.
  const values = valid && !isReadOnly(arg.owner) ? arbitrary.filter((v) => !valid(v)) : arbitrary;
  await property(
    ctx,
    values,
    ctx.runs.bad,
    async (value) => {
      const ok = valid && isReadOnly(arg.owner) && valid(value);
      const why = `random ${JSON.stringify(value)?.slice(0, 60)}`;
      return (await attempt(value, ok ? { outcome: "ok" } : own, why)).problem;
    },
    problems,
  );
}

/** Sends every bad value of `arg` in an otherwise valid call; adds what went wrong to `problems`. */
export async function checkArgument(ctx: CheckContext, arg: ArgumentPath, problems: string[]): Promise<void> {
  const base = BASELINES[arg.owner]!(ctx.known);
  await wrongTypes(ctx, arg, base, problems);
  await badValues(ctx, arg, base, problems);
}
