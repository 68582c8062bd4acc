/**
 * Restores in a real browser against the built product (no automatic backups, so the only
 * backups are the test's and the restores' safety backups): the wizard from a backup's page
 * restoring one section, with the edited question's diff in the plan, live progress over
 * `jobProgress`, the page reattaching after a reload, the old prompt back in the Questions page,
 * the safety backup's note naming the restored backup by its time, and Undo bringing the edit
 * back; a question's history and "Restore this version" (the safety backup's note in words
 * there too); and a viewer who may preview a restore but not run one.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  type BankQuestion,
  backUpThroughApi,
  createKey,
  fetchQuestion,
  listQuestions,
  screenshotPath,
  setPrompt,
  settled,
} from "../src/index.js";
import { useBrowserTests } from "../src/suite.js";

/** Bigger than the demo bank, so that sections hold more than a page of changes. */
const BANK_SIZE = 1000;

const { product, open, watched } = useBrowserTests({
  env: { QVAULT_AUTO_BACKUP: "false", QVAULT_SEED_QUESTIONS: String(BANK_SIZE) },
});

/** The first question of the section named `name`. */
async function firstQuestionOf(name: string): Promise<BankQuestion> {
  const sections = await product.gql<{ sections: { id: string; name: string }[] }>(
    "{ sections { id name } }",
  );
  const section = sections.data!.sections.find((candidate) => candidate.name === name);
  if (!section) throw new Error(`the demo bank has no section "${name}"`);
  const [question] = await listQuestions(product, { first: 1, sectionId: section.id });
  return question!;
}

/** Shows the Questions page searched for `text` and returns the matching rows' text. */
async function questionsPageShows(page: Page, text: string): Promise<string> {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Questions" }).click();
  await page.getByRole("textbox", { name: "Search questions" }).fill(text);
  await page.waitForURL(/[?&]q=/);
  const table = page.getByRole("table", { name: "Questions" });
  await table.waitFor();
  await expect.poll(() => table.locator("tbody").textContent()).toContain(text);
  return (await table.locator("tbody").textContent()) ?? "";
}

/** The restore page's state once the job has ended, waiting for it. */
async function restoreFinished(page: Page): Promise<void> {
  await page.getByRole("status").filter({ hasText: "Restore finished" }).waitFor({ timeout: 30_000 });
  expect(
    await page.getByRole("progressbar", { name: "Restore progress" }).getAttribute("aria-valuenow"),
  ).toBe("100");
}

