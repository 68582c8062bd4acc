/**
 * Who may do what. Every operation of schema.graphql (queries and mutations over HTTP,
 * subscriptions over WebSocket) and every HTTP route, run as no key, a wrong key, a revoked key,
 * VIEWER, OPERATOR and ADMIN: the first three are UNAUTHENTICATED (HTTP 401, WebSocket close
 * 4401), a role below the operation's is FORBIDDEN, and at or above it the answer is no
 * authentication error (arguments are dummies, so NOT_FOUND and the like are fine). The table of
 * minimum roles must equal the README's. A refused operation writes nothing. A key's secret is
 * never returned after its creation, never logged, never stored; revoking a key closes its
 * subscriptions.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type GraphQLInputType,
  type GraphQLNamedInputType,
  type GraphQLObjectType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  ADMIN_TOKEN,
  startTestServer,
  type TestServer,
  waitForJob,
  wsRequest,
} from "../helpers/test-server.js";
import { type Answer, firstAnswer, rawSocket, send } from "./clients.js";
import { fingerprint, storedText } from "./fingerprint.js";
import { documentOf, type Operation, operations, schema } from "./schema-inventory.js";

type Role = "VIEWER" | "OPERATOR" | "ADMIN";
const ROLES: Role[] = ["VIEWER", "OPERATOR", "ADMIN"];
const RANK: Record<Role, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

/** The minimum role of every operation and route: the README's role table, kept here to check it. */
const MINIMUM_ROLE: Record<string, Role> = {
  apiKeys: "ADMIN",
  me: "VIEWER",
  backups: "VIEWER",
  backup: "VIEWER",
  sections: "VIEWER",
  section: "VIEWER",
  questions: "VIEWER",
  question: "VIEWER",
  systemHealth: "VIEWER",
  jobs: "VIEWER",
  job: "VIEWER",
  backupSettings: "VIEWER",
  retentionPreview: "VIEWER",
  scheduleRuns: "VIEWER",
  restorePlan: "VIEWER",
  createApiKey: "ADMIN",
  revokeApiKey: "ADMIN",
  startBackup: "OPERATOR",
  deleteBackup: "ADMIN",
  pinBackup: "ADMIN",
  createSection: "ADMIN",
  updateSection: "ADMIN",
  deleteSection: "ADMIN",
  createQuestion: "ADMIN",
  updateQuestion: "ADMIN",
  deleteQuestion: "ADMIN",
  importQuestions: "ADMIN",
  cancelJob: "OPERATOR",
  acknowledgeFailure: "OPERATOR",
  verifyRepository: "OPERATOR",
  startCopy: "OPERATOR",
  startDrill: "OPERATOR",
  protectionHistory: "VIEWER",
  notificationSettings: "ADMIN",
  notificationDeliveries: "OPERATOR",
  updateNotificationSettings: "ADMIN",
  sendTestNotification: "ADMIN",
  updateBackupSettings: "ADMIN",
  pruneBackups: "ADMIN",
  startRestore: "ADMIN",
  undoRestore: "ADMIN",
  backupCreated: "VIEWER",
  healthChanged: "VIEWER",
  jobProgress: "VIEWER",
  jobUpdates: "VIEWER",
  "GET /backups/:id/archive": "VIEWER",
  "POST /backups/import": "OPERATOR",
  "GET /media/<path>": "VIEWER",
  "GET /backups/:id/media/:sha256": "VIEWER",
  "PUT /questions/:id/audio": "ADMIN",
  "DELETE /questions/:id/audio": "ADMIN",
  "GET /metrics": "VIEWER",
};
/** The HTTP routes of the role table (the rest are GraphQL operations). */
const KEYED_ROUTES = Object.keys(MINIMUM_ROLE).filter((name) => / \//.test(name));
/** Routes anyone may call, without a key. */
const OPEN_ROUTES = ["GET /healthz", "GET /readyz"];

/** The README's role table: explicit names, and `create…`-style prefixes. */
function readmeRoles(): { names: Map<string, Role>; prefixes: Map<string, Role> } {
  const text = readFileSync(new URL("../../../../README.md", import.meta.url), "utf8");
  const lines = text.split("\n");
  const header = lines.findIndex((line) =>
    /^\|\s*operation\s*\|\s*VIEWER\s*\|\s*OPERATOR\s*\|\s*ADMIN\s*\|/.test(line),
  );
  if (header < 0) throw new Error("the README has no role table");
  const names = new Map<string, Role>();
  const prefixes = new Map<string, Role>();
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((cell) => cell.trim());
    const role = ROLES[cells.slice(1).indexOf("yes")];
    if (!role) throw new Error(`no role says yes in: ${line}`);
    for (const [, name] of cells[0]!.matchAll(/`([^`]+)`/g)) {
      if (name!.endsWith("…")) prefixes.set(name!.slice(0, -1), role);
      else names.set(name!, role);
    }
  }
  return { names, prefixes };
}

type Identity = "no key" | "a wrong key" | "a revoked key" | Role;
const IDENTITIES: Identity[] = ["no key", "a wrong key", "a revoked key", ...ROLES];

let t: TestServer;
let secrets: Record<Identity, string | null>;
let backupId: string;
let jobId: string;
const logged: string[] = [];
let cells = 0;

beforeAll(async () => {
  t = await startTestServer({}, { log: (line) => logged.push(line) });
  // Everything the process writes while the suite runs, to look for secrets in it.
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((arg) => (arg instanceof Error ? `${arg.stack}` : String(arg))).join(" "));
      original(...args);
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      logged.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as never);
  }
  const revoked = await t.gql<any>(
    'mutation { createApiKey(name: "to revoke", role: ADMIN) { secret apiKey { id } } }',
  );
  await t.gql("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", {
    id: revoked.data.createApiKey.apiKey.id,
  });
  secrets = {
    "no key": null,
    "a wrong key": "qv_this-is-not-a-key-of-this-server-0000000000000",
    "a revoked key": revoked.data.createApiKey.secret,
    VIEWER: await t.keyFor("VIEWER"),
    OPERATOR: await t.keyFor("OPERATOR"),
    ADMIN: await t.keyFor("ADMIN"),
  };
  const started = await t.gql<any>(
    'mutation { startBackup(input: { scope: FULL, note: "for the matrix" }) { id } }',
  );
  const job = await waitForJob(t, started.data.startBackup.id);
  backupId = job.backup.id;
  jobId = job.id;
});

afterAll(async () => {
  vi.restoreAllMocks();
  console.log(
    `access matrix: ${cells} cells checked (${OPERATIONS.length} operations over HTTP and WebSocket and ` +
      `${ROUTES.length} routes, as ${IDENTITIES.length} callers; secrets and revocation)`,
  );
  await t?.stop();
});

/** A value of `type` that passes coercion: the smallest one, with every required field. */
function dummy(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return dummy(type.ofType);
  if (isListType(type)) return [];
  const named = type as GraphQLNamedInputType;
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named))
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((field) => isNonNullType(field.type) && field.defaultValue === undefined)
        .map((field) => [field.name, dummy(field.type)]),
    );
  return { Int: 1, Boolean: false, DateTime: "2025-01-01T00:00:00Z" }[named.name] ?? "dummy";
}

/** Arguments that must point at something real for the role check to be reached. */
const REAL: Record<string, () => Record<string, unknown>> = {
  jobProgress: () => ({ jobId }),
  pruneBackups: () => ({ dryRun: true }),
};

const OPERATIONS = operations();

function variablesOf(op: Operation): Record<string, unknown> {
  const variables = Object.fromEntries(op.field.args.map((arg) => [arg.name, dummy(arg.type)]));
  return { ...variables, ...REAL[op.name]?.() };
}

const AUTH_CODES = ["UNAUTHENTICATED", "FORBIDDEN"];

/** What one cell expects: the auth outcome for `identity` calling something that needs `needed`. */
function expected(identity: Identity, needed: Role | null): "UNAUTHENTICATED" | "FORBIDDEN" | "allowed" {
  if (needed === null) return "allowed";
  if (identity === "no key" || identity === "a wrong key" || identity === "a revoked key")
    return "UNAUTHENTICATED";
  return RANK[identity] >= RANK[needed] ? "allowed" : "FORBIDDEN";
}

function judgeGraphQL(
  answer: Answer,
  want: ReturnType<typeof expected>,
  transport: Transport,
): string | null {
  const code = answer.errors?.[0]?.extensions?.code;
  if (want === "UNAUTHENTICATED") {
    if (transport === "WebSocket")
      return answer.closed?.code === 4401 && /UNAUTHENTICATED/.test(answer.closed.reason)
        ? null
        : `expected close 4401, got ${JSON.stringify(answer).slice(0, 160)}`;
    return answer.status === 401 && code === "UNAUTHENTICATED" && answer.data === undefined
      ? null
      : `expected HTTP 401 UNAUTHENTICATED, got ${answer.status} ${code}`;
  }
  // Over HTTP the operation ran (status 200) rather than being refused as a request (400).
  const ran = transport === "WebSocket" ? answer.status === 0 : answer.status === 200;
  const said = `${answer.status} ${code ?? ""} "${answer.errors?.[0]?.message ?? ""}"`;
  if (want === "FORBIDDEN")
    return ran && code === "FORBIDDEN" && Object.values(answer.data ?? {}).every((value) => value === null)
      ? null
      : `expected FORBIDDEN, got ${said}`;
  if (answer.closed) return `the connection closed: ${answer.closed.code} ${answer.closed.reason}`;
  if (!ran || AUTH_CODES.includes(code)) return `expected no authentication error, got ${said}`;
  if (!answer.errors && !answer.data) return "no answer";
  return null;
}

/** The document that calls a root operation with every argument as a variable. */
function documentFor(op: Operation) {
  const root = { query: "Query", mutation: "Mutation", subscription: "Subscription" }[op.kind];
  return documentOf(`${root}.${op.name}`);
}

type Transport = "HTTP" | "WebSocket";

/** Queries and mutations go both ways; subscriptions only over WebSocket. */
const transportsOf = (op: Operation): Transport[] =>
  op.kind === "subscription" ? ["WebSocket"] : ["HTTP", "WebSocket"];

/**
 * Runs one operation as `identity`. A subscription that is let in may wait for something to
 * happen (backupCreated, jobUpdates): a backup is then taken to give it an event. Roles are
 * checked when a subscription starts, so a refused one is answered without an event.
 */
async function call(
  op: Operation,
  identity: Identity,
  transport: Transport,
  allowed: boolean,
): Promise<Answer> {
  const { kind, document } = documentFor(op);
  const key = secrets[identity];
  if (transport === "HTTP") return send(t, kind, document, variablesOf(op), key);
  const answer = firstAnswer(t.ws(key), document, variablesOf(op));
  if (!allowed || kind !== "subscription") return answer;
  const early = await Promise.race([
    answer,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 300)),
  ]);
  if (early) return early;
  const started = await t.gql<any>(
    'mutation { startBackup(input: { scope: FULL, note: "an event" }) { id } }',
  );
  await waitForJob(t, started.data.startBackup.id);
  return answer;
}

const ROUTES = [...KEYED_ROUTES, ...OPEN_ROUTES];

/** A request body each method sends: an empty archive, or a few bytes of "audio". */
const BODIES: Record<string, { type: string; body: Uint8Array } | undefined> = {
  POST: { type: "application/octet-stream", body: new Uint8Array() },
  PUT: { type: "audio/wav", body: new Uint8Array(16) },
};

async function route(name: string, identity: Identity): Promise<{ status: number; code?: string }> {
  const key = secrets[identity];
  const headers: Record<string, string> = key ? { authorization: `Bearer ${key}` } : {};
  const [method, path] = name.split(" ") as [string, string];
  const url = path
    .replace(":id", backupId)
    .replace(":sha256", "0".repeat(64))
    .replace("<path>", "audio/none.wav");
  const body = BODIES[method];
  const response = await fetch(`${t.url}${url}`, {
    method,
    headers: body ? { ...headers, "content-type": body.type } : headers,
    body: body?.body,
  });
  const answer = response.headers.get("content-type")?.includes("json")
    ? await response.json()
    : await response.arrayBuffer();
  return { status: response.status, code: (answer as { code?: string }).code };
}

describe("the role table", () => {
  it("has a row for every operation of the schema and every route, and says what the README says", () => {
    const names = OPERATIONS.map((op) => op.name);
    expect([...names, ...KEYED_ROUTES].sort()).toEqual(Object.keys(MINIMUM_ROLE).sort());
    const readme = readmeRoles();
    const explicit = new Set(readme.names.keys());
    for (const name of Object.keys(MINIMUM_ROLE)) {
      const prefix = [...readme.prefixes.keys()].find((p) => name.startsWith(p));
      const said = readme.names.get(name) ?? (prefix ? readme.prefixes.get(prefix) : undefined);
      expect(said, `the README's role for ${name}`).toBe(MINIMUM_ROLE[name]);
      explicit.delete(name);
    }
    // Whatever else the README names must exist: a field of a type (`Question.history`).
    for (const name of explicit) {
      const [type, field] = name.split(".");
      const owner = schema.getType(type ?? "");
      expect(isObjectType(owner) && field !== undefined && field in owner.getFields(), `${name} exists`).toBe(
        true,
      );
    }
  });
});

