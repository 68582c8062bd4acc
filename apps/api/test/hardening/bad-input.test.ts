/**
 * Bad input, everywhere a client can put it: every argument and input field of schema.graphql
 * (values of the wrong type derived from its type, and the table and random values of
 * bad-values.ts), the request limits, malformed and oversized HTTP bodies, malformed WebSocket
 * traffic, and the archive routes. Each must be refused with a stable code (and HTTP status
 * where there is one), the server must keep serving, and nothing may be written: each batch
 * compares a fingerprint of the database and the data folder before and after.
 */
import { getNamedType, isInputObjectType } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startTestServer, type TestServer, waitForJob } from "../helpers/test-server.js";
import { BASELINES, checkArgument, type Tally } from "./argument-checks.js";
import { BAD_VALUES, type Known } from "./bad-values.js";
import { postChunked } from "./clients.js";
import { fingerprint } from "./fingerprint.js";
import { aliases, chain, manyTokens, runWsCase, WS_CASES } from "./request-cases.js";
import { argumentPaths, owners, REACH } from "./schema-inventory.js";

/** Random runs per argument: tuned to keep this file near a minute on 2 cores. */
const RUNS = { wrongType: 4, bad: 12 };

let t: TestServer;
let known: Known;
const tally: Tally = { inputs: 0, wrong: 0, writes: 0, batches: 0 };

beforeAll(async () => {
  t = await startTestServer({ QVAULT_IMPORT_MAX_BYTES: String(2 * 1024 * 1024) });
  const viewer = await t.gql<any>(
    'mutation { createApiKey(name: "unused", role: VIEWER) { apiKey { id } } }',
  );
  const started = await t.gql<any>('mutation { startBackup(input: { scope: FULL, note: "before" }) { id } }');
  const job = await waitForJob(t, started.data.startBackup.id);
  const { data } = await t.gql<any>(
    "{ sections { id position } questions(first: 2) { edges { node { id position section { id } } } } }",
  );
  const [first, second] = data.questions.edges.map((e: any) => e.node);
  if (first.section.id !== second.section.id) throw new Error("the first two questions are in two sections");
  known = {
    sectionId: data.sections[0].id,
    takenSectionPosition: data.sections[1].position,
    questionId: first.id,
    takenQuestionPosition: second.position,
    backupId: job.backup.id,
    jobId: job.id,
    keyId: viewer.data.createApiKey.apiKey.id,
  };
});

afterAll(async () => {
  console.log(
    `bad input: ${tally.inputs.toLocaleString("en")} inputs tried over ${PATHS.length} arguments and input fields ` +
      `(${Object.keys(BAD_VALUES).length} distinct) of ${OWNERS.length} fields, in ${tally.batches} batches; ` +
      `${tally.wrong} accepted wrongly, ${tally.writes} writes`,
  );
  await t?.stop();
});

const OWNERS = owners();
const PATHS = OWNERS.flatMap(argumentPaths);
/** Runs `work`, then checks that the server still serves and that nothing was written. */
async function batch(
  work: (problems: string[]) => Promise<void>,
  skip?: Parameters<typeof fingerprint>[1],
): Promise<void> {
  tally.batches++;
  const before = await fingerprint(t, skip);
  const problems: string[] = [];
  await work(problems);
  const me = await t.gql<any>("{ me { role } }");
  expect(me.data?.me.role, "the server still answers a healthy query").toBe("ADMIN");
  expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  const after = await fingerprint(t, skip);
  if (after.digest !== before.digest || after.files.join() !== before.files.join()) tally.writes++;
  expect(problems).toEqual([]);
  expect(after, "nothing was written").toEqual(before);
}

describe("every argument of the schema", () => {
  it("has a row of bad values and a baseline, and every field that takes arguments can be reached", () => {
    const keys = [...new Set(PATHS.map((p) => p.key))].sort();
    expect(keys).toEqual(Object.keys(BAD_VALUES).sort());
    for (const [key, row] of Object.entries(BAD_VALUES))
      expect(row.bad?.length || row.property || row.typesOnly, `${key} has bad values`).toBeTruthy();
    for (const path of PATHS)
      if (BAD_VALUES[path.key]!.typesOnly?.startsWith("an input object"))
        expect(isInputObjectType(getNamedType(path.type)), path.key).toBe(true);
    expect(OWNERS.sort()).toEqual(Object.keys(BASELINES).sort());
    for (const owner of OWNERS) {
      const type = owner.split(".")[0]!;
      if (!["Query", "Mutation", "Subscription"].includes(type)) expect(REACH[type], type).toBeDefined();
    }
  });

  for (const owner of OWNERS)
    it(`${owner}: values of the wrong type and bad values are refused, nothing is written`, async () => {
      await batch(async (problems) => {
        for (const arg of argumentPaths(owner))
          await checkArgument({ t, known, tally, runs: RUNS }, arg, problems);
      });
    }, 60_000);
});

