/**
 * The Backups pages in a real browser against the built product with a bank of 5,000 questions:
 * backing up with live progress (over the `jobProgress` subscription, never by polling `job`),
 * the new backup on top of the history without a reload, browsing it and seeing a question as
 * stored; a backup of chosen questions; what each role may do; pin, unpin and delete, and the
 * server's CONFLICT when a backup was pinned behind the page's back.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { backUpThroughApi, createKey, screenshotPath, settled } from "../src/index.js";
import { useBrowserTests } from "../src/suite.js";

const BANK_SIZE = 5000;

interface StoredQuestion {
  id: string;
  prompt: string;
  type: string;
  answers: { text: string; isCorrect: boolean }[];
}

/** What the page's progress bar showed, sampled on every change of the DOM. */
interface ProgressSample {
  status: string | null;
  valueNow: string | null;
  text: string | null;
}

const { product, open, watched } = useBrowserTests({
  // Only the backups this file takes: automatic ones (of the seeded bank) and retention would
  // change the history's counts under the assertions.
  env: {
    QVAULT_SEED_QUESTIONS: String(BANK_SIZE),
    QVAULT_AUTO_BACKUP: "false",
    QVAULT_AUTO_PRUNE: "false",
  },
});

/** Records every state the "Backup progress" bar shows, from now on, in `window.__progress`. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const samples: ProgressSample[] = [];
    (window as unknown as { __progress: ProgressSample[] }).__progress = samples;
    const sample = () => {
      const bar = document.querySelector('[role="progressbar"][aria-label="Backup progress"]');
      if (!bar) return;
      const next = {
        status: bar.closest("[data-job-status]")?.getAttribute("data-job-status") ?? null,
        valueNow: bar.getAttribute("aria-valuenow"),
        text: bar.getAttribute("aria-valuetext"),
      };
      const last = samples.at(-1);
      if (!last || last.status !== next.status || last.valueNow !== next.valueNow || last.text !== next.text)
        samples.push(next);
    };
    new MutationObserver(sample).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

const progressSamples = (page: Page) =>
  page.evaluate(() => (window as unknown as { __progress: ProgressSample[] }).__progress);

/** The first row of the history table. */
const topRow = (page: Page) => page.getByRole("table", { name: "Backups" }).locator("tbody tr").first();

