/**
 * What every browser test file sets up the same way: one product (started with the file's
 * options) and one Chromium for the whole file, a fresh watched page for each test that asks for
 * one, and, after each test, its pages closed and their errors checked (a test fails on any
 * error its page reported that it did not `allow`).
 *
 * It registers vitest hooks, so it is for test files only (and is not exported from the
 * package's index): call {@link useBrowserTests} once, at the top of the file. Hooks the file
 * registers after it run after the product has started (vitest runs `beforeAll` hooks in order).
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { signIn } from "./admin.js";
import { openPage, type WatchedPage } from "./browser.js";
import type { Product, ProductOptions } from "./product.js";
import { startProductAndBrowser } from "./start.js";

export interface BrowserTests {
  /**
   * The file's product: usable from the file's own `beforeAll` hooks on, stopped (and its data
   * folder deleted) after the file's last test.
   */
  product: Product;
  /** The file's Chromium. */
  browser(): Browser;
  /**
   * Opens `path` of the admin in a fresh browser context (no key stored); with `key`, signs in
   * on the sign-in screen it shows first.
   */
  open(path: string, key?: string): Promise<Page>;
  /** The page the running test opened last, with its logs. @throws when it opened none */
  watched(): WatchedPage;
}

export function useBrowserTests(options: ProductOptions = {}): BrowserTests {
  let started: { product: Product; browser: Browser } | null = null;
  let pages: WatchedPage[] = [];
  const running = () => {
    if (!started) throw new Error("the product is not started yet: use it in a test or a hook");
    return started;
  };

  beforeAll(async () => {
    started = await startProductAndBrowser(options);
  });
  afterAll(async () => {
    await started?.browser.close();
    await started?.product.stop();
  });
  afterEach(async () => {
    const opened = pages;
    pages = [];
    for (const watched of opened) await watched.close();
    for (const watched of opened) watched.assertNoErrors();
  });

  return {
    product: lateProduct(() => running().product),
    browser: () => running().browser,
    async open(path, key) {
      const watched = await openPage(running().browser, running().product.url);
      pages.push(watched);
      await watched.page.goto(path);
      if (key !== undefined) await signIn(watched.page, key);
      return watched.page;
    },
    watched() {
      const watched = pages.at(-1);
      if (!watched) throw new Error("this test opened no page");
      return watched;
    },
  };
}

/** A {@link Product} that stands for the one `get` returns once it has started. */
function lateProduct(get: () => Product): Product {
  // Every property is read from the started product when used; its methods need no `this`.
  return new Proxy({} as Product, { get: (_target, name) => Reflect.get(get(), name) });
}
