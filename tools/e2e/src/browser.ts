/**
 * Debian's Chromium driven by playwright-core, with the flags this closed network needs (no
 * background networking, no component updates, no QUIC). Playwright gives every launch a
 * fresh temporary profile (its own --user-data-dir), and every `openPage` a fresh context, so
 * no test sees another's localStorage. Each page records its uncaught errors and console
 * errors; tests call `assertNoErrors()` (or list what they expect with `allow`).
 */
import { existsSync } from "node:fs";
import { type Browser, chromium, type Page } from "playwright-core";

/** Override with QVAULT_E2E_CHROMIUM. */
export const CHROMIUM_PATH = process.env.QVAULT_E2E_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Launches Chromium. @throws when it is not installed, saying how to install it. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not at ${CHROMIUM_PATH}. Install it with \`apt-get install -y chromium\`.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface WatchedPage {
  page: Page;
  /** Problems seen so far: uncaught exceptions and console errors, in order. */
  errors: string[];
  /** Expect console errors matching `pattern` (e.g. the browser's log of a 401 response). */
  allow(pattern: RegExp): void;
  /** @throws listing every unexpected error the page reported. */
  assertNoErrors(): void;
  close(): Promise<void>;
}

/** Opens a page in a fresh browser context, recording its errors. */
export async function openPage(browser: Browser, baseURL: string): Promise<WatchedPage> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.stack ?? error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console error: ${message.text()}`);
  });
  return {
    page,
    errors,
    allow(pattern) {
      allowed.push(pattern);
    },
    assertNoErrors() {
      const unexpected = errors.filter((error) => !allowed.some((pattern) => pattern.test(error)));
      if (unexpected.length > 0) throw new Error(`The page reported errors:\n${unexpected.join("\n")}`);
    },
    close: () => context.close(),
  };
}