describe("backing up from the Backups page", () => {
  it("shows live progress, puts the backup on top without a reload, and browses it", async () => {
    const note = "e2e: before the spring edit";
    const existing = await product.gql<{ backups: { totalCount: number } }>("{ backups { totalCount } }");
    const before = existing.data!.backups.totalCount;
    const page = await open("/backups", product.adminToken);
    await page.getByRole("heading", { name: "Backups" }).waitFor();
    await page.getByText(before === 0 ? "No backups yet" : `of ${before}`).waitFor();
    await recordProgress(page);
    // Survives anything but a reload of the page.
    await page.evaluate(() => Object.assign(window, { __sameDocument: true }));
    const startedAt = Date.now();

    await page.getByRole("button", { name: "Back up now" }).click();
    const dialog = page.getByRole("dialog", { name: "Back up now" });
    await dialog.getByRole("textbox", { name: "Note" }).fill(note);
    await settled(dialog);
    await page.screenshot({ path: screenshotPath("backup-now-modal.png") });
    await dialog.getByRole("button", { name: "Start backup" }).click();

    const bar = page.getByRole("progressbar", { name: "Backup progress" });
    await bar.waitFor();
    try {
      await page.locator('[data-job-status="RUNNING"]').first().waitFor({ timeout: 3000 });
      await page.screenshot({ path: screenshotPath("backup-progress.png") });
    } catch {
      // Finished before a screenshot could catch it; the samples below still prove it ran live.
    }
    await page.getByRole("status").filter({ hasText: "Backup finished" }).waitFor();
    expect(await bar.getAttribute("aria-valuenow")).toBe("100");

    const samples = await progressSamples(page);
    expect(samples.length).toBeGreaterThan(1);
    expect(samples.some((s) => s.status === "RUNNING" || s.status === "QUEUED")).toBe(true);
    expect(samples.at(-1)).toMatchObject({ status: "SUCCEEDED", valueNow: "100" });

    // Progress came over the WebSocket; nothing asked for `job` or `jobs` over HTTP meanwhile.
    const during = watched().operations.filter((op) => op.at >= startedAt);
    expect(during.some((op) => op.transport === "ws" && /\bjobProgress\s*\(/.test(op.query))).toBe(true);
    const polled = during.filter((op) => op.transport === "http" && /\bjobs?\s*\(/.test(op.query));
    expect(polled.map((op) => op.operationName)).toEqual([]);
    // The history was not fetched again either: the new backup joined it through the cache.
    expect(during.filter((op) => op.operationName === "BackupHistory")).toEqual([]);

    const openLink = page.getByRole("link", { name: "Open the backup" });
    const backupId = (await openLink.getAttribute("href"))!.split("/").at(-1)!;
    await expect.poll(() => topRow(page).getAttribute("data-backup-id")).toBe(backupId);
    await expect.poll(() => topRow(page).textContent()).toContain(note);
    expect(await topRow(page).textContent()).toContain("5,000");
    expect(
      await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    // The first page (20) plus the new backup on top of it.
    await page.getByText(`Showing ${Math.min(before, 20) + 1} of ${before + 1}`).waitFor();
    await page.screenshot({ path: screenshotPath("backups-history.png") });

    // Open it and find one question as it was stored.
    const listed = await product.gql<{ questions: { edges: { node: StoredQuestion }[] } }>(
      "{ questions(first: 1) { edges { node { id prompt type answers { text isCorrect } } } } }",
    );
    const question = listed.data!.questions.edges[0]!.node;
    await topRow(page).locator("td").nth(3).click();
    await page.waitForURL(new RegExp(`/backups/${backupId}$`));
    await page.getByRole("heading", { name: /^Backup of / }).waitFor();
    await page.getByText(`“${note}”`).waitFor();
    await page.getByRole("table", { name: "Sections in this backup" }).waitFor();
    await page.getByText(`Showing 25 of ${BANK_SIZE.toLocaleString("en-US")}`).waitFor();
    await page.screenshot({ path: screenshotPath("backup-detail.png"), fullPage: true });

    await page.getByRole("textbox", { name: "Search this backup" }).fill(question.prompt);
    await page.waitForURL(/[?&]q=/);
    const row = page.locator(`tr[data-question-id="${question.id}"]`);
    await row.waitFor();
    await row.click();
    const drawer = page.getByRole("dialog", { name: /Question as stored/ });
    await drawer.getByText(question.prompt, { exact: true }).waitFor();
    await settled(drawer);
    const answers = drawer.getByRole("list", { name: "Answers" }).getByRole("listitem");
    expect(await answers.count()).toBe(question.answers.length);
    const correct =
      question.type === "SHORT_ANSWER" ? question.answers : question.answers.filter((a) => a.isCorrect);
    expect(await drawer.locator('[role="listitem"][data-correct="true"]').count()).toBe(correct.length);
    for (const answer of correct)
      expect(
        await drawer
          .locator('[role="listitem"][data-correct="true"]')
          .filter({ hasText: answer.text })
          .count(),
      ).toBeGreaterThan(0);

    const stored = await product.gql<{
      backup: { questions: { edges: { node: { id: string; digest: string } }[] } };
    }>(
      "query ($id: ID!, $q: String) { backup(id: $id) { questions(search: $q) { edges { node { id digest } } } } }",
      {
        id: backupId,
        q: question.prompt,
      },
    );
    const digest = stored.data!.backup.questions.edges.find((edge) => edge.node.id === question.id)!.node
      .digest;
    expect(await drawer.getByLabel("Digest", { exact: true }).textContent()).toBe(digest);
    await page.screenshot({ path: screenshotPath("backup-question.png") });
  });
});

describe("what each role may do", () => {
  it("lets an operator back up chosen questions, but not pin or delete", async () => {
    await backUpThroughApi(product, "e2e: for the operator's view");
    const secret = await createKey(product, "e2e operator", "OPERATOR");
    const page = await open("/backups", secret);
    await topRow(page).waitFor();
    expect(await page.getByRole("button", { name: "Pin this backup", exact: true }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Delete this backup" }).count()).toBe(0);

    await page.getByRole("button", { name: "Back up now" }).click();
    const dialog = page.getByRole("dialog", { name: "Back up now" });
    await dialog.getByText("Chosen questions", { exact: true }).click();
    await dialog.getByRole("button", { name: "Start backup" }).click();
    await dialog.getByText("Choose at least one question").waitFor();

    await dialog.getByRole("textbox", { name: "Find questions" }).fill("the");
    const matches = dialog.getByRole("group", { name: "Matching questions" }).getByRole("checkbox");
    await matches.first().waitFor();
    await matches.nth(0).check();
    await matches.nth(1).check();
    await dialog.getByText("2 questions chosen").waitFor();
    await settled(dialog);
    await page.screenshot({ path: screenshotPath("backup-now-questions.png") });
    await dialog.getByRole("button", { name: "Start backup" }).click();

    await page.getByRole("status").filter({ hasText: "Backup finished" }).waitFor();
    await expect.poll(() => topRow(page).textContent()).toMatch(/2 questions in [12] sections?/);
  });

  it("shows a viewer the history and a backup, with no write buttons", async () => {
    const secret = await createKey(product, "e2e viewer", "VIEWER");
    const page = await open("/backups", secret);
    await topRow(page).waitFor();
    expect(await page.getByRole("button", { name: "Back up now" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Delete this backup" }).count()).toBe(0);
    await topRow(page).locator("td").nth(3).click();
    await page.getByRole("heading", { name: /^Backup of / }).waitFor();
    expect(await page.getByRole("button", { name: "Delete" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^(Pin|Unpin)$/ }).count()).toBe(0);
  });
});

describe("pinning and deleting", () => {
  it("pins and unpins, refuses to delete what the server knows pinned, and deletes after asking", async () => {
    const backupId = await backUpThroughApi(product, "e2e: to be deleted");
    const page = await open("/backups", product.adminToken);
    const row = page.locator(`tr[data-backup-id="${backupId}"]`);
    await row.waitFor();

    await row.getByRole("button", { name: "Pin this backup", exact: true }).click();
    await row.getByRole("img", { name: "Pinned" }).waitFor();
    expect(await row.getByRole("button", { name: "Delete this backup" }).getAttribute("data-disabled")).toBe(
      "true",
    );
    await row.getByRole("button", { name: "Unpin this backup" }).click();
    await row.getByRole("button", { name: "Pin this backup", exact: true }).waitFor();
    expect(await row.getByRole("img", { name: "Pinned" }).count()).toBe(0);

    // Another admin pins it; this page still shows it unpinned.
    await product.gql("mutation ($id: ID!) { pinBackup(id: $id, pinned: true) { id } }", {
      id: backupId,
    });
    await row.getByRole("button", { name: "Delete this backup" }).click();
    const confirm = page.getByRole("dialog", { name: "Delete this backup?" });
    await confirm.getByRole("button", { name: "Delete backup" }).click();
    await confirm.getByRole("alert").filter({ hasText: "is pinned" }).waitFor();
    // The page learnt that it is pinned: Delete is off until it is unpinned.
    await expect.poll(() => confirm.getByRole("button", { name: "Delete backup" }).isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath("backup-delete-conflict.png") });
    await confirm.getByRole("button", { name: "Keep it" }).click();
    await row.getByRole("img", { name: "Pinned" }).waitFor();

    await row.getByRole("button", { name: "Unpin this backup" }).click();
    await row.getByRole("button", { name: "Pin this backup", exact: true }).waitFor();
    await row.getByRole("button", { name: "Delete this backup" }).click();
    await confirm.getByRole("button", { name: "Delete backup" }).click();
    await page.getByText("Backup deleted").waitFor();
    await row.waitFor({ state: "detached" });
    const after = await product.gql<{ backup: null | { id: string } }>(
      "query ($id: ID!) { backup(id: $id) { id } }",
      { id: backupId },
    );
    expect(after.data!.backup).toBeNull();
  });
});
