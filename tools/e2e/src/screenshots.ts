/** Where the browser tests save what they saw: `tools/e2e/screenshots/` (git-ignored). */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const SCREENSHOTS_DIR = fileURLToPath(new URL("../screenshots/", import.meta.url));

/** The path for the screenshot `name` (e.g. "settings.png"); the folder is made if missing. */
export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  return join(SCREENSHOTS_DIR, name);
}
