import { createHash } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import { request } from "node:http";
import { join, relative } from "node:path";
import { ARCHIVE_VERSION } from "@qvault/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, collect, startTestServer, type TestServer, waitForJob } from "./helpers/test-server.js";

let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  [a, b] = await Promise.all([
    startTestServer({ QVAULT_SEED_QUESTIONS: "1500" }),
    startTestServer({ QVAULT_SEED: "false", QVAULT_IMPORT_MAX_BYTES: String(24 * 1024 * 1024) }),
  ]);
});
afterAll(() => Promise.all([a?.stop(), b?.stop()]));

const auth = (key: string | null) => (key ? { authorization: `Bearer ${key}` } : {});

async function backupNow(t: TestServer): Promise<string> {
  const started = await t.gql('mutation { startBackup(input: { scope: FULL, note: "to move" }) { id } }');
  return (await waitForJob(t, started.data!.startBackup.id)).backup.id;
}

async function download(
  t: TestServer,
  id: string,
  options: { key?: string | null; passphrase?: string } = {},
) {
  const response = await fetch(`${t.url}/backups/${id}/archive`, {
    headers: {
      ...auth(options.key === undefined ? ADMIN_TOKEN : options.key),
      ...(options.passphrase ? { "x-qvault-passphrase": encodeURIComponent(options.passphrase) } : {}),
    },
  });
  if (!response.ok) return { response, bytes: null, reads: 0, json: await response.json() };
  const reader = response.body!.getReader();
  const parts: Uint8Array[] = [];
  for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(read.value);
  return { response, bytes: new Uint8Array(Buffer.concat(parts)), reads: parts.length, json: null };
}

