/**
 * A missed schedule is told: with a schedule whose next two runs are a minute apart but hours
 * away (so the server takes no scheduled backup meanwhile), the newest backup is soon older than
 * one and a half periods; the health's "last backup" check degrades and a webhook receiver of the
 * test's own gets one alert, then one resolution once a backup is taken. It waits over 90 s of
 * real time, so it runs once (on SQLite): nothing in it depends on the database.
 */
import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { testDatabaseKind } from "@qvault/test-server/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer, waitForJob } from "./helpers/test-server.js";

let receiver: Server;
const alerts: any[] = [];
let t: TestServer;

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    alerts.push(JSON.parse(body));
    res.writeHead(204).end();
  });
  receiver.listen(0, "127.0.0.1");
  await once(receiver, "listening");
  t = await startTestServer({
    QVAULT_REPOSITORY: "repository",
    QVAULT_NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
    QVAULT_NOTIFY_WEBHOOK_SECRET: "missed-schedule-secret",
  });
});
afterAll(async () => {
  await t?.stop();
  receiver?.close();
});

const lastBackup = () => alerts.filter((a) => a.check === "last backup");

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.skipIf(testDatabaseKind() === "postgres")("a missed schedule", () => {
  it("makes one alert when the newest backup is older than the schedule allows, and one when a backup comes", async () => {
    const hour = (new Date().getHours() + 12) % 24;
    const saved = await t.gql<any>(
      `mutation { updateBackupSettings(input: { schedule: "0,1 ${hour} * * *" }) { schedule } }`,
    );
    expect(saved.errors).toBeUndefined();
    const backup = await t.gql<any>("mutation { startBackup(input: { scope: FULL }) { id } }");
    await waitForJob(t, backup.data.startBackup.id);
    // "No backup yet" may have been told at start; it is resolved by this backup.
    await until(
      "the first backup's resolution",
      () => lastBackup().at(-1)?.event === "alert.resolved" || lastBackup().length === 0,
      10_000,
    );
    const before = lastBackup().length;

    await until("the missed schedule's alert", () => lastBackup().length > before, 120_000);
    expect(lastBackup().at(-1)).toMatchObject({ event: "alert.opened", status: "DEGRADED" });
    expect(lastBackup().at(-1).message).toMatch(
      /^last backup is DEGRADED: .* ago \(expected at least every 1 min\)$/,
    );
    const health = await t.gql<any>("{ systemHealth { checks { name status } } }");
    expect(health.data.systemHealth.checks.find((c: any) => c.name === "last backup").status).toBe(
      "DEGRADED",
    );

    const again = await t.gql<any>("mutation { startBackup(input: { scope: FULL }) { id } }");
    await waitForJob(t, again.data.startBackup.id);
    await until("the resolution", () => lastBackup().length === before + 2, 15_000);
    expect(lastBackup().at(-1)).toMatchObject({ event: "alert.resolved", status: "OK" });
  }, 180_000);
});
