/** Starting what a browser test needs: the built product and Chromium, side by side. */
import type { Browser } from "playwright-core";
import { launchBrowser } from "./browser.js";
import { type Product, type ProductOptions, startProduct } from "./product.js";

/**
 * Starts the product and launches Chromium at the same time. When either fails, the other is
 * stopped before the failure is thrown, so nothing is left running.
 */
export async function startProductAndBrowser(
  options: ProductOptions = {},
): Promise<{ product: Product; browser: Browser }> {
  const [started, launched] = await Promise.allSettled([startProduct(options), launchBrowser()]);
  if (started.status === "fulfilled" && launched.status === "fulfilled")
    return { product: started.value, browser: launched.value };
  if (started.status === "fulfilled") await started.value.stop();
  if (launched.status === "fulfilled") await launched.value.close();
  throw started.status === "rejected" ? started.reason : (launched as PromiseRejectedResult).reason;
}