async function upload(
  t: TestServer,
  body: Uint8Array,
  options: { key?: string | null; passphrase?: string; type?: string } = {},
) {
  const response = await fetch(`${t.url}/backups/import`, {
    method: "POST",
    headers: {
      ...auth(options.key === undefined ? ADMIN_TOKEN : options.key),
      "content-type": options.type ?? "application/octet-stream",
      ...(options.passphrase ? { "x-qvault-passphrase": encodeURIComponent(options.passphrase) } : {}),
    },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Sends `total` bytes without a declared length (chunked), reading the answer as soon as it comes. */
function uploadChunked(t: TestServer, total: number): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.url}/backups/import`, {
      method: "POST",
      headers: { ...auth(ADMIN_TOKEN), "content-type": "application/octet-stream" },
    });
    req.on("response", (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    // Writing after the server has answered and closed is expected to fail; the answer counts.
    req.on("error", (error) => setTimeout(() => reject(error), 1000));
    const chunk = Buffer.alloc(64 * 1024, 7);
    let sent = 0;
    const pump = () => {
      while (sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

/** Every section and question of the bank, as the API gives them. */
async function bankContent(t: TestServer): Promise<unknown> {
  const { data } = await t.gql<any>("{ sections { id name description position } }");
  const questions: unknown[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = await t.gql(
      "query($after: String) { questions(first: 100, after: $after) { edges { node { id type prompt explanation difficulty tags audioPath position section { id } answers { id text isCorrect position } } } pageInfo { hasNextPage endCursor } } }",
      { after },
    );
    questions.push(...page.data.questions.edges.map((e: any) => e.node));
    if (!page.data.questions.pageInfo.hasNextPage) return { sections: data.sections, questions };
    after = page.data.questions.pageInfo.endCursor;
  }
}

/** What a server has stored: its backups and the files of its repository and upload folder. */
async function stored(t: TestServer) {
  const list = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
          .filter((path) => !path.startsWith("locks"))
          .sort()
      : [];
  const { data } = await t.gql<any>("{ backups(first: 100) { edges { node { id } } } }");
  return {
    backups: data.backups.edges.length,
    repository: list(join(t.dataDir, "repository")),
    uploads: list(join(t.dataDir, "tmp")),
  };
}

/** Rewrites the footer's checksums, as a writer would, so that only a deeper check can object. */
function rehash(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.set(
    createHash("sha256")
      .update(out.subarray(0, out.length - 36))
      .digest(),
    out.length - 36,
  );
  return out;
}

describe("archives over HTTP", () => {
  let backupId: string;
  let archive: Uint8Array;

  it("a backup downloads as a streamed .qvar file, for any role", async () => {
    backupId = await backupNow(a);
    const viewer = await a.keyFor("VIEWER");
    const { response, bytes, reads } = await download(a, backupId, { key: viewer });
    expect(response.status).toBe(200);
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="qvault-${backupId}.qvar"`,
    );
    expect(reads).toBeGreaterThan(1);
    expect(Buffer.from(bytes!.subarray(0, 4)).toString()).toBe("QVAR");
    archive = bytes!;
  });

  it("refuses a missing or unknown key (401), an unknown backup (404) and a short passphrase (400)", async () => {
    expect((await download(a, backupId, { key: null })).response.status).toBe(401);
    expect((await download(a, backupId, { key: "not-a-key-0123456789" })).json).toMatchObject({
      code: "UNAUTHENTICATED",
    });
    const unknown = await download(a, "000000000000deadbeef");
    expect(unknown.response.status).toBe(404);
    expect(unknown.json).toEqual({
      code: "NOT_FOUND",
      message: expect.stringContaining("000000000000deadbeef"),
    });
    const short = await download(a, backupId, { passphrase: "short" });
    expect(short.response.status).toBe(400);
    expect(short.json.code).toBe("BAD_USER_INPUT");
  });

  it("imports into a fresh server as a new IMPORT backup, seen by subscribers, that restores the same bank", async () => {
    const created = collect(
      b.ws(),
      "subscription { backupCreated { id trigger questionCount } }",
      {},
      () => true,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const operator = await b.keyFor("OPERATOR");
    const imported = await upload(b, archive, { key: operator });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ questionCount: 1500, scope: "FULL" });
    expect(imported.body.note).toContain(backupId);
    const [event] = await created.done;
    expect(event.backupCreated).toEqual({
      id: imported.body.backupId,
      trigger: "IMPORT",
      questionCount: 1500,
    });
    const { data: jobs } = await b.gql<any>(
      "{ jobs(first: 5) { edges { node { kind status backup { id } } } } }",
    );
    expect(jobs.jobs.edges[0].node).toEqual({
      kind: "IMPORT",
      status: "SUCCEEDED",
      backup: { id: imported.body.backupId },
    });
    expect((await stored(b)).uploads).toEqual([]);

    const input = { backupId: imported.body.backupId, scope: "FULL", mode: "REPLACE" };
    const plan = await b.gql<any>(
      "query($input: RestoreInput!) { restorePlan(input: $input) { added validation { ok } } }",
      { input },
    );
    expect(plan.data!.restorePlan).toEqual({
      added: 1500 + imported.body.sectionCount,
      validation: { ok: true },
    });
    const started = await b.gql<any>(
      "mutation($input: RestoreInput!) { startRestore(input: $input) { id } }",
      {
        input,
      },
    );
    expect((await waitForJob(b, started.data!.startRestore.id)).status).toBe("SUCCEEDED");
    expect(await bankContent(b)).toEqual(await bankContent(a));
  });

  it("an encrypted archive needs its passphrase; a wrong one stores nothing", async () => {
    const passphrase = "pässwört of the move";
    const { bytes } = await download(a, backupId, { passphrase });
    const before = await stored(b);
    const wrong = await upload(b, bytes!, { passphrase: "not the passphrase" });
    expect(wrong).toEqual({ status: 400, body: { code: "WRONG_PASSPHRASE", message: expect.any(String) } });
    expect((await upload(b, bytes!)).body.code).toBe("WRONG_PASSPHRASE");
    expect(await stored(b)).toEqual(before);
    const right = await upload(b, bytes!, { passphrase });
    expect(right.status).toBe(201);
    expect(right.body.addedRecords).toBe(0);
  });

  it("a viewer may not import (403), nor anyone without a key (401)", async () => {
    const viewer = await b.keyFor("VIEWER");
    const before = await stored(b);
    expect(await upload(b, archive, { key: viewer })).toMatchObject({
      status: 403,
      body: { code: "FORBIDDEN" },
    });
    expect(await upload(b, archive, { key: null })).toMatchObject({
      status: 401,
      body: { code: "UNAUTHENTICATED" },
    });
    expect(await stored(b)).toEqual(before);
  });

  it("refuses damaged, truncated, foreign, newer and oversized archives, storing nothing", async () => {
    const before = await stored(b);
    const flipped = archive.slice();
    flipped[Math.floor(flipped.length / 2)]! ^= 0x10;
    const newer = archive.slice();
    newer[5] = ARCHIVE_VERSION + 1;
    for (const [body, status, code] of [
      [flipped, 422, "INTEGRITY_ERROR"],
      [archive.subarray(0, archive.length - 1000), 422, "INTEGRITY_ERROR"],
      [archive.subarray(0, 100), 422, "INTEGRITY_ERROR"],
      [
        new Uint8Array(Buffer.from("PK\u0003\u0004 this is a zip file, not an archive")),
        422,
        "INTEGRITY_ERROR",
      ],
      [rehash(newer), 422, "UNSUPPORTED_VERSION"],
      [new Uint8Array(), 400, "BAD_USER_INPUT"],
      [new Uint8Array(25 * 1024 * 1024), 413, "BAD_USER_INPUT"],
    ] as const) {
      const answer = await upload(b, body, {});
      expect(answer, `${body.length} bytes`).toEqual({ status, body: { code, message: expect.any(String) } });
    }
    expect((await upload(b, archive, { type: "application/json" })).status).toBe(415);
    expect(await uploadChunked(b, 26 * 1024 * 1024)).toMatchObject({
      status: 413,
      body: { code: "BAD_USER_INPUT" },
    });
    expect(await stored(b)).toEqual(before);
  });
});