describe("every operation as every caller", () => {
  it("refused calls (no key, a wrong key, a revoked key, a role too low) are refused and write nothing", async () => {
    const before = await fingerprint(t);
    const problems: string[] = [];
    for (const op of OPERATIONS)
      for (const transport of transportsOf(op))
        for (const identity of IDENTITIES) {
          const want = expected(identity, MINIMUM_ROLE[op.name]!);
          if (want === "allowed") continue;
          cells++;
          const problem = judgeGraphQL(await call(op, identity, transport, false), want, transport);
          if (problem) problems.push(`${op.name} over ${transport} as ${identity}: ${problem}`);
        }
    for (const name of ROUTES)
      for (const identity of IDENTITIES) {
        const want = expected(identity, MINIMUM_ROLE[name] ?? null);
        if (want === "allowed") continue;
        cells++;
        const { status, code } = await route(name, identity);
        const wanted = want === "UNAUTHENTICATED" ? 401 : 403;
        if (status !== wanted || code !== want)
          problems.push(`${name} as ${identity}: expected ${wanted} ${want}, got ${status} ${code}`);
      }
    expect(problems).toEqual([]);
    expect(await fingerprint(t), "a refused call writes nothing").toEqual(before);
  }, 120_000);

  it("allowed calls get no authentication error, whatever else they get", async () => {
    const problems: string[] = [];
    for (const op of OPERATIONS)
      for (const transport of transportsOf(op))
        for (const identity of ROLES) {
          if (expected(identity, MINIMUM_ROLE[op.name]!) !== "allowed") continue;
          cells++;
          const problem = judgeGraphQL(await call(op, identity, transport, true), "allowed", transport);
          if (problem) problems.push(`${op.name} over ${transport} as ${identity}: ${problem}`);
        }
    for (const name of ROUTES)
      for (const identity of IDENTITIES) {
        if (expected(identity, MINIMUM_ROLE[name] ?? null) !== "allowed") continue;
        cells++;
        const { status, code } = await route(name, identity);
        if (status === 401 || status === 403 || AUTH_CODES.includes(code ?? ""))
          problems.push(`${name} as ${identity}: ${status} ${code}`);
      }
    expect(problems).toEqual([]);
  }, 120_000);
});

