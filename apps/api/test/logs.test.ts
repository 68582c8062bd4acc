/**
 * The server's logs: JSON lines with a level, a time and a message; each request's lines carry its
 * request id (sent back in X-Request-Id), each job's its job id; and no secret ever appears in
 * them (the admin token, an API key's secret, an archive's passphrase, a webhook's secret, a mail
 * server's password), however it was sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startTestServer, type TestServer, waitForJob } from "./helpers/test-server.js";

const lines: string[] = [];
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer(
    {
      QVAULT_NOTIFY_WEBHOOK_URL: "http://127.0.0.1:9/hook",
      QVAULT_NOTIFY_WEBHOOK_SECRET: "webhook-secret-not-to-log",
    },
    { log: (line) => lines.push(line) },
  );
});
afterAll(async () => {
  await t?.stop();
});

describe("the logs", () => {
  it("are JSON lines with request and job ids, and never hold a secret", async () => {
    const created = await t.gql<any>('mutation { createApiKey(name: "logged", role: ADMIN) { secret } }');
    const keySecret: string = created.data.createApiKey.secret;
    // A request with an id of the client's own, refused: its line carries that id.
    const refused = await fetch(`${t.url}/graphql`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer not-a-key",
        "x-request-id": "client-id-1",
      },
      body: JSON.stringify({ query: "{ me { name } }" }),
    });
    expect(refused.headers.get("x-request-id")).toBe("client-id-1");
    // The new key, used; an archive downloaded with a passphrase; a mail server with a password.
    expect((await t.gql<any>("{ me { name } }", {}, keySecret)).data.me.name).toBe("logged");
    const backup = await t.gql<any>("mutation { startBackup(input: { scope: FULL }) { id } }");
    const job = await waitForJob(t, backup.data.startBackup.id);
    const archive = await fetch(`${t.url}/backups/${job.backup.id}/archive`, {
      headers: {
        authorization: `Bearer ${keySecret}`,
        "x-qvault-passphrase": "archive-passphrase-not-to-log",
      },
    });
    expect(archive.status).toBe(200);
    await archive.arrayBuffer();
    await t.gql(
      'mutation { updateNotificationSettings(input: { smtpUrl: "smtp://user:mail-password-not-to-log@127.0.0.1:9", emailFrom: "q@example.com", emailTo: ["ops@example.com"] }) { smtpUrl } }',
    );
    // Unknown paths and bad bodies are logged too.
    await fetch(`${t.url}/nope`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const parsed = lines.map((line) => JSON.parse(line) as Record<string, any>);
    expect(parsed.length).toBeGreaterThan(10);
    for (const entry of parsed) {
      expect(typeof entry.level).toBe("number");
      expect(typeof entry.time).toBe("number");
      expect(typeof entry.msg).toBe("string");
    }
    const refusedLine = parsed.find((e) => e.reqId === "client-id-1");
    expect(refusedLine).toMatchObject({ res: { statusCode: 401 }, req: { method: "POST", url: "/graphql" } });
    expect(refusedLine!.req.headers.authorization).toBe("[redacted]");
    expect(parsed.find((e) => e.req?.url === "/nope")).toMatchObject({
      res: { statusCode: 404 },
      reqId: expect.any(String),
    });
    expect(parsed.filter((e) => e.jobId === job.id).map((e) => e.msg)).toEqual(["job started", "job ended"]);
    expect(parsed.find((e) => e.jobId === job.id && e.msg === "job ended")).toMatchObject({
      kind: "BACKUP",
      status: "SUCCEEDED",
      durationMs: expect.any(Number),
    });

    const all = lines.join("\n");
    for (const secret of [
      ADMIN_TOKEN,
      keySecret,
      "archive-passphrase-not-to-log",
      "webhook-secret-not-to-log",
      "mail-password-not-to-log",
    ])
      expect(all, secret).not.toContain(secret);
  });
});
