/**
 * Every page of the admin with realistic data (see `src/tour-data.ts`: long notes, many automatic
 * backups, a restore plan with every kind of change, a finished restore, a cleanup's dry run and
 * a verification), at a phone's width (390 px) and a laptop's (1280 px), and in the dark scheme:
 * on each page the document is no wider than the window, no box in it scrolls sideways, no
 * button, link or badge has its words cut off, the page reported no error, and axe-core finds
 * no WCAG 2 A/AA violation. Each page is saved as a screenshot
 * (`tour-<page>-<width>.png`).
 *
 * Also here, because they need the same data: a reload just after "Restore now" lands on the
 * restore's live page, the color scheme switches, API keys are created (the secret shown once)
 * and revoked, the question editor refuses a repeated answer and says what a type switch does before doing it, a failed
 * backup is acknowledged from the dashboard, Settings cleans up after a dry run, and the Backups
 * page keeps one finished backup's panel at a time.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { auditPage, describeAudit } from "../src/audit.js";
import {
  archiveFileInput,
  fetchQuestion,
  openArchiveViewer,
  saveArchive,
  screenshotPath,
  settled,
} from "../src/index.js";
import { useBrowserTests } from "../src/suite.js";
import { makeTourData, type TourData } from "../src/tour-data.js";

const { product, open, watched } = useBrowserTests({
  env: { QVAULT_SEED_QUESTIONS: "300", QVAULT_AUTO_PRUNE: "false" },
});

let data: TourData;
/** The base backup as an archive file, for the viewer. */
let archivePath: string;
beforeAll(async () => {
  data = await makeTourData(product);
  const folder = await mkdtemp(join(tmpdir(), "qvault-tour-"));
  archivePath = join(folder, "base.qvar");
  await saveArchive(product, data.baseBackupId, archivePath);
  return () => rm(folder, { recursive: true, force: true });
}, 120_000);

interface TourStop {
  name: string;
  path: () => string;
  /** Waits until the page shows what it is about, and does what the stop is for. */
  ready(page: Page): Promise<void>;
}

const STOPS: TourStop[] = [
  {
    name: "dashboard",
    path: () => "/",
    ready: async (page) => {
      await page.getByRole("list", { name: "Health checks" }).waitFor();
      await page.getByRole("figure", { name: "Added per backup" }).waitFor();
    },
  },
  {
    name: "questions",
    path: () => "/questions",
    ready: (page) => page.getByRole("table", { name: "Questions" }).locator("tbody tr").first().waitFor(),
  },
  {
    name: "editor",
    path: () => `/questions/${data.questionId}`,
    ready: async (page) => {
      await page.getByRole("form", { name: "Question editor" }).waitFor();
      await settled(page.getByRole("dialog"));
    },
  },
  {
    name: "history",
    path: () => `/questions/${data.questionId}`,
    ready: async (page) => {
      await page.getByRole("tab", { name: "History" }).click();
      await page.locator("[data-version-count]").waitFor();
      await settled(page.getByRole("dialog"));
    },
  },
  {
    name: "backups",
    path: () => "/backups",
    ready: (page) => page.locator(`tr[data-backup-id="${data.longNoteBackupId}"]`).waitFor(),
  },
  {
    name: "back-up-now",
    path: () => "/backups",
    ready: async (page) => {
      await page.getByRole("button", { name: "Back up now" }).click();
      await settled(page.getByRole("dialog", { name: "Back up now" }));
    },
  },
  {
    name: "backup",
    path: () => `/backups/${data.longNoteBackupId}`,
    ready: (page) => page.getByRole("heading", { name: /^Backup of / }).waitFor(),
  },
  {
    name: "restore-plan",
    path: () => `/backups/${data.baseBackupId}/restore`,
    ready: async (page) => {
      await page.getByRole("button", { name: "Preview the restore" }).click();
      // Every kind of change, each of its tab reachable and listing its item.
      for (const kind of ["ADDED", "DELETED", "UNCHANGED", "CHANGED"]) {
        await page.locator(`[data-count="${kind}"]`).waitFor();
        await page
          .getByRole("radiogroup", { name: "Show changes of kind" })
          .getByText(new RegExp(`^${kind.charAt(0)}${kind.slice(1).toLowerCase()} \\(`))
          .click();
        await page.locator(`[data-item-id][data-kind="${kind}"]`).first().waitFor();
      }
      // The changed question's diff opens.
      const item = page.locator('[data-item-id][data-kind="CHANGED"]').first();
      await item.getByRole("button").first().click();
      await item.locator('tr[data-field="prompt"] [data-side="after"]').waitFor();
      await settled(item.locator('tr[data-field="prompt"]'));
    },
  },
  {
    name: "restore-scope",
    path: () => `/backups/${data.baseBackupId}/restore`,
    ready: async (page) => {
      await page.getByRole("radio", { name: /^Sections/ }).click();
      await page.getByRole("checkbox").first().waitFor();
    },
  },
  {
    name: "restore-confirm",
    path: () => `/backups/${data.baseBackupId}/restore`,
    ready: async (page) => {
      await page.getByRole("button", { name: "Preview the restore" }).click();
      await page.locator('[data-count="CHANGED"]').waitFor();
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByRole("button", { name: "Restore now" }).waitFor();
    },
  },
  {
    name: "restore",
    path: () => `/restores/${data.restoreJobId}`,
    ready: (page) => page.getByRole("status").filter({ hasText: "Restore finished" }).waitFor(),
  },
  {
    name: "jobs",
    path: () => "/jobs",
    ready: (page) => page.locator('tr[data-kind="RESTORE"]').first().waitFor(),
  },
  {
    name: "job",
    path: () => `/jobs/${data.restoreJobId}`,
    ready: (page) => page.getByRole("region", { name: "About this job" }).waitFor(),
  },
  {
    name: "settings",
    path: () => "/settings",
    ready: (page) => page.locator("section[data-keep-count]").waitFor(),
  },
  {
    name: "archive",
    path: () => "/archive",
    ready: (page) => page.locator('[data-reader="ready"]').waitFor(),
  },
  {
    name: "archive-open",
    path: () => "/archive",
    ready: async (page) => {
      await openArchiveViewer(page);
      await archiveFileInput(page).setInputFiles(archivePath);
      await page.getByRole("status").filter({ hasText: "Every record checked" }).waitFor();
      await page.getByRole("table", { name: "Questions in this file" }).locator("tbody tr").first().waitFor();
    },
  },
  {
    name: "keys",
    path: () => "/keys",
    ready: (page) => page.getByRole("table", { name: "API keys" }).waitFor(),
  },
  {
    name: "not-found",
    path: () => "/no-such-page",
    ready: (page) => page.getByRole("heading", { name: "Page not found" }).waitFor(),
  },
];