describe("the restore wizard", () => {
  it("restores a section from a backup's page, shows the diff, follows it live and undoes it", async () => {
    const question = await firstQuestionOf("Grammar");
    const original = question.prompt;
    const edited = `${original} [edited after the backup]`;
    const backupId = await backUpThroughApi(product, "e2e: before the edit");
    await setPrompt(product, question, edited);

    const page = await open(`/backups/${backupId}`, product.adminToken);
    await page.getByRole("link", { name: "Restore…" }).click();
    await page.waitForURL(new RegExp(`/backups/${backupId}/restore$`));
    await page.getByRole("heading", { name: /^Restore from the backup of / }).waitFor();

    // Step 1: the Grammar section, Replace.
    await page.getByRole("radio", { name: /^Sections/ }).click();
    await page.getByRole("checkbox", { name: "Grammar" }).check();
    expect(await page.getByRole("radio", { name: /^Replace/ }).getAttribute("aria-checked")).toBe("true");
    await page.screenshot({ path: screenshotPath("restore-choose.png"), fullPage: true });
    await page.getByRole("button", { name: "Preview the restore" }).click();

    // Step 2: one question changed; its diff shows the prompt now and as restored.
    const changedCount = page.locator('[data-count="CHANGED"]');
    await expect.poll(() => changedCount.textContent()).toContain("1");
    const item = page.locator(`[data-item-id="${question.id}"]`);
    await item.waitFor();
    expect(await item.getAttribute("data-kind")).toBe("CHANGED");
    await item.getByRole("button").first().click();
    const prompt = item.locator('tr[data-field="prompt"]');
    await prompt.waitFor();
    expect(await prompt.locator('[data-side="before"]').textContent()).toBe(edited);
    expect(await prompt.locator('[data-side="after"]').textContent()).toBe(original);
    expect(await prompt.locator('[data-side="before"]').getAttribute("data-changed")).toBe("true");
    // Every answer is on both sides, the correct ones marked.
    const correct = question.answers.filter((answer) => answer.isCorrect).length;
    expect(await item.locator('[data-side="after"] [data-correct="true"]').count()).toBe(correct);
    await settled(item.locator('tr[data-field="prompt"]'));
    await page.screenshot({ path: screenshotPath("restore-plan.png"), fullPage: true });

    // The list pages through the other kinds too.
    await page.getByText(/^Unchanged \(/).click();
    const unchanged = Number(
      (await page.locator('[data-count="UNCHANGED"]').textContent())!.replace(/\D/g, ""),
    );
    expect(unchanged).toBeGreaterThan(50);
    await page.getByText(`Showing 25 of ${unchanged.toLocaleString("en-US")}`).waitFor();
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByText(`Showing 50 of ${unchanged.toLocaleString("en-US")}`).waitFor();
    expect(await page.locator('[data-kind="UNCHANGED"]').count()).toBe(50);
    await page.getByRole("button", { name: "Continue" }).click();

    // Step 3: confirm.
    await page.getByRole("button", { name: "Restore now" }).waitFor();
    await page.screenshot({ path: screenshotPath("restore-confirm.png"), fullPage: true });
    const startedAt = Date.now();
    await page.getByRole("button", { name: "Restore now" }).click();

    // Steps 4 and 5 on the restore's own page, which survives a reload: the job id in the
    // address is all it needs to reattach to the restore and follow it to its end.
    await page.waitForURL(/\/restores\/[^/?]+$/);
    const restorePath = new URL(page.url()).pathname;
    await page.reload();
    await page.getByRole("progressbar", { name: "Restore progress" }).waitFor();
    try {
      await page
        .locator('[data-job-status="QUEUED"], [data-job-status="RUNNING"]')
        .first()
        .waitFor({ timeout: 2000 });
      await page.screenshot({ path: screenshotPath("restore-progress.png"), fullPage: true });
    } catch {
      // A restore of one section here takes a few hundred ms: it may end before the reload does.
      // Either way the page must follow it to its end from the address alone.
    }
    await restoreFinished(page);
    await page.locator('[data-count="CHANGED"]').filter({ hasText: "1 changed" }).waitFor();
    await page.screenshot({ path: screenshotPath("restore-done.png"), fullPage: true });
    const during = watched().operations.filter((op) => op.at >= startedAt);
    expect(during.some((op) => op.transport === "ws" && /\bjobProgress\s*\(/.test(op.query))).toBe(true);
    expect(during.filter((op) => op.transport === "http" && /\bjobs?\s*\(/.test(op.query))).toEqual([]);
    expect((await fetchQuestion(product, question.id)).prompt).toBe(original);

    // The safety backup's page says which backup was restored by its time, not its id; the note
    // as the server wrote it stays in the tooltip.
    const restore = await product.gql<{ job: { safetyBackup: { id: string; note: string } } }>(
      "query ($id: ID!) { job(id: $id) { safetyBackup { id note } } }",
      { id: restorePath.split("/").pop() },
    );
    const safety = restore.data!.job.safetyBackup;
    expect(safety.note).toBe(`before restoring ${backupId}`);
    await page.goto(`/backups/${safety.id}`);
    const note = page.locator("[data-note]");
    await expect.poll(() => note.textContent()).toMatch(/^before restoring the backup of \S/);
    expect(await note.textContent()).not.toContain(backupId);
    expect(await note.getAttribute("title")).toBe(safety.note);

    // The Questions page shows the old prompt again (the cache did not keep the edit).
    const shown = await questionsPageShows(page, original.slice(0, 60));
    expect(shown).not.toContain("[edited after the backup]");

    // Undo: the edit comes back, through a restore of its own.
    await page.goto(restorePath);
    await restoreFinished(page);
    await page.getByRole("button", { name: "Undo this restore" }).click();
    const dialog = page.getByRole("dialog", { name: "Undo this restore?" });
    await settled(dialog);
    await dialog.getByRole("button", { name: "Undo the restore" }).click();
    await page.waitForURL(/\/restores\/[^/?]+\?undoes=/);
    expect(new URL(page.url()).pathname).not.toBe(restorePath);
    await page.getByRole("heading", { name: "Undo of a restore" }).waitFor();
    await restoreFinished(page);
    await page.screenshot({ path: screenshotPath("restore-undone.png"), fullPage: true });
    expect((await fetchQuestion(product, question.id)).prompt).toBe(edited);
    expect(await questionsPageShows(page, "[edited after the backup]")).toContain(edited);
  });
});

describe("a question's history", () => {
  it("lists the versions backups hold and restores one from the editor", async () => {
    const question = await firstQuestionOf("Vocabulary");
    const original = question.prompt;
    const second = `${original} (second version)`;
    const third = `${original} (third version, not backed up)`;
    const firstBackup = await backUpThroughApi(product, "e2e: history, first");
    await setPrompt(product, question, second);
    await backUpThroughApi(product, "e2e: history, second");
    await setPrompt(product, question, third);

    const page = await open(`/questions/${question.id}`, product.adminToken);
    const promptBox = page.getByRole("textbox", { name: "Prompt" });
    await expect.poll(() => promptBox.inputValue()).toBe(third);
    await page.getByRole("tab", { name: "History" }).click();

    // Newest first: the second version, then the original (held by the first backup and older ones).
    const versions = page.locator("[data-digest]");
    await expect.poll(() => versions.count()).toBe(2);
    expect(await versions.nth(0).textContent()).toContain(second);
    expect(await versions.nth(1).textContent()).toContain(original);
    expect(await page.getByText("Same as now").count()).toBe(0);
    await versions.nth(1).getByRole("button", { name: "View" }).click();
    const stored = versions.nth(1).getByRole("group", { name: /^The version of / });
    await stored.waitFor();
    expect(await stored.locator('[data-stored="prompt"]').textContent()).toBe(original);
    await page.screenshot({ path: screenshotPath("question-history.png") });

    // Restore the original: the dialog shows what changes, then follows the restore.
    await versions.nth(1).getByRole("button", { name: "Restore this version" }).click();
    const dialog = page.getByRole("dialog", { name: /^Restore the version of .*\?$/ });
    const prompt = dialog.locator('tr[data-field="prompt"]');
    await prompt.waitFor();
    expect(await prompt.locator('[data-side="before"]').textContent()).toBe(third);
    expect(await prompt.locator('[data-side="after"]').textContent()).toBe(original);
    await settled(dialog);
    await page.screenshot({ path: screenshotPath("question-restore-version.png") });
    await dialog.getByRole("button", { name: "Restore this version" }).click();
    const running = page.getByRole("dialog", { name: /^Restoring the version/ });
    await running.getByRole("status").filter({ hasText: "Restore finished" }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath("question-version-restored.png") });
    expect((await fetchQuestion(product, question.id)).prompt).toBe(original);
    // The restored version is now the current one; the safety backup holds the third on top.
    await expect.poll(() => versions.count()).toBe(3);
    await expect.poll(() => versions.nth(0).textContent()).toContain(third);
    await expect.poll(() => versions.nth(2).textContent()).toContain("Same as now");
    // The safety backup that holds the third names the backup restored from by its time; its
    // note as written is in the tooltip.
    const note = versions.nth(0).locator("[data-note]");
    await expect.poll(() => note.textContent()).toMatch(/^before restoring the backup of \S/);
    expect(await note.getAttribute("title")).toMatch(/^before restoring [0-9a-f]{20}$/);
    await running.getByRole("button", { name: "Close" }).last().click();

    // The editor shows the restored question without a reload.
    await page.getByRole("tab", { name: "Question" }).click();
    await expect.poll(() => promptBox.inputValue()).toBe(original);
    expect(firstBackup).toBeTruthy();
  });
});

describe("what a viewer may do", () => {
  it("previews a restore but sees no button to run it, and no restore in a question's history", async () => {
    const secret = await createKey(product, "e2e restore viewer", "VIEWER");
    const question = await firstQuestionOf("Business English");
    const backupId = await backUpThroughApi(product, "e2e: viewer");
    await setPrompt(product, question, `${question.prompt} (viewer test)`);

    const page = await open(`/backups/${backupId}`, secret);
    await page.getByRole("link", { name: "Preview a restore" }).click();
    await page.getByRole("radio", { name: /^Questions/ }).click();
    await page.getByRole("textbox", { name: "Search the backup's questions" }).fill(question.prompt);
    await page.locator(`[data-question-id="${question.id}"] input[type="checkbox"]`).check();
    await page.getByRole("button", { name: "Preview the restore" }).click();
    await page.locator(`[data-item-id="${question.id}"]`).waitFor();
    await page.getByText("Preview only: your key is VIEWER").waitFor();
    expect(await page.getByRole("button", { name: "Continue" }).count()).toBe(0);

    await page.goto(`/questions/${question.id}`);
    await page.getByRole("tab", { name: "History" }).click();
    await page.locator("[data-digest]").first().waitFor();
    expect(await page.getByRole("button", { name: "Restore this version" }).count()).toBe(0);
  });
});

describe("replacing the whole bank", () => {
  it("asks for the word “everything” before it can start", async () => {
    const question = await firstQuestionOf("Reading comprehension");
    const backupId = await backUpThroughApi(product, "e2e: whole bank");
    await setPrompt(product, question, `${question.prompt} (whole-bank test)`);

    const page = await open(`/backups/${backupId}/restore`, product.adminToken);
    expect(await page.getByRole("radio", { name: /^Everything/ }).getAttribute("aria-checked")).toBe("true");
    await page.getByRole("button", { name: "Preview the restore" }).click();
    await page.locator(`[data-item-id="${question.id}"]`).waitFor();
    await page.getByRole("button", { name: "Continue" }).click();

    const start = page.getByRole("button", { name: "Restore now" });
    const word = page.getByRole("textbox", { name: "Type “everything” to confirm" });
    expect(await start.isDisabled()).toBe(true);
    await word.fill("everything else");
    expect(await start.isDisabled()).toBe(true);
    await word.fill("everything");
    expect(await start.isEnabled()).toBe(true);
    await page.screenshot({ path: screenshotPath("restore-confirm-everything.png") });
    // Leave without restoring: nothing was written.
    await page.getByRole("button", { name: "Back" }).click();
    await page.locator(`[data-item-id="${question.id}"]`).waitFor();
    expect((await fetchQuestion(product, question.id)).prompt).toContain("(whole-bank test)");
  });
});
