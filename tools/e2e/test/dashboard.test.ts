/**
 * The Settings and Dashboard pages in a real browser against the built product, with automatic
 * backups on (as shipped). Settings: changing the quiet period, the schedule and the retention
 * policy, the server's input errors on the field they name, the change surviving a reload, the
 * next runs of a schedule as it is typed (and its error before any save), the retention preview
 * following the policy as it is typed (with the bytes the server's dry run frees), and a
 * viewer's read-only form; a restore drill run now; a webhook set up (refused without its secret),
 * a signed test sent through it, and the delivery listed.
 * Dashboard: an edit made through the API shows as a pending change, with how long it has
 * waited counting up every second, and goes back to none when the automatic backup has taken
 * it, live over `healthChanged` (no HTTP request meanwhile), and the new backup reaches the
 * charts and the last-backup card over `backupCreated`.
 */
import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { backUpThroughApi, createKey, listQuestions, screenshotPath, setPrompt } from "../src/index.js";
import { useBrowserTests } from "../src/suite.js";

interface Settings {
  autoBackupDebounceMs: number;
  autoBackupMaxDelayMs: number;
  schedule: string | null;
  retention: { keepLast: number | null };
}

interface Health {
  pendingChanges: number;
  storage: { snapshotCount: number };
}

const { product, open, watched } = useBrowserTests({
  // Automatic backups stay on (the default); automatic cleanup is off so that no backup this
  // file counts is deleted under its assertions.
  env: { QVAULT_AUTO_PRUNE: "false" },
});

async function savedSettings(): Promise<Settings> {
  const result = await product.gql<{ backupSettings: Settings }>(
    "{ backupSettings { autoBackupDebounceMs autoBackupMaxDelayMs schedule retention { keepLast } } }",
  );
  return result.data!.backupSettings;
}

async function health(): Promise<Health> {
  const result = await product.gql<{ systemHealth: Health }>(
    "{ systemHealth { pendingChanges storage { snapshotCount } } }",
  );
  return result.data!.systemHealth;
}

/** What the API's dry run says the form's policy (the defaults, with `keepLast` changed) does now. */
async function wouldDo(keepLast: number | null): Promise<{ forget: number; bytesFreed: number }> {
  const saved = await product.gql<{ backupSettings: { retention: Record<string, number | null> } }>(
    "{ backupSettings { retention { keepLast keepHourly keepDaily keepWeekly keepMonthly keepYearly keepWithinDays } } }",
  );
  const retention = { ...saved.data!.backupSettings.retention, keepLast };
  const result = await product.gql<{ retentionPreview: { forget: unknown[]; bytesFreed: number } }>(
    "query ($retention: RetentionPolicyInput) { retentionPreview(retention: $retention) { forget { id } bytesFreed } }",
    { retention },
  );
  const preview = result.data!.retentionPreview;
  return { forget: preview.forget.length, bytesFreed: preview.bytesFreed };
}

/** How many backups that policy would delete now. */
async function wouldForget(keepLast: number | null): Promise<number> {
  return (await wouldDo(keepLast)).forget;
}

/** The preview's count of backups it would delete, once it is up to date with the form. */
async function previewForgets(preview: Locator): Promise<string | null> {
  if ((await preview.getAttribute("aria-busy")) === "true") return null;
  return preview.getAttribute("data-forget-count");
}

/** The bytes the preview says a cleanup would free, once it is up to date with the form. */
async function previewFrees(preview: Locator): Promise<string | null> {
  if ((await preview.getAttribute("aria-busy")) === "true") return null;
  return preview.getAttribute("data-bytes-freed");
}

/** When `schedule` would fire next, as the API works it out (5 runs). */
async function scheduleRuns(schedule: string): Promise<string[]> {
  const result = await product.gql<{ scheduleRuns: string[] }>(
    "query ($schedule: String!) { scheduleRuns(schedule: $schedule, count: 5) }",
    { schedule },
  );
  return result.data!.scheduleRuns;
}

/** The error message shown under an input (Mantine links it with aria-describedby). */
async function fieldError(input: Locator): Promise<string | null> {
  const ids = (await input.getAttribute("aria-describedby"))?.split(/\s+/) ?? [];
  const errorId = ids.find((id) => id.endsWith("-error"));
  return errorId ? input.page().locator(`[id="${errorId}"]`).textContent() : null;
}

