/**
 * Debian's Chromium driven by playwright-core, with the flags this closed network needs (no
 * background networking, no component updates, no QUIC). Playwright gives every launch a
 * fresh temporary profile (its own --user-data-dir), and every `openPage` a fresh context, so
 * no test sees another's localStorage. Each page records its uncaught errors and console
 * errors; tests call `assertNoErrors()` (or list what they expect with `allow`). It also records
 * every GraphQL operation the page sends, over HTTP or over the graphql-ws WebSocket, so a test
 * can tell live updates from polling, and every request at all that leaves the page or its
 * workers, so a test can tell that nothing did.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";

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

/** One GraphQL operation the page sent. */
export interface SentOperation {
  /** "http" for POST /graphql, "ws" for a graphql-ws `subscribe` message. */
  transport: "http" | "ws";
  /** The operation's name, or null when it has none. */
  operationName: string | null;
  /** The document as sent. */
  query: string;
  /** When it was sent, by the test process's clock (ms). */
  at: number;
}

/** One request that left the page: HTTP (the page's or a worker's) or a WebSocket message. */
export interface SentRequest {
  /** "GET", "POST", …, or "WS" for a message sent on a WebSocket. */
  method: string;
  url: string;
  /** When it was sent, by the test process's clock (ms). */
  at: number;
}

export interface WatchedPage {
  page: Page;
  /** Every GraphQL operation sent so far, in order. */
  operations: SentOperation[];
  /**
   * Every request sent so far, in order: HTTP requests of the page and of its workers (code,
   * .wasm, fetches, data URLs excepted), and each message sent on a WebSocket.
   */
  requests: SentRequest[];
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
  // The suites of both databases run beside the browser on 2 cores: a page may take a while to
  // show what it waits for, and a wait that fails still names what never came.
  context.setDefaultTimeout(60_000);
  const page = await context.newPage();
  const errors: string[] = [];
  const allowed: RegExp[] = [];
  const operations: SentOperation[] = [];
  const requests: SentRequest[] = [];
  const record = (transport: SentOperation["transport"], body: unknown) => {
    const payload = body as { operationName?: unknown; query?: unknown } | null;
    if (typeof payload?.query !== "string") return;
    const operationName = typeof payload.operationName === "string" ? payload.operationName : null;
    operations.push({ transport, operationName, query: payload.query, at: Date.now() });
  };
  page.on("request", (request) => {
    if (request.method() !== "POST" || new URL(request.url()).pathname !== "/graphql") return;
    try {
      record("http", request.postDataJSON());
    } catch {
      // Not JSON: not an operation this log is about.
    }
  });
  // The context's events also carry the requests of the page's workers.
  context.on("request", (request) => {
    if (request.url().startsWith("data:")) return;
    requests.push({ method: request.method(), url: request.url(), at: Date.now() });
  });
  page.on("websocket", (socket) => {
    socket.on("framesent", ({ payload }) => {
      requests.push({ method: "WS", url: socket.url(), at: Date.now() });
      if (typeof payload !== "string") return;
      try {
        const message = JSON.parse(payload) as { type?: string; payload?: unknown };
        if (message.type === "subscribe") record("ws", message.payload);
      } catch {
        // graphql-ws only sends JSON; anything else is not ours to log.
      }
    });
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.stack ?? error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console error: ${message.text()}`);
  });
  return {
    page,
    operations,
    requests,
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

/**
 * Waits for the CSS transitions and animations running on `locator`'s element and its ancestors
 * to finish (a modal fading in), so a screenshot shows the settled page. Endless animations
 * (a spinner) are not waited for.
 */
export async function settled(locator: Locator): Promise<void> {
  await locator.evaluate(async (element) => {
    const running: Animation[] = [];
    for (let node: Element | null = element; node; node = node.parentElement)
      running.push(...node.getAnimations());
    const finite = running.filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
  });
}
