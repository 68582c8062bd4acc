/**
 * The Jobs page in a real browser against the built product: a verification started from the
 * page appears on top and ends live (over `jobUpdates`, never by polling), its results open;
 * a repository damaged on disk fails "Verify with data" with the backups and sections it
 * affects; a finished backup's page lists the phases it went through, with how long each took;
 * a queued job cancelled from its row; filters by kind and status; a viewer sees no buttons
 * that write.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { backUpThroughApi, createKey, screenshotPath, settled, waitForJob } from "../src/index.js";
import { useBrowserTests } from "../src/suite.js";

const { product, open, watched } = useBrowserTests({
  // Big enough that queued jobs wait long enough to be cancelled by hand; no automatic backups
  // or retention, so the list holds only this file's jobs.
  env: { QVAULT_SEED_QUESTIONS: "3000", QVAULT_AUTO_BACKUP: "false", QVAULT_AUTO_PRUNE: "false" },
});

let backupId: string;

beforeAll(async () => {
  backupId = await backUpThroughApi(product, "e2e: something to verify");
});

const rows = (page: Page) => page.getByRole("table", { name: "Jobs" }).locator("tbody tr");

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe("verifying the repository", () => {
  it("shows a verification appear and succeed live, and opens its results", async () => {
    const page = await open("/jobs", product.adminToken);
    await page.locator(`tr[data-kind="BACKUP"]`).first().waitFor();
    const before = await rows(page).count();
    const clickedAt = Date.now();

    await page.getByRole("button", { name: "Verify repository" }).click();
    const verify = rows(page).first();
    await expect.poll(() => verify.getAttribute("data-kind")).toBe("VERIFY");
    await verify.locator('[data-status="SUCCEEDED"]').waitFor();
    await page.getByText("The repository is intact").waitFor();
    expect(await rows(page).count()).toBe(before + 1);

    const after = watched().operations.filter((op) => op.at >= clickedAt);
    expect(after.filter((op) => op.transport === "http").map((op) => op.operationName)).toEqual([
      "VerifyRepository",
    ]);
    expect(watched().operations.some((op) => op.transport === "ws" && /\bjobUpdates\b/.test(op.query))).toBe(
      true,
    );
    await page.screenshot({ path: screenshotPath("jobs.png") });

    await verify.getByRole("button", { name: "Results" }).click();
    const results = page.getByRole("dialog", { name: "Verification results" });
    await results.getByText("No problems found").waitFor();
    await settled(results);
    await page.screenshot({ path: screenshotPath("verify-results.png") });
  });

  it("reports what a damaged pack affects when verifying with data", async () => {
    const packs = filesUnder(join(product.dataDir, "repository", "data")).filter((path) =>
      path.endsWith(".pack"),
    );
    expect(packs.length).toBeGreaterThan(0);
    const damaged = packs[0]!;
    const bytes = readFileSync(damaged);
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    writeFileSync(damaged, bytes);

    const page = await open("/jobs", product.adminToken);
    await rows(page).first().waitFor();
    await page.getByRole("button", { name: "Verify with data" }).click();
    const verify = rows(page).first();
    await expect.poll(() => verify.getAttribute("data-kind")).toBe("VERIFY");
    await verify.locator('[data-status="FAILED"]').waitFor();
    // The failure in words; its code stays on the badge (tooltip, data-code) for logs and scripts.
    await verify.getByText("Damaged data").waitFor();
    expect(await verify.locator('[data-code="INTEGRITY_ERROR"]').count()).toBe(1);
    await page.getByText("The verification found problems").waitFor();

    await verify.getByRole("button", { name: "Results" }).click();
    const results = page.getByRole("dialog", { name: "Verification results" });
    await results.getByText(/^\d+ problems? found$/).waitFor();
    // Packs are filed by section (data/<section id>/<day>/<pack>): that section is the damaged one.
    const sectionId = damaged.split("/data/")[1]!.split("/")[0]!;
    const section = await product.gql<{ section: { name: string } }>(
      "query ($id: ID!) { section(id: $id) { name } }",
      { id: sectionId },
    );
    await results
      .getByRole("group", { name: "Damaged sections" })
      .getByText(section.data!.section.name, { exact: true })
      .waitFor();
    const problems = results.getByRole("table", { name: "Problems" }).locator("tbody tr");
    expect(await problems.count()).toBeGreaterThan(0);
    await results.getByRole("link", { name: backupId }).first().waitFor();
    await settled(results);
    await page.screenshot({ path: screenshotPath("verify-problems.png") });

    // A backup it names opens from the report.
    await results.getByRole("link", { name: backupId }).first().click();
    await page.waitForURL(new RegExp(`/backups/${backupId}$`));
  });
});

describe("a job's page", () => {
  it("lists the phases a finished backup went through, with how long each took, after the job ended", async () => {
    interface Phase {
      phase: string;
      startedAt: string;
      finishedAt: string | null;
    }
    const jobs = await product.gql<{
      jobs: { edges: { node: { id: string; backup: { id: string } | null; phases: Phase[] } }[] };
    }>(
      "{ jobs(kind: BACKUP, first: 20) { edges { node { id backup { id } phases { phase startedAt finishedAt } } } } }",
    );
    const job = jobs.data!.jobs.edges.map((edge) => edge.node).find((node) => node.backup?.id === backupId)!;
    expect(job.phases.length).toBeGreaterThan(1);
    expect(job.phases.every((phase) => phase.finishedAt)).toBe(true);

    // Opened long after the backup ended: the phases come from the job as stored, not from
    // progress this page saw.
    const page = await open(`/jobs/${job.id}`, product.adminToken);
    const phases = page.getByRole("region", { name: "Phases" }).locator("[data-phase]");
    await expect.poll(() => phases.count()).toBe(job.phases.length);
    expect(await phases.evaluateAll((items) => items.map((item) => item.getAttribute("data-phase")))).toEqual(
      job.phases.map((phase) => phase.phase),
    );
    expect(
      await phases.evaluateAll((items) => items.map((item) => item.getAttribute("data-started-at"))),
    ).toEqual(job.phases.map((phase) => phase.startedAt));
    for (const text of await phases.locator("[data-duration]").allTextContents())
      expect(text).toMatch(/^took \d/);
    await page.screenshot({ path: screenshotPath("job-phases.png") });
  });
});

describe("the job list", () => {
  it("filters by kind and status, and shows a viewer no buttons that write", async () => {
    const secret = await createKey(product, "e2e viewer", "VIEWER");
    const page = await open("/jobs", secret);
    await rows(page).first().waitFor();
    expect(await page.getByRole("button", { name: /^Verify/ }).count()).toBe(0);

    const count = async (filter: string) => {
      const result = await product.gql<{ jobs: { totalCount: number } }>(
        `{ jobs(${filter}) { totalCount } }`,
      );
      return Math.min(result.data!.jobs.totalCount, 20);
    };
    await page.getByRole("combobox", { name: "Kind" }).click();
    await page.getByRole("option", { name: "Backup" }).click();
    await page.waitForURL(/[?&]kind=BACKUP/);
    await expect.poll(() => rows(page).count()).toBe(await count("kind: BACKUP"));
    expect(await page.locator('tbody tr:not([data-kind="BACKUP"])').count()).toBe(0);

    await page.getByRole("combobox", { name: "Kind" }).click();
    await page.getByRole("option", { name: "Verification" }).click();
    await page.getByRole("combobox", { name: "Status" }).click();
    await page.getByRole("option", { name: "Failed" }).click();
    await page.waitForURL(/[?&]status=FAILED/);
    const failedVerifications = await count("kind: VERIFY, status: FAILED");
    expect(failedVerifications).toBeGreaterThan(0);
    await expect.poll(() => rows(page).count()).toBe(failedVerifications);
    expect(await rows(page).locator('[data-status="FAILED"]').count()).toBe(failedVerifications);

    // A new job that does not fit the filters stays out; one that does comes in live.
    const backup = await product.gql<{ startBackup: { id: string } }>(
      "mutation { startBackup(input: { scope: FULL }) { id } }",
    );
    await waitForJob(product, backup.data!.startBackup.id);
    await product.gql("mutation { verifyRepository(readData: true) { id } }");
    await expect.poll(() => rows(page).count()).toBe(failedVerifications + 1);
    expect(await page.getByRole("button", { name: "Cancel" }).count()).toBe(0);
  });
});

describe("cancelling", () => {
  it("cancels a queued job from its row", async () => {
    const page = await open("/jobs", product.adminToken);
    await rows(page).first().waitFor();
    await expect
      .poll(() => watched().operations.some((op) => op.transport === "ws" && /jobUpdates/.test(op.query)))
      .toBe(true);
    // The subscribe message is out; let the server put the subscription in place.
    await page.waitForTimeout(300);

    // Jobs run one at a time, in order: the last of these waits for the twenty before it.
    const verify = "mutation { verifyRepository(readData: true) { id } }";
    await Promise.all(Array.from({ length: 20 }, () => product.gql(verify)));
    const queued = await product.gql<{ verifyRepository: { id: string } }>(verify);
    const id = queued.data!.verifyRepository.id;
    const row = page.locator(`tr[data-job-id="${id}"]`);
    await row.getByRole("button", { name: "Cancel" }).click();
    await row.locator('[data-status="CANCELLED"]').waitFor();
    expect(await row.getByRole("button", { name: "Cancel" }).count()).toBe(0);
    await page.screenshot({ path: screenshotPath("jobs-cancelled.png") });
    const after = await product.gql<{ job: { status: string; report: unknown } }>(
      "query ($id: ID!) { job(id: $id) { status report } }",
      { id },
    );
    expect(after.data!.job).toEqual({ status: "CANCELLED", report: null });
  });
});
