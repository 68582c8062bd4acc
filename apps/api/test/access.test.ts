import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startTestServer, type TestServer, wsRequest } from "./helpers/test-server.js";

let t: TestServer;
let keys: Record<"VIEWER" | "OPERATOR" | "ADMIN", string>;
let sectionId: string;

beforeAll(async () => {
  t = await startTestServer();
  keys = {
    VIEWER: await t.keyFor("VIEWER"),
    OPERATOR: await t.keyFor("OPERATOR"),
    ADMIN: await t.keyFor("ADMIN"),
  };
  sectionId = (await t.gql("{ sections { id } }")).data!.sections[0].id;
});
afterAll(() => t.stop());

/** One operation of each class the role table names. */
const OPERATIONS: { name: string; needs: "VIEWER" | "ADMIN"; query: () => string }[] = [
  {
    name: "read the bank",
    needs: "VIEWER",
    query: () => "{ sections { id } questions(first: 1) { totalCount } }",
  },
  { name: "read who I am", needs: "VIEWER", query: () => "{ me { role } }" },
  {
    name: "write a section",
    needs: "ADMIN",
    query: () => 'mutation { createSection(input: { name: "Role test" }) { id } }',
  },
  {
    name: "write a question",
    needs: "ADMIN",
    query: () =>
      `mutation { createQuestion(input: { sectionId: "${sectionId}", type: TRUE_FALSE, prompt: "Role test", answers: [{ text: "True", isCorrect: true }, { text: "False", isCorrect: false }] }) { id } }`,
  },
  { name: "list API keys", needs: "ADMIN", query: () => "{ apiKeys { id } }" },
  {
    name: "create an API key",
    needs: "ADMIN",
    query: () => 'mutation { createApiKey(name: "made in test", role: VIEWER) { secret } }',
  },
];
const RANK = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 } as const;

describe("roles", () => {
  for (const role of ["VIEWER", "OPERATOR", "ADMIN"] as const) {
    for (const op of OPERATIONS) {
      const allowed = RANK[role] >= RANK[op.needs];
      it(`${role} ${allowed ? "may" : "may not"} ${op.name}`, async () => {
        const result = await t.gql(op.query(), {}, keys[role]);
        if (allowed) {
          expect(result.errors).toBeUndefined();
          expect(result.data).toBeTruthy();
        } else {
          expect(result.errors![0]!.extensions!.code).toBe("FORBIDDEN");
          expect(result.data).toBeNull();
        }
      });
    }
  }

  it("a refused write writes nothing", async () => {
    const before = (await t.gql("{ sections { id } }")).data!.sections.length;
    await t.gql('mutation { createSection(input: { name: "Viewer wants in" }) { id } }', {}, keys.VIEWER);
    expect((await t.gql("{ sections { id } }")).data!.sections.length).toBe(before);
  });
});

describe("authentication over HTTP", () => {
  it.each([
    ["no key", null],
    ["a wrong key", "qv_this-is-not-a-key-at-all"],
    ["an empty bearer", ""],
  ])("answers %s with 401 UNAUTHENTICATED", async (_name, key) => {
    const result = await t.gql("{ sections { id } }", {}, key);
    expect(result.status).toBe(401);
    expect(result.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(result.data).toBeUndefined();
  });

  it("never returns a secret except once, at creation, and stores none in clear", async () => {
    const created = await t.gql(
      'mutation { createApiKey(name: "ci", role: OPERATOR) { secret apiKey { id name role revokedAt } } }',
    );
    const { secret, apiKey } = created.data!.createApiKey;
    expect(secret).toMatch(/^qv_[A-Za-z0-9_-]{40,}$/);
    expect(apiKey).toMatchObject({ name: "ci", role: "OPERATOR", revokedAt: null });
    const listed = await t.gql("{ apiKeys { id name role } }");
    expect(JSON.stringify(listed)).not.toContain(secret);
    const me = await t.gql("{ me { id name role } }", {}, secret);
    expect(me.data!.me).toEqual({ id: apiKey.id, name: "ci", role: "OPERATOR" });
    const { readFileSync } = await import("node:fs");
    const database = readFileSync(`${t.dataDir}/qvault.sqlite`).toString("latin1");
    const wal = (() => {
      try {
        return readFileSync(`${t.dataDir}/qvault.sqlite-wal`).toString("latin1");
      } catch {
        return "";
      }
    })();
    expect(database + wal).not.toContain(secret);
  });

  it("a revoked key is refused from then on", async () => {
    const created = await t.gql(
      'mutation { createApiKey(name: "temp", role: VIEWER) { secret apiKey { id } } }',
    );
    const { secret, apiKey } = created.data!.createApiKey;
    expect((await t.gql("{ me { name } }", {}, secret)).data!.me.name).toBe("temp");
    const revoked = await t.gql("mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }", {
      id: apiKey.id,
    });
    expect(revoked.data!.revokeApiKey.revokedAt).toBeTruthy();
    const after = await t.gql("{ me { name } }", {}, secret);
    expect(after.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
  });

  it("refuses to revoke the last active admin key with CONFLICT", async () => {
    const { data } = await t.gql<{ apiKeys: { id: string; role: string; revokedAt: string | null }[] }>(
      "{ apiKeys { id role revokedAt } }",
    );
    const admins = data!.apiKeys.filter((k) => k.role === "ADMIN" && !k.revokedAt);
    const me = (await t.gql("{ me { id } }")).data!.me.id;
    for (const admin of admins.filter((a) => a.id !== me)) {
      await t.gql("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", { id: admin.id });
    }
    const last = await t.gql("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", { id: me });
    expect(last.errors![0]!.extensions!.code).toBe("CONFLICT");
    expect((await t.gql("{ me { id } }")).data!.me.id).toBe(me);
    keys.ADMIN = ADMIN_TOKEN;
  });
});

describe("authentication over WebSocket", () => {
  it("runs operations for a valid key", async () => {
    const result = await wsRequest(t.ws(keys.VIEWER), "{ me { role } }");
    expect(result.data).toEqual({ me: { role: "VIEWER" } });
  });

  it("enforces roles over WebSocket too", async () => {
    const result = await wsRequest(
      t.ws(keys.VIEWER),
      'mutation { createSection(input: { name: "ws" }) { id } }',
    );
    expect(result.errors![0]!.extensions!.code).toBe("FORBIDDEN");
  });

  it.each([
    ["no key", null],
    ["a wrong key", "qv_wrong"],
  ])("closes the connection for %s with 4401 UNAUTHENTICATED", async (_name, key) => {
    const error = await wsRequest(t.ws(key), "{ me { role } }").then(
      () => null,
      (e) => e,
    );
    expect(error).toMatchObject({ code: 4401 });
    expect(String(error.reason)).toContain("UNAUTHENTICATED");
  });

  it("closes the open connections of a key when it is revoked", async () => {
    const created = await t.gql(
      'mutation { createApiKey(name: "ws temp", role: VIEWER) { secret apiKey { id } } }',
    );
    const { secret, apiKey } = created.data!.createApiKey;
    const client = t.ws(secret);
    await wsRequest(client, "{ me { role } }");
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      client.on("closed", (event) => resolve(event as never)),
    );
    await t.gql("mutation($id: ID!) { revokeApiKey(id: $id) { id } }", { id: apiKey.id });
    const event = await closed;
    expect(event.code).toBe(4401);
    expect(event.reason).toContain("revoked");
  });
});
