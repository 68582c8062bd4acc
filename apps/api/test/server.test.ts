import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testDatabaseKind } from "@qvault/test-server/database";
import { ConfigError, readConfig } from "@qvault/vault/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

describe("health", () => {
  it("/healthz says the process is up and /readyz that the database answers", async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ status: "ok" });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ok", checks: { database: true } });
  });

  it("serves the bank from the database the suite runs on (QVAULT_TEST_DATABASE)", () => {
    if (testDatabaseKind() === "postgres")
      expect(t.server.database).toMatch(/^postgres:\/\/.+@127\.0\.0\.1:\d+\//);
    else expect(t.server.database).toBe(join(t.dataDir, "qvault.sqlite"));
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

  it("takes a postgres:// URL for the bank, and refuses one that names no database", () => {
    expect(readConfig({ QVAULT_DATABASE_URL: "postgres://u:p@db:5432/bank" }).database).toBe(
      "postgres://u:p@db:5432/bank",
    );
    expect(() => readConfig({ QVAULT_DATABASE_URL: "mysql://db/bank" })).toThrow("QVAULT_DATABASE_URL");
    expect(() => readConfig({ QVAULT_DATABASE_URL: "postgres://db" })).toThrow("QVAULT_DATABASE_URL");
  });

  it("keeps the media folder beside a SQLite bank, and beside an s3:// repository for a PostgreSQL one", () => {
    const repository = "s3://bank-backups/qvault";
    expect(readConfig({ QVAULT_DATA_DIR: "/srv/q", QVAULT_REPOSITORY: repository }).mediaDir).toBe(
      "/srv/q/media",
    );
    const postgres = { QVAULT_DATA_DIR: "/srv/q", QVAULT_DATABASE_URL: "postgres://u:p@db:5432/bank" };
    expect(readConfig(postgres).mediaDir).toBe("/srv/q/media");
    expect(readConfig({ ...postgres, QVAULT_REPOSITORY: repository }).mediaDir).toBe(
      "s3://bank-backups/qvault-media",
    );
    expect(readConfig({ ...postgres, QVAULT_REPOSITORY: "s3://bank-backups" }).mediaDir).toBe(
      "s3://bank-backups/media",
    );
    expect(
      readConfig({ ...postgres, QVAULT_REPOSITORY: repository, QVAULT_MEDIA_DIR: "s3://bank-media/live" })
        .mediaDir,
    ).toBe("s3://bank-media/live");
    expect(readConfig({ ...postgres, QVAULT_MEDIA_DIR: "clips" }).mediaDir).toBe("/srv/q/clips");
    expect(() => readConfig({ QVAULT_MEDIA_DIR: "s3://B/x" })).toThrow("QVAULT_MEDIA_DIR");
  });

  it("has defaults for everything", () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 4000, seed: true, adminToken: undefined });
    expect(config.database.endsWith(join("data", "qvault.sqlite"))).toBe(true);
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
      // Elsewhere: 404, with the admin's page (its own "not found") for a browser, a code for others.
      const browser = await fetch(`${spa.url}/no-such-page`, {
        headers: { accept: "text/html,application/xhtml+xml" },
      });
      expect(browser.status).toBe(404);
      expect(await browser.text()).toContain("qvault admin");
      const client = await fetch(`${spa.url}/metrics-typo`);
      expect(client.status).toBe(404);
      expect(await client.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
      expect((await spa.gql("{ sections { id } }")).data!.sections).toEqual([]);
    } finally {
      await spa.stop();
    }
  });
});