/** Visits every stop on `page` (signed in), auditing each; returns what failed, in words. */
async function tour(page: Page, suffix: string): Promise<string[]> {
  const failures: string[] = [];
  // The not-found stop is answered 404 (with the admin's page), which the browser logs.
  watched().allow(/Failed to load resource: the server responded with a status of 404/);
  for (const stop of STOPS) {
    await page.goto(stop.path());
    await stop.ready(page);
    const audit = await auditPage(page);
    await page.screenshot({ path: screenshotPath(`tour-${stop.name}-${suffix}.png`), fullPage: true });
    if (
      audit.scrollWidth > audit.innerWidth ||
      audit.sidewaysScrollers.length > 0 ||
      audit.violations.length > 0
    )
      failures.push(`${stop.name} at ${suffix}:\n${describeAudit(audit)}`);
  }
  return failures;
}

describe("every page", () => {
  for (const width of [390, 1280]) {
    it(`fits ${width} px without sideways scrolling and passes axe's WCAG 2 A/AA checks`, async () => {
      const page = await open("/", product.adminToken);
      await page.setViewportSize({ width, height: 900 });
      expect(await tour(page, String(width))).toEqual([]);
    });
  }

  it("includes the sign-in page", async () => {
    const page = await open("/sign-in");
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await page.getByRole("button", { name: "Sign in" }).waitFor();
      const audit = await auditPage(page);
      await page.screenshot({ path: screenshotPath(`tour-sign-in-${width}.png`), fullPage: true });
      expect(
        audit.scrollWidth <= audit.innerWidth && audit.violations.length === 0,
        describeAudit(audit),
      ).toBe(true);
    }
  });

  it("passes them in the dark scheme too", async () => {
    const page = await open("/sign-in");
    await page.emulateMedia({ colorScheme: "dark" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByLabel("API key").fill(product.adminToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    expect(await tour(page, "1280-dark")).toEqual([]);
  });
});

describe("the color scheme", () => {
  it("follows the system, and the header's button switches it (kept after a reload)", async () => {
    const page = await open("/", product.adminToken);
    const scheme = () =>
      page.evaluate(() => document.documentElement.getAttribute("data-mantine-color-scheme"));
    await page.getByRole("heading", { name: "Dashboard" }).waitFor();
    expect(await scheme()).toBe("light");
    await page.getByRole("button", { name: "Switch to dark mode" }).click();
    expect(await scheme()).toBe("dark");
    await page.reload();
    await page.getByRole("button", { name: "Switch to light mode" }).waitFor();
    expect(await scheme()).toBe("dark");
  });
});

describe("a restore", () => {
  it("survives a reload just after Restore now: the page lands on that restore's live page", async () => {
    const page = await open(`/backups/${data.baseBackupId}/restore`, product.adminToken);
    // The server's answer to startRestore is held back until the page has reloaded: the
    // request reaches the server (which starts the restore), the answer never reaches the page.
    let answered = false;
    await page.route("**/graphql", async (route) => {
      const body = route.request().postDataJSON() as { operationName?: string } | null;
      if (body?.operationName !== "StartRestore") return route.continue();
      const response = await route.fetch();
      answered = true;
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await route.fulfill({ response }).catch(() => undefined);
    });
    // Everything, replaced: the plan has every kind of change, and the word must be typed.
    await page.getByRole("button", { name: "Preview the restore" }).click();
    await page.locator('[data-count="CHANGED"]').waitFor();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByLabel(/^Type “everything” to confirm/).fill("everything");
    await page.getByRole("button", { name: "Restore now" }).click();
    await expect.poll(() => answered).toBe(true);
    await page.reload();

    await page.waitForURL(/\/restores\/[^/?]+$/, { timeout: 20_000 });
    const jobId = new URL(page.url()).pathname.split("/").pop()!;
    await page.getByRole("progressbar", { name: "Restore progress" }).waitFor();
    await page.getByRole("status").filter({ hasText: "Restore finished" }).waitFor({ timeout: 30_000 });
    const job = await product.data<{ job: { kind: string; input: { backupId: string } } }>(
      "query ($id: ID!) { job(id: $id) { kind input } }",
      { id: jobId },
    );
    expect(job.job.kind).toBe("RESTORE");
    expect(job.job.input.backupId).toBe(data.baseBackupId);
    // Back on the wizard, nothing is pending any more: it starts over at step 1.
    await page.goto(`/backups/${data.baseBackupId}/restore`);
    await page.getByRole("button", { name: "Preview the restore" }).waitFor();
  });
});

describe("API keys", () => {
  it("creates a key, shows its secret once with a copy button, and revokes it", async () => {
    const page = await open("/keys", product.adminToken);
    const table = page.getByRole("table", { name: "API keys" });
    await table.waitFor();
    await page.getByRole("button", { name: "New key" }).click();
    const dialog = page.getByRole("dialog", { name: "New API key" });
    await dialog.getByLabel("Name").fill("e2e: nightly export");
    await dialog.getByText("Operator", { exact: true }).click();
    await dialog.getByRole("button", { name: "Create the key" }).click();
    const shown = page.getByRole("dialog", { name: "Copy the new key now" });
    const secret = (await shown.getByLabel("The new key's secret").textContent())?.trim() ?? "";
    expect(secret.length).toBeGreaterThan(16);
    await shown.getByRole("button", { name: "Copy the key" }).waitFor();
    await page.screenshot({ path: screenshotPath("keys-created.png") });
    // The secret works: the API knows it as the new OPERATOR key.
    const me = await product.data<{ me: { name: string; role: string } }>("{ me { name role } }", {}, secret);
    expect(me.me).toEqual({ name: "e2e: nightly export", role: "OPERATOR" });
    await shown.getByRole("button", { name: "Done" }).click();

    const row = table.locator("tbody tr").filter({ hasText: "e2e: nightly export" });
    await row.waitFor();
    expect(await page.getByText(secret).count()).toBe(0);
    await row.getByRole("button", { name: "Revoke" }).click();
    await page
      .getByRole("dialog", { name: "Revoke this key?" })
      .getByRole("button", { name: "Revoke the key" })
      .click();
    await expect.poll(() => row.getAttribute("data-revoked")).toBe("true");
    await row.getByText(/^Revoked/).waitFor();
    const refused = await product.gql("{ me { name } }", {}, secret);
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("is where the sign-in page sends people for more keys", async () => {
    const page = await open("/sign-in");
    await page.getByText(/API keys/).waitFor();
    expect(await page.getByText("createApiKey").count()).toBe(0);
  });
});

describe("the question editor", () => {
  it("refuses a repeated answer on its field, and confirms a type switch that changes the answers", async () => {
    const page = await open(`/questions/${data.questionId}`, product.adminToken);
    const form = page.getByRole("form", { name: "Question editor" });
    await form.waitFor();
    const first = (await form.getByRole("textbox", { name: "Answer 1" }).inputValue()).trim();
    const second = form.getByRole("textbox", { name: "Answer 2" });
    const before = await fetchQuestion(product, data.questionId);

    await second.fill(` ${first.toUpperCase()} `);
    await form.getByText("Same as answer 1: each answer must differ").waitFor();
    const sentBefore = watched().operations.length;
    await form.getByRole("button", { name: "Save" }).click();
    await page.waitForTimeout(300);
    expect(
      watched()
        .operations.slice(sentBefore)
        .filter((op) => op.operationName === "SaveQuestion"),
    ).toEqual([]);
    expect((await fetchQuestion(product, data.questionId)).answers).toEqual(before.answers);
    await page.screenshot({ path: screenshotPath("editor-duplicate.png") });

    // Single choice to true/false: four answers become two, and the editor says so first.
    await form.getByRole("textbox", { name: "Answer 2" }).fill("Something else entirely");
    await form.getByRole("combobox", { name: "Type" }).click();
    await page.getByRole("option", { name: "True / false" }).click();
    const confirm = page.getByRole("dialog", { name: /^Change the type to true \/ false\?$/ });
    await confirm
      .getByRole("list", { name: "What happens to the answers" })
      .getByText(/will be removed/)
      .waitFor();
    await confirm.getByRole("button", { name: /^Keep / }).click();
    expect(await form.getByRole("textbox", { name: /^Answer \d+$/ }).count()).toBe(before.answers.length);
    await form.getByRole("combobox", { name: "Type" }).click();
    await page.getByRole("option", { name: "True / false" }).click();
    await page.getByRole("button", { name: "Change the type" }).click();
    await expect.poll(() => form.getByRole("textbox", { name: /^Answer \d+$/ }).count()).toBe(2);
  });
});

describe("the dashboard", () => {
  it("shows a failed backup in words and acknowledges it, after which the health clears", async () => {
    const page = await open("/", product.adminToken);
    const failure = page.locator(`[data-failure="${data.failedJobId}"]`);
    await failure.getByText(/Backup failed .*: Storage failed/).waitFor();
    expect(
      await failure.getByRole("button", { name: "Copy the error code" }).getAttribute("data-value"),
    ).toBe("STORAGE_ERROR");
    await failure.getByRole("button", { name: "Acknowledge" }).click();
    await failure.waitFor({ state: "detached" });
    const job = await product.data<{ job: { acknowledgedAt: string | null; acknowledgedBy: string | null } }>(
      "query ($id: ID!) { job(id: $id) { acknowledgedAt acknowledgedBy } }",
      { id: data.failedJobId },
    );
    expect(job.job.acknowledgedAt).not.toBeNull();
    expect(job.job.acknowledgedBy).toBeTruthy();
  });
});

describe("settings", () => {
  it("shows which rule keeps each backup, and cleans up now after a dry run", async () => {
    const page = await open("/settings", product.adminToken);
    const kept = page.getByRole("table", { name: "Backups it keeps, and why" });
    await kept.locator(`[data-backup-id="${data.longNoteBackupId}"] [data-reason="pinned"]`).waitFor();
    await page.getByRole("button", { name: "Clean up now…" }).click();
    const dialog = page.getByRole("dialog", { name: "Clean up now?" });
    await dialog.getByText("This was a dry run: nothing is deleted yet.").waitFor();
    const dryRun = await dialog.locator("[data-dry-run]").getAttribute("data-dry-run");
    const dry = await product.data<{ job: { kind: string; input: { dryRun: boolean } } }>(
      "query ($id: ID!) { job(id: $id) { kind input } }",
      { id: dryRun },
    );
    expect(dry.job).toMatchObject({ kind: "PRUNE", input: { dryRun: true } });
    await settled(dialog);
    await page.screenshot({ path: screenshotPath("settings-cleanup-dry-run.png") });
    await dialog.getByRole("button", { name: /^(Delete and clean up|Clean up)$/ }).click();
    await page
      .getByRole("dialog", { name: "Cleaning up" })
      .getByText("Cleanup finished")
      .waitFor({ timeout: 30_000 });
  });
});

describe("the Backups page", () => {
  it("keeps one finished backup's panel at a time above the list", async () => {
    const page = await open("/backups", product.adminToken);
    const panels = page.getByRole("region", { name: "Running backup" });
    for (const note of ["e2e: first of two", "e2e: second of two"]) {
      await page.getByRole("button", { name: "Back up now" }).click();
      const dialog = page.getByRole("dialog", { name: "Back up now" });
      await dialog.getByRole("textbox", { name: "Note" }).fill(note);
      await dialog.getByRole("button", { name: "Start backup" }).click();
      await panels
        .filter({ hasText: note })
        .getByRole("status")
        .filter({ hasText: "Backup finished" })
        .waitFor();
      await page
        .getByRole("table", { name: "Backups" })
        .locator("tbody tr")
        .filter({ hasText: note })
        .waitFor();
    }
    expect(await panels.count()).toBe(1);
    await panels.getByRole("button", { name: "Dismiss" }).click();
    expect(await panels.count()).toBe(0);
  });
});
