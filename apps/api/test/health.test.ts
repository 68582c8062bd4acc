import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, startTestServer, type TestServer, waitForJob } from "./helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.stop());

const HEALTH =
  "{ status checks { name status message } lastBackupAt pendingChanges nextScheduledBackupAt storage { bytesOnDisk logicalBytes compressionRatio dedupRatio snapshotCount recordCount freeBytes } }";

describe("system health", () => {
  it("is DEGRADED before the first backup, with the seeded bank pending; OK after a backup", async () => {
    const before = (await t.gql(`{ systemHealth ${HEALTH} }`)).data!.systemHealth;
    expect(before.status).toBe("DEGRADED");
    expect(before.checks.find((c: any) => c.name === "last backup")).toMatchObject({
      status: "DEGRADED",
      message: "no backup yet",
    });
    expect(before.pendingChanges).toBeGreaterThan(0);
    expect(before.nextScheduledBackupAt).toBeTruthy();

    const watcher = collect(
      t.ws(),
      `subscription { healthChanged ${HEALTH} }`,
      {},
      (e) => e.healthChanged.status === "OK",
    );
    const job = await t.gql("mutation { startBackup(input: { scope: FULL }) { id } }");
    await waitForJob(t, job.data!.startBackup.id);
    const after = (await t.gql(`{ systemHealth ${HEALTH} }`)).data!.systemHealth;
    expect(after).toMatchObject({ status: "OK", pendingChanges: 0, storage: { snapshotCount: 1 } });
    expect(after.storage.bytesOnDisk).toBeGreaterThan(0);
    expect(after.storage.compressionRatio).toBeGreaterThan(1);
    const events = await watcher.done;
    expect(events[0].healthChanged.status).toBe("DEGRADED");
    expect(events.at(-1).healthChanged).toMatchObject({ status: "OK", pendingChanges: 0 });
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });

  it("is FAILING after a verification finds damage, and /readyz says so", async () => {
    const dir = join(t.dataDir, "repository", "data");
    const pack = join(
      dir,
      String(readdirSync(dir, { recursive: true }).find((p) => String(p).endsWith(".pack"))),
    );
    const original = readFileSync(pack);
    const damaged = Buffer.from(original);
    damaged[100] = damaged[100]! ^ 0xff;
    writeFileSync(pack, damaged);
    try {
      const job = await t.gql("mutation { verifyRepository(readData: true) { id } }");
      expect((await waitForJob(t, job.data!.verifyRepository.id)).status).toBe("FAILED");
      const health = (await t.gql(`{ systemHealth ${HEALTH} }`)).data!.systemHealth;
      expect(health.status).toBe("FAILING");
      expect(health.checks.find((c: any) => c.name === "verification").status).toBe("FAILING");
      const ready = await fetch(`${t.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: "failing", checks: { health: "FAILING" } });
    } finally {
      writeFileSync(pack, original);
    }
    const again = await t.gql("mutation { verifyRepository(readData: true) { id } }");
    expect((await waitForJob(t, again.data!.verifyRepository.id)).status).toBe("SUCCEEDED");
    expect((await t.gql("{ systemHealth { status } }")).data!.systemHealth.status).toBe("OK");
  });
});
