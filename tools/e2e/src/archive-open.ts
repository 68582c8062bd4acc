/**
 * How long the admin's "Open a backup file" (/archive) takes to open an archive in Chromium,
 * measured by the page's own clock from the moment the file is chosen (the file input's
 * `change` event): the backup's details shown, the first page of questions shown, every record
 * checked, then a search of the whole file; and the longest task on the page's thread while the
 * file opened and was checked (the worker does the reading, so the page should stay free).
 *
 * Figures, not verdicts: nothing here compares a time with a limit. They include the admin's
 * rendering and, for the search, its 300 ms debounce. A request leaving the page while the file
 * is read would make them figures of something else, so it is an error.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { backUpThroughApi, saveArchive, signIn } from "./admin.js";
import { openPage, type WatchedPage } from "./browser.js";
import { startProductAndBrowser } from "./start.js";

/** The times of one opening, in milliseconds from the file chosen (the search: from its typing). */
export interface ArchiveOpenTimes {
  /** Until the backup's heading and details are shown. */
  detailsMs: number;
  /** Until the first row of the question list is shown. */
  firstPageMs: number;
  /** Until "Every record checked" is shown. */
  checkedMs: number;
  /** From typing a search until the list shows its answer (the 300 ms debounce included). */
  searchMs: number;
  /** The longest task on the page's thread until every record was checked; 0 when none passed 50 ms. */
  longestStallMs: number;
}

/** What {@link measureArchiveOpen} gives: the times, and the size of the file it opened. */
export interface ArchiveOpenFigures extends ArchiveOpenTimes {
  archiveBytes: number;
}

/** The word searched for; the demo bank's listening questions use it. */
const SEARCH = "station";

/** The viewer's file input. */
export function archiveFileInput(page: Page): Locator {
  return page.locator('input[type="file"][aria-label="Backup file"]');
}

/**
 * Waits until the signed-in page at /archive shows the viewer and its reader (worker and
 * brotli-wasm) is loaded, so that choosing a file makes no request.
 */
export async function openArchiveViewer(page: Page): Promise<void> {
  await page.getByRole("heading", { name: "Open a backup file" }).waitFor();
  await page.locator('[data-reader="ready"]').waitFor();
}

/**
 * Chooses the archive at `path` in the viewer on `watched` (see {@link openArchiveViewer}) and
 * measures its opening, then a search. Each wait gives up after `timeoutMs`.
 * @throws when a request left the page or its worker meanwhile, or a wait timed out
 */
export async function timeArchiveOpen(
  watched: WatchedPage,
  path: string,
  options: { timeoutMs?: number } = {},
): Promise<ArchiveOpenTimes> {
  const { page } = watched;
  const timeout = options.timeoutMs ?? 120_000;
  const input = archiveFileInput(page);
  await input.evaluate((element) => {
    element.addEventListener("change", () => Object.assign(window, { __chosenAt: performance.now() }), {
      capture: true,
    });
    const longTasks: number[] = [];
    Object.assign(window, { __longTasks: longTasks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    }).observe({ type: "longtask" });
  });
  const appeared = (selector: string, text?: string) =>
    page
      .waitForFunction(
        ([selector, text]) => {
          const found = Array.from(document.querySelectorAll(selector!)).some(
            (element) => !text || element.textContent?.includes(text),
          );
          const chosenAt = (window as unknown as { __chosenAt?: number }).__chosenAt;
          return found && chosenAt !== undefined ? performance.now() - chosenAt : null;
        },
        [selector, text] as const,
        { polling: "raf", timeout },
      )
      .then((handle) => handle.jsonValue() as Promise<number>);

  const before = watched.requests.length;
  await input.setInputFiles(path);
  const [detailsMs, firstPageMs, checkedMs] = await Promise.all([
    appeared("h3", "Backup of"),
    appeared('table[aria-label="Questions in this file"] tbody tr'),
    appeared('[role="status"]', "Every record checked"),
  ]);
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);

  const typedAt = await page.evaluate(() => performance.now());
  await page.getByLabel("Search this file").fill(SEARCH);
  const searchMs = await page
    .waitForFunction(
      ([search, since]) =>
        document.querySelector(`[data-search="${search}"]`) ? performance.now() - since : null,
      [SEARCH, typedAt] as const,
      { polling: "raf", timeout },
    )
    .then((handle) => handle.jsonValue() as Promise<number>);

  const sent = watched.requests.slice(before);
  if (sent.length > 0) {
    throw new Error(
      `the viewer sent requests while it read the file: ${sent.map((request) => `${request.method} ${request.url}`).join(", ")}`,
    );
  }
  return {
    detailsMs,
    firstPageMs,
    checkedMs,
    searchMs,
    longestStallMs: longTasks.reduce((longest, duration) => Math.max(longest, duration), 0),
  };
}

/**
 * Starts the built product seeded with `questions` questions (no automatic backups or cleanup),
 * backs the bank up, downloads that backup's archive from `GET /backups/:id/archive`, and times
 * its opening in the admin's "Open a backup file" in Chromium (see {@link timeArchiveOpen}).
 * Everything it starts is stopped, and the file deleted, before it returns or throws.
 * @throws when the product is not built, Chromium is missing, the page reported an error, or a
 * request left the page while it read the file
 */
export async function measureArchiveOpen(options: { questions: number }): Promise<ArchiveOpenFigures> {
  const { questions } = options;
  // Seeding, backing up and reading all grow with the bank.
  const timeoutMs = Math.max(120_000, questions * 12);
  const folder = await mkdtemp(join(tmpdir(), "qvault-archive-open-"));
  let started: Awaited<ReturnType<typeof startProductAndBrowser>> | null = null;
  let watched: WatchedPage | null = null;
  try {
    started = await startProductAndBrowser({
      env: {
        QVAULT_SEED_QUESTIONS: String(questions),
        QVAULT_AUTO_BACKUP: "false",
        QVAULT_AUTO_PRUNE: "false",
      },
      startTimeoutMs: timeoutMs,
    });
    const { product, browser } = started;
    const backupId = await backUpThroughApi(
      product,
      `${questions} questions, to time its archive's opening`,
      timeoutMs,
    );
    const path = join(folder, `qvault-${backupId}.qvar`);
    const archiveBytes = await saveArchive(product, backupId, path);
    watched = await openPage(browser, product.url);
    await watched.page.goto("/archive");
    await signIn(watched.page, product.adminToken);
    await openArchiveViewer(watched.page);
    const times = await timeArchiveOpen(watched, path, { timeoutMs });
    watched.assertNoErrors();
    return { ...times, archiveBytes };
  } finally {
    await watched?.close();
    await started?.browser.close();
    await started?.product.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

/** The figures as one line for a log: `[archive] 10,000-question archive, 2.21 MB, …`. */
export function describeArchiveOpen(questions: number, figures: ArchiveOpenFigures): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  return (
    `[archive] ${questions.toLocaleString("en-US")}-question archive, ${(figures.archiveBytes / 1e6).toFixed(2)} MB, ` +
    `in Chromium, from the file chosen: backup and sections shown after ${ms(figures.detailsMs)}, ` +
    `first page of questions after ${ms(figures.firstPageMs)}, every record checked after ${ms(figures.checkedMs)} ` +
    `(the page's thread's longest task meanwhile: ${ms(figures.longestStallMs)}); ` +
    `then a search of all of it in ${ms(figures.searchMs)} (its 300 ms debounce included)`
  );
}
