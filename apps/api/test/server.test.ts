import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ConfigError, readConfig } from "../src/config.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${t.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe("health", () => {
  it("/healthz says the process is up and /readyz that the database answers", async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ok", checks: { database: true } });
  });
});

describe("request limits", () => {
  it("refuses a body over 1 MiB with 413 BAD_USER_INPUT", async () => {
    const result = await post(JSON.stringify({ query: `{ sections { id } } #${"x".repeat(1_100_000)}` }));
    expect(result.status).toBe(413);
    expect(result.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("refuses a body that is not JSON with BAD_USER_INPUT", async () => {
    const result = await post("{ not json");
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
  });

  it("refuses a query deeper than the limit", async () => {
    let selection = "id";
    for (let i = 0; i < 8; i++)
      selection = `questions(first: 1) { edges { node { section { ${selection} } } } }`;
    const result = await post(JSON.stringify({ query: `{ sections { ${selection} } }` }));
    expect(result.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(result.body.errors[0].message).toMatch(/depth/i);
  });

  it("refuses too many aliases", async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(" ");
    const result = await post(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(result.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(result.body.errors[0].message).toMatch(/alias/i);
  });

  it("answers a syntax error with BAD_USER_INPUT and never leaks a stack trace", async () => {
    const result = await post(JSON.stringify({ query: "{ sections { id " }));
    expect(result.body.errors[0].extensions.code).toBe("BAD_USER_INPUT");
    expect(JSON.stringify(result.body)).not.toMatch(/stacktrace|at .*\.js/);
  });

  it("keeps serving after a malformed WebSocket message, closing only that socket", async () => {
    const socket = new WebSocket(`${t.url.replace("http", "ws")}/graphql`, "graphql-transport-ws");
    const closed = new Promise<number>((resolve) => socket.on("close", (code) => resolve(code)));
    await new Promise((resolve) => socket.on("open", resolve));
    socket.send("this is not a graphql-ws message");
    expect(await closed).toBe(4400);
    expect((await t.gql("{ me { role } }")).data!.me.role).toBe("ADMIN");
  });
});

describe("configuration", () => {
  it.each([
    ["QVAULT_PORT", "eighty"],
    ["QVAULT_PORT", "70000"],
    ["QVAULT_SEED", "maybe"],
    ["QVAULT_ADMIN_TOKEN", "short"],
    ["QVAULT_SEED_QUESTIONS", "-5"],
  ])("a bad %s (%s) stops start-up with a message naming it", (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(name);
  });

  it("has defaults for everything", () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 4000, seed: true, adminToken: undefined });
    expect(config.databaseFile.endsWith(join("data", "qvault.sqlite"))).toBe(true);
  });
});

describe("the admin SPA", () => {
  it("is served at / with client-side routes falling back to index.html", async () => {
    const adminDir = join(t.dataDir, "spa");
    mkdirSync(join(adminDir, "assets"), { recursive: true });
    writeFileSync(join(adminDir, "index.html"), "<!doctype html><title>qvault admin</title>");
    writeFileSync(join(adminDir, "assets", "app.js"), "console.log(1)");
    const spa = await startTestServer({ QVAULT_ADMIN_DIR: adminDir, QVAULT_SEED: "false" });
    try {
      for (const path of ["/", "/questions", "/questions/abc"]) {
        const response = await fetch(`${spa.url}${path}`);
        expect(response.status).toBe(200);
        expect(await response.text()).toContain("qvault admin");
      }
      expect(await (await fetch(`${spa.url}/assets/app.js`)).text()).toBe("console.log(1)");
      expect((await spa.gql("{ sections { id } }")).data!.sections).toEqual([]);
    } finally {
      await spa.stop();
    }
  });
});
