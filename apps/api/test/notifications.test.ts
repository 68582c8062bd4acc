/**
 * Notifications through the API, to receivers of the test's own on loopback: a webhook receiver
 * (plain HTTP) and an SMTP server (smtp-server). A verification that finds a damaged pack sends
 * exactly one signed notification, and the next clean one exactly one more; tests go through each
 * channel; a failed delivery is tried again; secrets are never read back.
 */
import { createHmac } from "node:crypto";
import { once } from "node:events";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, waitForJob } from "./helpers/test-server.js";

const SECRET = "webhook-secret-of-the-tests";

interface Received {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** Requests the receiver answers 503 before it answers again. */
let failNext = 0;

let smtp: SMTPServer;
let smtpPort: number;
const mails: string[] = [];

let t: TestServer;

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (failNext > 0) {
      failNext--;
      res.writeHead(503).end();
      return;
    }
    received.push({ path: req.url ?? "", headers: req.headers, body });
    res.writeHead(204).end();
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  smtp = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username });
    },
    onData(stream, _session, callback) {
      let raw = "";
      stream.on("data", (chunk) => {
        raw += chunk;
      });
      stream.on("end", () => {
        mails.push(raw);
        callback();
      });
    },
  });
  smtp.listen(0, "127.0.0.1");
  await once(smtp.server, "listening");
  smtpPort = (smtp.server.address() as AddressInfo).port;

  t = await startTestServer({
    QVAULT_REPOSITORY: "repository",
    QVAULT_NOTIFY_WEBHOOK_URL: `${receiverUrl}/hook`,
    QVAULT_NOTIFY_WEBHOOK_SECRET: SECRET,
  });
});
afterAll(async () => {
  await t?.stop();
  receiver?.close();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const hooks = (check: string) =>
  received
    .filter((r) => r.path === "/hook" && JSON.parse(r.body).check === check)
    .map((r) => ({
      ...r,
      json: JSON.parse(r.body),
    }));

async function until(
  what: string,
  done: () => boolean,
  timeoutMs = 15_000,
  refresh: () => Promise<void> = async () => {},
): Promise<void> {
  const end = Date.now() + timeoutMs;
  await refresh();
  while (!done()) {
    await refresh();
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function verify(): Promise<string> {
  const started = await t.gql<any>("mutation { verifyRepository(readData: true) { id } }");
  return (await waitForJob(t, started.data.verifyRepository.id)).status;
}

function packs(): string[] {
  const data = join(t.config.repository, "data");
  return readdirSync(data, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".pack"))
    .map((e) => join(e.parentPath, e.name));
}

describe("notifications", () => {
  it("keep their secrets, and refuse bad settings naming the field", async () => {
    const { data } = await t.gql<any>(
      "{ notificationSettings { webhookUrl webhookSecretSet smtpUrl emailFrom emailTo pingUrl } }",
    );
    expect(data.notificationSettings).toEqual({
      webhookUrl: `${receiverUrl}/hook`,
      webhookSecretSet: true,
      smtpUrl: null,
      emailFrom: null,
      emailTo: [],
      pingUrl: null,
    });
    const mutation =
      "mutation($input: NotificationSettingsInput!) { updateNotificationSettings(input: $input) { webhookUrl smtpUrl } }";
    for (const [input, field] of [
      [{ webhookUrl: "ftp://example.com/hook" }, "webhookUrl"],
      [{ webhookSecret: "short" }, "webhookSecret"],
      [{ webhookSecret: null }, "webhookSecret"],
      [{ smtpUrl: "http://mail.example.com" }, "smtpUrl"],
      [{ smtpUrl: "smtp://mail.example.com", emailFrom: "qvault@example.com" }, "emailTo"],
      [{ emailTo: ["not an address"] }, "emailTo.0"],
      [{ pingUrl: "not a url" }, "pingUrl"],
    ] as const) {
      const refused = await t.gql<any>(mutation, { input });
      expect(refused.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({
        code: "BAD_USER_INPUT",
        field,
      });
    }
    // The mail server's password is shown hidden, and kept when the hidden form is saved back.
    const saved = await t.gql<any>(mutation, {
      input: {
        smtpUrl: `smtp://qvault:mail-password@127.0.0.1:${smtpPort}`,
        emailFrom: "qvault@example.com",
        emailTo: ["ops@example.com"],
      },
    });
    expect(saved.data.updateNotificationSettings.smtpUrl).toBe(`smtp://qvault:****@127.0.0.1:${smtpPort}`);
    await t.gql<any>(mutation, { input: { smtpUrl: saved.data.updateNotificationSettings.smtpUrl } });
    // The hidden password is never sent to another server.
    const elsewhere = await t.gql<any>(mutation, {
      input: { smtpUrl: "smtp://qvault:****@mail.example.org:25" },
    });
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "smtpUrl" });
    const again = await t.gql<any>("{ notificationSettings { smtpUrl } }");
    expect(again.data.notificationSettings.smtpUrl).toBe(`smtp://qvault:****@127.0.0.1:${smtpPort}`);
    // The password was kept: the test mail goes through with it (the server accepts any login).
    const test = await t.gql<any>("mutation { sendTestNotification(channel: EMAIL) { ok attempts error } }");
    expect(test.data.sendTestNotification).toEqual({ ok: true, attempts: 1, error: null });
    expect(mails.some((m) => m.includes("Subject: [qvault] test notification"))).toBe(true);
    expect(JSON.stringify(await t.gql("{ notificationSettings { smtpUrl } }"))).not.toContain(
      "mail-password",
    );
  });

  it("tell once when a verification finds a damaged pack, and once when the next one passes, signed", async () => {
    const backup = await t.gql<any>("mutation { startBackup(input: { scope: FULL }) { id } }");
    await waitForJob(t, backup.data.startBackup.id);
    expect(await verify()).toBe("SUCCEEDED");
    const originals = new Map(packs().map((pack) => [pack, readFileSync(pack)]));
    for (const [pack, bytes] of originals) {
      const damaged = Buffer.from(bytes);
      const at = Math.floor(statSync(pack).size / 2);
      damaged[at] = damaged[at]! ^ 0xff;
      writeFileSync(pack, damaged);
    }
    expect(await verify()).toBe("FAILED");
    await until("the alert", () => hooks("verification").length === 1);
    // Failing again is no news: nothing more is sent.
    expect(await verify()).toBe("FAILED");
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(hooks("verification")).toHaveLength(1);

    const [alert] = hooks("verification");
    expect(alert!.json).toMatchObject({
      event: "alert.opened",
      check: "verification",
      status: "FAILING",
      previousStatus: "OK",
      health: "FAILING",
    });
    const timestamp = String(alert!.headers["x-qvault-timestamp"]);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const expected = createHmac("sha256", SECRET).update(`${timestamp}.${alert!.body}`).digest("hex");
    expect(alert!.headers["x-qvault-signature"]).toBe(`sha256=${expected}`);
    // The same alert went by email too.
    await until("the email", () => mails.some((m) => m.includes("Subject: [qvault] FAILING: verification")));

    for (const [pack, bytes] of originals) writeFileSync(pack, bytes);
    expect(await verify()).toBe("SUCCEEDED");
    await until("the resolution", () => hooks("verification").length === 2);
    const resolved = hooks("verification")[1]!;
    expect(resolved.json).toMatchObject({ event: "alert.resolved", check: "verification", status: "OK" });
    const signature = createHmac("sha256", SECRET)
      .update(`${resolved.headers["x-qvault-timestamp"]}.${resolved.body}`)
      .digest("hex");
    expect(resolved.headers["x-qvault-signature"]).toBe(`sha256=${signature}`);

    // Each delivery is logged once it is done.
    const wanted = [
      { channel: "WEBHOOK", event: "alert.opened", check: "verification", status: "FAILING", ok: true },
      { channel: "EMAIL", event: "alert.opened", check: "verification", status: "FAILING", ok: true },
      { channel: "WEBHOOK", event: "alert.resolved", check: "verification", status: "OK", ok: true },
    ];
    let logged: any[] = [];
    await until(
      "the delivery log",
      () => wanted.every((w) => logged.some((l) => JSON.stringify(l) === JSON.stringify(w))),
      15_000,
      async () => {
        logged = (await t.gql<any>("{ notificationDeliveries(first: 50) { channel event check status ok } }"))
          .data.notificationDeliveries;
      },
    );
  });

  it("tell when a restore drill fails on a damaged repository, and when one passes again", async () => {
    const drill = async () => {
      const started = await t.gql<any>("mutation { startDrill { id } }");
      return (await waitForJob(t, started.data.startDrill.id)).status;
    };
    const originals = new Map(packs().map((pack) => [pack, readFileSync(pack)]));
    for (const [pack, bytes] of originals) {
      const damaged = Buffer.from(bytes);
      damaged[Math.floor(bytes.length / 2)]! ^= 0xff;
      writeFileSync(pack, damaged);
    }
    expect(await drill()).toBe("FAILED");
    await until("the drill's alert", () => hooks("drill").length === 1);
    expect(hooks("drill")[0]!.json).toMatchObject({ event: "alert.opened", status: "FAILING" });
    expect(hooks("drill")[0]!.json.message).toContain("the last restore drill failed");
    for (const [pack, bytes] of originals) writeFileSync(pack, bytes);
    expect(await drill()).toBe("SUCCEEDED");
    await until("the drill's resolution", () => hooks("drill").length === 2);
    expect(hooks("drill")[1]!.json).toMatchObject({ event: "alert.resolved", status: "OK" });
  });

  it("try a failed delivery again, and ping after backups", async () => {
    failNext = 1;
    const test = await t.gql<any>(
      "mutation { sendTestNotification(channel: WEBHOOK) { ok attempts event } }",
    );
    expect(test.data.sendTestNotification).toEqual({ ok: true, attempts: 2, event: "test" });

    await t.gql(
      "mutation($input: NotificationSettingsInput!) { updateNotificationSettings(input: $input) { pingUrl } }",
      {
        input: { pingUrl: `${receiverUrl}/ping` },
      },
    );
    const backup = await t.gql<any>(
      'mutation { startBackup(input: { scope: FULL, note: "pinged" }) { id } }',
    );
    await waitForJob(t, backup.data.startBackup.id);
    await until("the ping", () => received.some((r) => r.path === "/ping"));
    const unset = await t.gql<any>(
      "mutation { updateNotificationSettings(input: { pingUrl: null }) { pingUrl } }",
    );
    expect(unset.data.updateNotificationSettings.pingUrl).toBeNull();
    const refused = await t.gql<any>("mutation { sendTestNotification(channel: PING) { ok } }");
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "channel" });
  });
});