interface HttpCase {
  why: string;
  /** Sends the request; resolves with the HTTP status and the parsed body. */
  send: () => Promise<{ status: number; body: any }>;
  status: number;
  /** The code expected in the body; null when the body is not ours (431 comes from Node itself). */
  code?: string | null;
  message?: RegExp;
}

const auth = () => ({ authorization: `Bearer ${ADMIN_TOKEN}` });

async function fetchJson(path: string, init: RequestInit = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${t.url}${path}`, init);
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) };
  } catch {
    return { status: response.status, body: text };
  }
}

const post = (body: RequestInit["body"], headers: Record<string, string> = {}) =>
  fetchJson("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...auth(), ...headers },
    body,
  });
const query = (document: string, variables?: unknown) => post(JSON.stringify({ query: document, variables }));

/** The code of a GraphQL answer (`errors[0].extensions.code`) or of an archive route's (`code`). */
const codeOf = (body: any) => body?.errors?.[0]?.extensions?.code ?? body?.code;
const messageOf = (body: any) => String(body?.errors?.[0]?.message ?? body?.message ?? "");

async function runHttpCases(cases: HttpCase[], problems: string[]) {
  for (const c of cases) {
    tally.inputs++;
    const { status, body } = await c.send();
    const code = c.code === undefined ? "BAD_USER_INPUT" : c.code;
    const said = `HTTP ${status} ${codeOf(body)} "${messageOf(body).slice(0, 100)}"`;
    if (status !== c.status || (code !== null && codeOf(body) !== code))
      problems.push(`${c.why}: expected HTTP ${c.status} ${code ?? ""}, got ${said}`);
    else if (c.message && !c.message.test(messageOf(body))) problems.push(`${c.why}: message ${said}`);
    else if (/stacktrace|\bat \S+\.[cm]?[jt]s:\d+/.test(JSON.stringify(body)))
      problems.push(`${c.why}: a stack trace`);
  }
}

describe("request limits over HTTP", () => {
  it("depth, aliases, cost and tokens are refused past the limit with BAD_USER_INPUT, and allowed up to it", async () => {
    await batch(async (problems) => {
      const ok = (why: string, document: string): HttpCase => ({
        why,
        send: () => query(document),
        status: 200,
        code: null,
      });
      const over = (why: string, document: string, message: RegExp): HttpCase => ({
        why,
        send: () => query(document),
        status: 400,
        message,
      });
      await runHttpCases(
        [
          ok("depth 12", chain(8)),
          over("depth 13", chain(9), /depth limit of 12/),
          over("depth 60", chain(56), /depth limit of 12/),
          ok("30 aliases", aliases(30)),
          over("31 aliases", aliases(31), /Aliases limit of 30/),
          over("a cost over the limit", chain(7, "id ".repeat(500)), /Cost limit of 20000/),
          over("1000 copies of one field", `{ me { ${"id ".repeat(1000)} } }`, /aborted/),
          over("5,001 tokens", manyTokens(5_001), /5000 tokens/),
          over("300,000 tokens", `{ me { ${"id ".repeat(300_000)} } }`, /5000 tokens/),
          over("a subscription over HTTP", "subscription { healthChanged { status } }", /WebSocket/),
          over("a syntax error", "{ sections { id ", /Syntax Error/),
          over("an unknown field", "{ nope }", /Cannot query field/),
          over("an unknown directive", "{ me @nope { id } }", /Unknown directive/),
          over("an undefined variable", "{ section(id: $id) { id } }", /not defined/),
          {
            why: "an unknown operation name",
            send: () => post(JSON.stringify({ query: "query A { me { id } }", operationName: "B" })),
            status: 400,
            message: /Unknown operation/,
          },
          {
            why: "two operations and no operation name",
            send: () => query("query A { me { id } } query B { me { id } }"),
            status: 400,
            message: /operation name/,
          },
        ],
        problems,
      );
      // Just under the token limit the document parses (the ids it names are another matter).
      tally.inputs++;
      const under = await query(manyTokens(4_990));
      if (under.body.errors?.[0]?.extensions?.reason === "GRAPHQL_PARSE_FAILED")
        problems.push(`4,990 tokens: refused by the parser (${messageOf(under.body)})`);
    });
  });

  it("oversized, batched and malformed bodies get a 4xx and BAD_USER_INPUT", async () => {
    await batch(async (problems) => {
      const megabytes = (n: number) =>
        JSON.stringify({ query: "{ me { id } }", variables: { pad: "x".repeat(n * 1_000_000) } });
      const cases: HttpCase[] = [
        {
          why: "1 MiB and one byte",
          send: () => post(`${megabytes(0)}${" ".repeat(1024 * 1024 + 1)}`),
          status: 413,
        },
        { why: "5 MB of variables", send: () => post(megabytes(5)), status: 413 },
        {
          why: "20 MB sent without a length",
          send: () =>
            postChunked(`${t.url}/graphql`, { "content-type": "application/json", ...auth() }, 20_000_000),
          status: 413,
        },
        {
          why: "batched operations",
          send: () => post(JSON.stringify([{ query: "{ me { id } }" }, { query: "{ me { id } }" }])),
          status: 400,
          message: /batching/,
        },
        { why: "an empty batch", send: () => post("[]"), status: 400 },
        { why: "not JSON", send: () => post("{ not json"), status: 400 },
        { why: "JSON cut short", send: () => post('{"query": "{ me { id } }"'), status: 400 },
        { why: "JSON null", send: () => post("null"), status: 400 },
        { why: "a JSON string", send: () => post('"{ me { id } }"'), status: 400 },
        { why: "a JSON number", send: () => post("42"), status: 400 },
        { why: "an empty object", send: () => post("{}"), status: 400 },
        { why: "an empty body", send: () => post(""), status: 400 },
        {
          why: "bytes that are not UTF-8",
          send: () => post(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
          status: 400,
        },
        { why: "JSON nested 100,000 deep", send: () => post(`{"query":${"[".repeat(100_000)}`), status: 400 },
        { why: "a query that is a number", send: () => post('{"query": 5}'), status: 400 },
        { why: "a query that is an object", send: () => post('{"query": {"a": 1}}'), status: 400 },
        {
          why: "variables that are a string",
          send: () => post(JSON.stringify({ query: "{ me { id } }", variables: "{}" })),
          status: 400,
        },
        {
          why: "variables that are a list",
          send: () => post(JSON.stringify({ query: "{ me { id } }", variables: [1] })),
          status: 400,
        },
        {
          why: "an operation name that is a number",
          send: () => post(JSON.stringify({ query: "{ me { id } }", operationName: 5 })),
          status: 400,
        },
        {
          why: "text/plain (a cross-site request)",
          send: () => post(JSON.stringify({ query: "{ me { id } }" }), { "content-type": "text/plain" }),
          status: 400,
        },
        {
          why: "a form",
          send: () => post("query=%7Bme%7Bid%7D%7D", { "content-type": "application/x-www-form-urlencoded" }),
          status: 400,
        },
        {
          why: "a mutation over GET",
          send: () =>
            fetchJson(`/graphql?query=${encodeURIComponent("mutation { verifyRepository { id } }")}`, {
              headers: { ...auth(), "apollo-require-preflight": "1" },
            }),
          status: 405,
        },
        {
          why: "PUT",
          send: () =>
            fetchJson("/graphql", {
              method: "PUT",
              headers: { "content-type": "application/json", ...auth() },
              body: JSON.stringify({ query: "{ me { id } }" }),
            }),
          status: 405,
        },
        {
          why: "headers over 16 KB",
          send: () =>
            fetchJson("/graphql", { method: "POST", headers: { ...auth(), "x-pad": "x".repeat(20_000) } }),
          status: 431,
          code: null,
        },
      ];
      await runHttpCases(cases, problems);
    });
  });
});

describe("malformed WebSocket traffic", () => {
  it("closes the connection with graphql-ws's code, or answers the operation with a code and keeps serving", async () => {
    await batch(async (problems) => {
      for (const c of WS_CASES) {
        const problem = await runWsCase(t, c, () => tally.inputs++);
        if (problem) problems.push(`${c.why}: ${problem}`);
        const healthy = await t.gql<any>("{ me { role } }");
        if (healthy.data?.me.role !== "ADMIN") problems.push(`${c.why}: the server stopped serving HTTP`);
      }
    });
  }, 60_000);
});

/** A refused import still leaves the record of its FAILED IMPORT job; nothing else may change. */
const failedImport = (table: string, row: Record<string, unknown>) =>
  table === "job" && row.kind === "IMPORT" && row.status === "FAILED";

describe("the archive routes", () => {
  it("GET /backups/:id/archive and POST /backups/import refuse bad requests with their status and code", async () => {
    const download = await fetch(`${t.url}/backups/${known.backupId}/archive`, { headers: auth() });
    expect(download.status).toBe(200);
    const archive = new Uint8Array(await download.arrayBuffer());
    const flipped = archive.slice();
    flipped[Math.floor(archive.length / 2)]! ^= 1;
    const failedBefore = (await fingerprint(t)).rows.job! - (await fingerprint(t, failedImport)).rows.job!;
    const damaged = [new Uint8Array(4096).fill(7), archive.slice(0, archive.length - 10), flipped];
    await batch(async (problems) => {
      const get = (id: string, headers: Record<string, string> = {}) =>
        fetchJson(`/backups/${id}/archive`, { headers: { ...auth(), ...headers } });
      const upload = (body: RequestInit["body"], headers: Record<string, string> = {}) =>
        fetchJson("/backups/import", {
          method: "POST",
          headers: { ...auth(), "content-type": "application/octet-stream", ...headers },
          body,
        });
      const passphrase = (value: string) => ({ "x-qvault-passphrase": value });
      await runHttpCases(
        [
          { why: "an unknown backup", send: () => get("nope"), status: 404, code: "NOT_FOUND" },
          {
            why: "a path as the id",
            send: () => get("..%2F..%2Frepository"),
            status: 404,
            code: "NOT_FOUND",
          },
          { why: "an id of 8 KB", send: () => get("x".repeat(8_000)), status: 404, code: "NOT_FOUND" },
          { why: "an id of 20 KB", send: () => get("x".repeat(20_000)), status: 431, code: null },
          {
            why: "a passphrase that is not percent-encoded",
            send: () => get(known.backupId, passphrase("%E0%A4%A")),
            status: 400,
          },
          {
            why: "a passphrase too short",
            send: () => get(known.backupId, passphrase("short")),
            status: 400,
          },
          {
            why: "a passphrase too long",
            send: () => get(known.backupId, passphrase("p".repeat(1025))),
            status: 400,
          },
          { why: "an empty upload", send: () => upload(new Uint8Array()), status: 400 },
          {
            why: "an upload as text/plain",
            send: () => upload("archive", { "content-type": "text/plain" }),
            status: 415,
          },
          {
            why: "an upload as JSON",
            send: () => upload('{"archive":1}', { "content-type": "application/json" }),
            status: 415,
          },
          {
            why: "an upload over the limit",
            send: () => upload(new Uint8Array(3 * 1024 * 1024)),
            status: 413,
          },
          {
            why: "an upload over the limit without a length",
            send: () =>
              postChunked(
                `${t.url}/backups/import`,
                { ...auth(), "content-type": "application/octet-stream" },
                10_000_000,
              ),
            status: 413,
          },
          {
            why: "a passphrase that is not percent-encoded, with an upload",
            send: () => upload(archive, passphrase("%ZZ")),
            status: 400,
          },
          ...damaged.map(
            (body, i): HttpCase => ({
              why: ["bytes that are no archive", "a truncated archive", "an archive with a byte changed"][i]!,
              send: () => upload(body),
              status: 422,
              code: "INTEGRITY_ERROR",
            }),
          ),
        ],
        problems,
      );
    }, failedImport);
    const failedAfter = (await fingerprint(t)).rows.job! - (await fingerprint(t, failedImport)).rows.job!;
    expect(failedAfter - failedBefore, "one FAILED IMPORT job per damaged archive, nothing else").toBe(
      damaged.length,
    );
  }, 60_000);
});