async function backupCount(): Promise<number> {
  const result = await product.gql<{ backups: { totalCount: number } }>("{ backups { totalCount } }");
  return result.data!.backups.totalCount;
}

/** Adds `suffix` to the first question's prompt through the API, as another client would. */
async function editQuestion(suffix: string): Promise<void> {
  const [question] = await listQuestions(product, { first: 1 });
  await setPrompt(product, question!, `${question!.prompt}${suffix}`);
}

/** Waits (asking the API, the test's own check) until no edit waits for a backup. */
async function waitForNoPendingChanges(): Promise<void> {
  await expect.poll(async () => (await health()).pendingChanges, { timeout: 30_000, interval: 200 }).toBe(0);
}

describe("the Settings page", () => {
  it("saves the settings, shows the server's input errors on their fields, and keeps them after a reload", async () => {
    // Backups for the retention policy to choose from, all within a few seconds, each with a
    // new version of one question: deleting the older ones leaves data no backup needs.
    for (const round of [1, 2, 3]) {
      const backups = await backupCount();
      await editQuestion(` (version ${round})`);
      await expect.poll(backupCount, { timeout: 30_000 }).toBeGreaterThan(backups);
      await waitForNoPendingChanges();
    }
    const page = await open("/settings", product.adminToken);
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    const form = page.getByRole("form", { name: "Backup settings" });
    const debounce = form.getByRole("textbox", { name: "Quiet period" });
    const maxDelay = form.getByRole("textbox", { name: "Longest delay" });
    const schedule = form.getByRole("textbox", { name: "Schedule", exact: true });
    const keepLast = form.getByRole("textbox", { name: "Keep last" });
    await debounce.waitFor();
    expect(await debounce.inputValue()).toBe("500");
    expect(await maxDelay.inputValue()).toBe("2000");
    expect(await keepLast.inputValue()).toBe("10");

    // The live preview follows the policy as it is typed, before anything is saved.
    const preview = page.getByRole("region", { name: "Retention preview" });
    const keepingTen = await wouldDo(10);
    const keepingOne = await wouldDo(1);
    expect(keepingOne.forget).toBeGreaterThan(keepingTen.forget);
    expect(keepingOne.bytesFreed).toBeGreaterThan(keepingTen.bytesFreed);
    await expect.poll(() => previewForgets(preview)).toBe(String(keepingTen.forget));
    await expect.poll(() => previewFrees(preview)).toBe(String(keepingTen.bytesFreed));
    await preview.getByText("With the saved policy").waitFor();
    await keepLast.fill("1");
    await expect.poll(() => previewForgets(preview)).toBe(String(keepingOne.forget));
    // The bytes shown are the server's dry run of a cleanup, not a sum the page works out.
    await expect.poll(() => previewFrees(preview)).toBe(String(keepingOne.bytesFreed));
    await preview.getByText(/would free/).waitFor();
    await preview.getByText("If you save this policy").waitFor();
    expect(await preview.getByRole("table", { name: "Backups it would delete" }).locator("tr").count()).toBe(
      Math.min(keepingOne.forget, 8),
    );
    await page.screenshot({ path: screenshotPath("settings-retention-preview.png"), fullPage: true });

    // A schedule typed but not saved: its next runs, as the server works them out, show at once.
    const runs = form.getByRole("list", { name: "Next scheduled backups" }).getByRole("listitem");
    const shownRuns = () =>
      runs.locator("time").evaluateAll((times) => times.map((time) => time.getAttribute("datetime")));
    expect(await shownRuns()).toHaveLength(5);
    await schedule.fill("30 4 * * 2");
    await form.getByText("Next runs if you save this schedule").waitFor();
    await expect.poll(shownRuns).toEqual(await scheduleRuns("30 4 * * 2"));
    expect((await savedSettings()).schedule).toBe("0 3 * * *");

    // A schedule the server cannot read: its message is on the Schedule field as soon as the
    // typing stops, before any save; a save is refused with the same message, and saves nothing.
    const asked = await product.gql('{ scheduleRuns(schedule: "every night", count: 5) }');
    expect(asked.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "schedule" });
    const refused = await product.gql(
      'mutation { updateBackupSettings(input: { schedule: "every night" }) { schedule } }',
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "schedule" });
    expect(refused.errors![0]!.message).toBe(asked.errors![0]!.message);
    const reason = refused.errors![0]!.message.replace(/^schedule /, "");
    const shownReason = reason.charAt(0).toUpperCase() + reason.slice(1);
    await schedule.fill("every night");
    await expect.poll(() => fieldError(schedule)).toBe(shownReason);
    expect(await schedule.getAttribute("aria-invalid")).toBe("true");
    expect(await runs.count()).toBe(0);
    expect(watched().operations.filter((op) => op.operationName === "SaveBackupSettings")).toEqual([]);
    await page.screenshot({ path: screenshotPath("settings-schedule-error.png"), fullPage: true });

    await debounce.fill("1500");
    await keepLast.fill("3");
    await schedule.fill("every night");
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByText("fix the marked fields").waitFor();
    expect(await schedule.getAttribute("aria-invalid")).toBe("true");
    expect(await fieldError(schedule)).toBe(shownReason);
    expect(await debounce.getAttribute("aria-invalid")).not.toBe("true");
    expect((await savedSettings()).autoBackupDebounceMs).toBe(500);

    // A longest delay shorter than the quiet period: the message is on Longest delay, and names
    // the other field by its label, not by the API's name for it.
    await schedule.fill("0 */6 * * *");
    await maxDelay.fill("1000");
    await form.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => maxDelay.getAttribute("aria-invalid")).toBe("true");
    const message = await fieldError(maxDelay);
    expect(message).toMatch(/quiet period/);
    expect(message).not.toMatch(/autoBackup/);
    expect(await schedule.getAttribute("aria-invalid")).not.toBe("true");
    await page.screenshot({ path: screenshotPath("settings-input-error.png"), fullPage: true });
    expect((await savedSettings()).autoBackupDebounceMs).toBe(500);

    await maxDelay.fill("10000");
    await form.getByRole("button", { name: "Save" }).click();
    await page.getByText("Settings saved").waitFor();
    expect(await savedSettings()).toEqual({
      autoBackupDebounceMs: 1500,
      autoBackupMaxDelayMs: 10000,
      schedule: "0 */6 * * *",
      retention: { keepLast: 3 },
    });
    // The saved schedule's next runs, as the server works them out: every sixth hour.
    await form.getByText("Next runs", { exact: true }).waitFor();
    await expect.poll(shownRuns).toEqual(await scheduleRuns("0 */6 * * *"));

    await page.reload();
    await debounce.waitFor();
    expect(await debounce.inputValue()).toBe("1500");
    expect(await maxDelay.inputValue()).toBe("10000");
    expect(await schedule.inputValue()).toBe("0 */6 * * *");
    expect(await keepLast.inputValue()).toBe("3");
    await form.getByText("No changes").waitFor();
    await expect.poll(() => previewForgets(preview)).toBe(String(await wouldForget(3)));
    await expect.poll(() => previewFrees(preview)).toBe(String((await wouldDo(3)).bytesFreed));
    await expect.poll(() => runs.count()).toBe(5);
    await page.screenshot({ path: screenshotPath("settings.png"), fullPage: true });
  });

  it("sets up a copy to a second repository, copies now, and shows what it copied, at a phone's width", async () => {
    const { mkdtempSync, readdirSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const copyTo = join(mkdtempSync(join(tmpdir(), "qvault-e2e-copy-")), "copy");
    try {
      const page = await open("/settings", product.adminToken);
      await page.setViewportSize({ width: 390, height: 844 });
      const form = page.getByRole("form", { name: "Backup settings" });
      const location = form.getByRole("textbox", { name: "Copy to" });
      await location.waitFor();
      expect(await location.inputValue()).toBe("");
      expect(await form.getByRole("button", { name: "Copy now" }).isDisabled()).toBe(true);

      // A relative folder is refused on its field; an absolute one is saved.
      await location.fill("relative/copy");
      await form.getByRole("button", { name: "Save" }).click();
      await expect.poll(() => location.getAttribute("aria-invalid")).toBe("true");
      expect(await fieldError(location)).toMatch(/absolute folder path or s3:\/\/bucket\/prefix/);
      await location.fill(copyTo);
      await form.getByRole("button", { name: "Save" }).click();
      await page.getByText("Settings saved").waitFor();
      const saved = await product.gql<{ backupSettings: { copyTo: string; copyAfterBackup: boolean } }>(
        "{ backupSettings { copyTo copyAfterBackup } }",
      );
      expect(saved.data!.backupSettings).toEqual({ copyTo, copyAfterBackup: true });

      await form.getByRole("button", { name: "Copy now" }).click();
      const done = form.getByRole("status").filter({ hasText: "Copy finished" });
      await done.waitFor({ timeout: 30_000 });
      expect(await done.textContent()).toMatch(/Copied \d+ snapshots? .* to |holds every snapshot already/);
      expect(readdirSync(join(copyTo, "snapshots"), { recursive: true }).length).toBeGreaterThan(0);
      await page.screenshot({ path: screenshotPath("settings-copy-phone.png"), fullPage: true });
      const healthNow = await product.gql<{ systemHealth: { lastCopyAt: string | null } }>(
        "{ systemHealth { lastCopyAt } }",
      );
      expect(healthNow.data!.systemHealth.lastCopyAt).not.toBeNull();
    } finally {
      await product.gql("mutation { updateBackupSettings(input: { copyTo: null }) { copyTo } }");
      rmSync(join(copyTo, ".."), { recursive: true, force: true });
    }
  });

  it("runs a restore drill now and shows that it passed", async () => {
    await backUpThroughApi(product, "e2e: to drill");
    const page = await open("/settings", product.adminToken);
    const drills = page.getByRole("region", { name: "Restore drills" });
    await drills.getByRole("textbox", { name: "Drill schedule" }).waitFor();
    expect(await drills.getByRole("textbox", { name: "Drill schedule" }).inputValue()).toBe("0 4 * * 0");
    await drills.getByRole("button", { name: "Drill now" }).click();
    const done = drills.getByRole("status").filter({ hasText: "Drill passed" });
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toMatch(/into a scratch bank .*: every record matches the backup/);
    await drills.screenshot({ path: screenshotPath("settings-drill.png") });
  });

  it("sets up a webhook, sends a test through it, and lists the delivery, at a laptop's and a phone's width", async () => {
    const { createServer } = await import("node:http");
    const { createHmac } = await import("node:crypto");
    const bodies: { body: string; signature: string; timestamp: string }[] = [];
    const receiver = createServer(async (req, res) => {
      let body = "";
      for await (const chunk of req) body += chunk;
      bodies.push({
        body,
        signature: String(req.headers["x-qvault-signature"]),
        timestamp: String(req.headers["x-qvault-timestamp"]),
      });
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    const secret = "an e2e webhook secret";
    try {
      const page = await open("/settings", product.adminToken);
      const card = page.getByRole("region", { name: "Notifications" });
      const form = card.getByRole("form", { name: "Notification settings" });
      await form.getByRole("textbox", { name: "Webhook URL" }).fill(url);
      await form.getByRole("button", { name: "Save notifications" }).click();
      // A webhook needs its secret: refused on that field.
      await card.getByText("Not saved: fix the marked fields.").waitFor();
      await form.getByLabel("Webhook secret").fill(secret);
      await form.getByRole("button", { name: "Save notifications" }).click();
      await page.getByText("Notifications saved").waitFor();
      expect(await form.getByLabel("Webhook secret").inputValue()).toBe("");
      await form.getByRole("button", { name: "Send a test webhook" }).click();
      await page.getByText("The webhook works").waitFor();
      const test = bodies.find((b) => JSON.parse(b.body).event === "test")!;
      expect(test.signature).toBe(
        `sha256=${createHmac("sha256", secret).update(`${test.timestamp}.${test.body}`).digest("hex")}`,
      );
      const log = card.getByRole("table", { name: "Notifications sent" });
      await log.getByText("A test notification from qvault").first().waitFor();
      await card.screenshot({ path: screenshotPath("settings-notifications.png") });
      await page.setViewportSize({ width: 390, height: 844 });
      await card.screenshot({ path: screenshotPath("settings-notifications-phone.png") });
    } finally {
      await product.gql(
        "mutation { updateNotificationSettings(input: { webhookUrl: null }) { webhookUrl } }",
      );
      receiver.close();
    }
  });

  it("shows a viewer the settings and the preview, read-only", async () => {
    const secret = await createKey(product, "e2e settings viewer", "VIEWER");
    const page = await open("/settings", secret);
    const form = page.getByRole("form", { name: "Backup settings" });
    const keepLast = form.getByRole("textbox", { name: "Keep last" });
    await keepLast.waitFor();
    const saved = await savedSettings();
    expect(await keepLast.inputValue()).toBe(String(saved.retention.keepLast ?? ""));
    expect(await keepLast.isDisabled()).toBe(true);
    expect(await form.getByRole("textbox", { name: "Quiet period" }).isDisabled()).toBe(true);
    expect(await form.getByRole("switch", { name: "Back up every edit automatically" }).isDisabled()).toBe(
      true,
    );
    expect(await form.getByRole("button", { name: "Save" }).count()).toBe(0);
    await form.getByText("only ADMIN keys may change the settings").waitFor();
    const preview = page.getByRole("region", { name: "Retention preview" });
    await expect
      .poll(() => previewForgets(preview))
      .toBe(String(await wouldForget(saved.retention.keepLast)));
  });
});

describe("the Dashboard", () => {
  it("answers \"am I protected?\": the recovery point, backups per day, drills and the storage forecast, at a laptop's and a phone's width", async () => {
    while ((await health()).storage.snapshotCount < 2) await backUpThroughApi(product, "e2e: protection");
    const drill = await product.gql<{ startDrill: { id: string } }>("mutation { startDrill { id } }");
    await product.waitForJob(drill.data!.startDrill.id);
    const page = await open("/", product.adminToken);
    await page.setViewportSize({ width: 1280, height: 900 });
    const section = page.getByRole("region", { name: "Am I protected?" });
    const recovery = section.getByRole("figure", { name: "Recovery point" });
    await recovery.locator(".recharts-area-curve").waitFor({ state: "attached" });
    expect(Number(await recovery.getAttribute("data-points"))).toBeGreaterThanOrEqual(3);
    expect(await recovery.locator("figcaption").textContent()).toMatch(
      /^The newest backup is .+ old; at worst /,
    );
    const perDay = section.getByRole("figure", { name: "Backups per day" });
    await perDay.locator(".recharts-bar-rectangle").first().waitFor({ state: "attached" });
    expect(await perDay.locator("figcaption").textContent()).toMatch(/^\d+% of \d+ backups succeeded$/);
    const drills = section.getByRole("list", { name: "Each drill, oldest first" });
    await drills.getByRole("listitem").last().waitFor();
    expect(await drills.getByRole("listitem").last().textContent()).toMatch(/passed$/);
    expect(
      await section.getByRole("figure", { name: "Storage and forecast" }).locator("figcaption").textContent(),
    ).toMatch(/^Grows .+ a day; at that pace the disk is full around /);
    await section.screenshot({ path: screenshotPath("dashboard-protection.png") });
    await page.setViewportSize({ width: 390, height: 844 });
    await section.screenshot({ path: screenshotPath("dashboard-protection-phone.png") });
  });

  it("shows an edit waiting for a backup and the automatic backup taking it, live", async () => {
    // The server re-checks the health every 2 s: a quiet period longer than that keeps the edit
    // waiting through at least one check, so the page has a pending change to show.
    const changed = await product.gql(
      "mutation { updateBackupSettings(input: { autoBackupDebounceMs: 4000, autoBackupMaxDelayMs: 10000 }) { autoBackupDebounceMs } }",
    );
    expect(changed.errors).toBeUndefined();
    // The charts draw from the second backup on.
    while ((await health()).storage.snapshotCount < 2) await backUpThroughApi(product, "e2e: for the charts");
    await waitForNoPendingChanges();
    const before = await health();

    const page = await open("/", product.adminToken);
    const healthSection = page.getByRole("region", { name: "System health" });
    await healthSection.waitFor();
    await healthSection
      .getByRole("list", { name: "Health checks" })
      .locator('[data-check="pending changes"]')
      .waitFor();
    const pending = page.getByRole("group", { name: "Edits not yet in a backup" }).locator("[data-value]");
    const snapshots = page.getByRole("group", { name: "Snapshots" }).locator("[data-value]");
    const addedChart = page.getByRole("figure", { name: "Added per backup" });
    expect(await pending.getAttribute("data-value")).toBe("0");
    expect(await snapshots.getAttribute("data-value")).toBe(String(before.storage.snapshotCount));
    await addedChart.locator(".recharts-line-curve").waitFor({ state: "attached" });
    const pointsBefore = Number(await addedChart.getAttribute("data-points"));
    // The "am I protected?" charts, read once: new backups join them from the subscription.
    const perDayCaption = page
      .getByRole("region", { name: "Am I protected?" })
      .getByRole("figure", { name: "Backups per day" })
      .locator("figcaption");
    await perDayCaption.waitFor();
    const backupsShown = async () =>
      Number(/of (\d+) backups?/.exec((await perDayCaption.textContent()) ?? "")?.[1]);
    const shownBefore = await backupsShown();
    await page.screenshot({ path: screenshotPath("dashboard.png"), fullPage: true });

    // Every value the pending count shows from now on, in order.
    await page.evaluate(() => {
      const seen: string[] = [];
      Object.assign(window, { __pending: seen, __sameDocument: true });
      const sample = () => {
        const value = document
          .querySelector('[role="group"][aria-label="Edits not yet in a backup"] [data-value]')
          ?.getAttribute("data-value");
        if (value != null && seen.at(-1) !== value) seen.push(value);
      };
      sample();
      new MutationObserver(sample).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
      });
    });
    const seenValues = () => page.evaluate(() => (window as unknown as { __pending: string[] }).__pending);
    const startedAt = Date.now();

    // Someone edits a question through the API.
    await editQuestion(" (edited for the dashboard)");

    await expect
      .poll(async () => (await seenValues()).some((value) => Number(value) >= 1), { timeout: 15_000 })
      .toBe(true);
    // How long the edit has waited counts up on the page itself, every second, from the
    // health's `pendingSince` (a time the server sends once, in the <time> element's dateTime).
    const waited = healthSection.locator('[data-check="pending changes"] [data-message] time');
    await waited.waitFor({ timeout: 5_000 });
    const since = await waited.getAttribute("datetime");
    expect(Date.now() - Date.parse(since!)).toBeLessThan(60_000);
    const first = await waited.textContent();
    expect(first).toMatch(/^\d+ s$/);
    await expect.poll(() => waited.textContent(), { timeout: 3_000, interval: 100 }).not.toBe(first);
    expect(await waited.getAttribute("datetime")).toBe(since);
    await page.screenshot({ path: screenshotPath("dashboard-pending.png"), fullPage: true });
    // The automatic backup takes the edit: the count goes back to 0, and the backup arrives.
    await expect.poll(async () => (await seenValues()).at(-1), { timeout: 30_000 }).toBe("0");
    const seen = await seenValues();
    expect(seen[0]).toBe("0");
    expect(seen.slice(1, -1).every((value) => Number(value) >= 1)).toBe(true);
    // One automatic backup (a scheduled one could join it, should the clock strike its hour).
    const after = await health();
    expect(after.storage.snapshotCount).toBeGreaterThan(before.storage.snapshotCount);
    const added = after.storage.snapshotCount - before.storage.snapshotCount;
    await expect
      .poll(() => snapshots.getAttribute("data-value"), { timeout: 10_000 })
      .toBe(String(after.storage.snapshotCount));
    await expect.poll(() => addedChart.getAttribute("data-points")).toBe(String(pointsBefore + added));
    await expect.poll(backupsShown).toBe(shownBefore + added);
    const lastBackup = page.getByRole("region", { name: "Last backup" });
    await lastBackup.getByText("Automatic", { exact: true }).waitFor();
    await lastBackup.getByText("just now").waitFor();
    const newest = await product.gql<{
      backups: { edges: { node: { trigger: string; changedCount: number } }[] };
    }>("{ backups(first: 1) { edges { node { trigger changedCount } } } }");
    expect(newest.data!.backups.edges[0]!.node.trigger).toBe("AUTOMATIC");
    expect(newest.data!.backups.edges[0]!.node.changedCount).toBeGreaterThanOrEqual(1);
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await page.screenshot({ path: screenshotPath("dashboard-after-backup.png"), fullPage: true });

    // All of it came over the WebSocket: nothing went over HTTP while the edit was followed, and
    // the health (with the pending count) was never asked for over HTTP at all.
    const operations = watched().operations;
    expect(operations.filter((op) => op.at >= startedAt && op.transport === "http")).toEqual([]);
    expect(operations.some((op) => op.transport === "ws" && /\bhealthChanged\b/.test(op.query))).toBe(true);
    expect(operations.some((op) => op.transport === "ws" && /\bbackupCreated\b/.test(op.query))).toBe(true);
    expect(
      operations.filter(
        (op) => op.transport === "http" && /\b(systemHealth|pendingChanges)\b/.test(op.query),
      ),
    ).toEqual([]);
  });
});
