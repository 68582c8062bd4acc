/**
 * Where the built product lives in the checkout, and the check that it is built. The harness
 * builds nothing: a missing build fails with the command to run.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The monorepo's root folder, found from this file's place in it (tools/test-server/src). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The built API server, `node`'s entry point. */
export const SERVER_MAIN = join(REPO_ROOT, "apps/api/dist/main.js");

/** The built admin's page, which the server serves when no QVAULT_ADMIN_DIR says otherwise. */
export const ADMIN_INDEX = join(REPO_ROOT, "apps/admin/dist/index.html");

/**
 * Fails, saying what to run, when the server (and, with `admin`, the admin) is not built.
 * @throws Error naming each missing file
 */
export function assertBuilt(options: { admin?: boolean } = {}): void {
  const needed = [{ path: SERVER_MAIN, what: "the API" }];
  if (options.admin) needed.push({ path: ADMIN_INDEX, what: "the admin" });
  const missing = needed.filter((file) => !existsSync(file.path));
  if (missing.length === 0) return;
  throw new Error(
    `The tests run the built product, but ${missing.map((file) => `${file.what} (${file.path})`).join(" and ")} ` +
      `${missing.length > 1 ? "are" : "is"} missing. Run \`pnpm build\` at the repository root first.`,
  );
}