/** Every field of ApiKey, from the schema, so a field added later is looked at too. */
const API_KEY_FIELDS = Object.keys((schema.getType("ApiKey") as GraphQLObjectType).getFields()).join(" ");

describe("a key's secret", () => {
  it("is returned once, by createApiKey, and by nothing after; the database holds only its hash", async () => {
    expect(API_KEY_FIELDS, "ApiKey has no field for a secret or its hash").not.toMatch(/secret|hash|token/i);
    const created = await t.gql<any>(
      `mutation { createApiKey(name: "looked for", role: VIEWER) { secret apiKey { ${API_KEY_FIELDS} } } }`,
    );
    const { secret, apiKey } = created.data.createApiKey;
    expect(secret).toMatch(/^qv_[A-Za-z0-9_-]{40,}$/);
    const answers: unknown[] = [
      await t.gql(`{ apiKeys { ${API_KEY_FIELDS} } }`),
      await t.gql(`{ me { ${API_KEY_FIELDS} } }`, {}, secret),
      await wsRequest(t.ws(secret), `{ me { ${API_KEY_FIELDS} } }`),
      await t.gql('mutation { createSection(input: { name: "not allowed" }) { id } }', {}, secret),
      await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { ${API_KEY_FIELDS} } }`, { id: apiKey.id }),
      await t.gql(`{ apiKeys { ${API_KEY_FIELDS} } }`),
      await t.gql(`{ me { ${API_KEY_FIELDS} } }`, {}, secret),
    ];
    cells += answers.length;
    expect((answers[1] as any).data.me).toMatchObject({ id: apiKey.id, name: "looked for", role: "VIEWER" });
    expect((answers[3] as any).errors[0].extensions.code).toBe("FORBIDDEN");
    expect((answers[6] as any).status).toBe(401);
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(secret);
    const stored = await storedText(t);
    expect(stored.length).toBeGreaterThan(0);
    expect(stored).not.toContain(secret);
    secrets["a revoked key"] = secret;
  });

  it("closes the open subscriptions of a key when it is revoked, and refuses it from then on", async () => {
    const created = await t.gql<any>(
      'mutation { createApiKey(name: "watching", role: VIEWER) { secret apiKey { id } } }',
    );
    const { secret, apiKey } = created.data.createApiKey;
    const client = t.ws(secret);
    const ended = ["subscription { healthChanged { status } }", "subscription { jobUpdates { id } }"].map(
      (query) =>
        new Promise<any>((resolve) => {
          client.subscribe(
            { query },
            { next: () => {}, error: resolve, complete: () => resolve("completed") },
          );
        }),
    );
    await firstAnswer(client, "subscription { healthChanged { status } }", {});
    const closed = new Promise<any>((resolve) => client.on("closed", resolve));
    await t.gql("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", { id: apiKey.id });
    const event = await closed;
    expect(event.code).toBe(4401);
    expect(event.reason).toMatch(/UNAUTHENTICATED.*revoked/);
    for (const end of await Promise.all(ended)) expect(end).toMatchObject({ code: 4401 });
    const again = await firstAnswer(t.ws(secret), "subscription { healthChanged { status } }", {});
    expect(again.closed?.code).toBe(4401);
    cells += 3;
  });

  it("is never logged, whatever the key is used for", async () => {
    const mark = logged.length;
    // Requests that make the server log, sent with keys in hand.
    for (const key of [secrets.ADMIN!, secrets.VIEWER!, secrets["a revoked key"]!]) {
      await fetch(`${t.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
        body: "{ not json",
      });
      const socket = await rawSocket(t);
      socket.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${key}` } }));
      await Promise.race([socket.next(), socket.closed]);
      socket.send('{"type":"connection_ack"}');
      await socket.closed;
    }
    expect(logged.length, "the server's log and output are captured").toBeGreaterThan(mark);
    expect(logged.some((line) => line.includes("seeded the demo bank"))).toBe(true);
    const all = logged.join("\n");
    for (const [identity, secret] of Object.entries(secrets))
      if (secret) expect(all.includes(secret), `the secret of ${identity} in the log`).toBe(false);
    expect(all).not.toContain(ADMIN_TOKEN);
    cells += Object.values(secrets).filter(Boolean).length + 1;
  });
});

describe("the last admin key", () => {
  it("cannot be revoked (CONFLICT), and stays usable", async () => {
    const { data } = await t.gql<any>("{ apiKeys { id role revokedAt } me { id } }");
    for (const key of data.apiKeys.filter(
      (k: any) => k.role === "ADMIN" && !k.revokedAt && k.id !== data.me.id,
    ))
      await t.gql("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", { id: key.id });
    const last = await t.gql<any>("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", { id: data.me.id });
    expect(last.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect((await t.gql<any>("{ me { id } }")).data.me.id).toBe(data.me.id);
    cells++;
  });
});
