/** Steps through the admin that most tests share. */
import { writeFile } from "node:fs/promises";
import type { FinalJob, Role } from "@qvault/test-server";
import type { Page } from "playwright-core";
import type { Product } from "./product.js";

/** Signs in on the sign-in screen (the page must show it) with `key`. */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Creates an API key with `role` through the API and returns its secret. */
export function createKey(product: Product, name: string, role: Role): Promise<string> {
  return product.keyFor(role, name);
}

/**
 * Waits (by asking the API every 100 ms: this is the test's own check, not the admin's) until
 * job `id` is final, and returns how it ended. @throws after `timeoutMs`
 */
export function waitForJob(product: Product, id: string, timeoutMs = 30_000): Promise<FinalJob> {
  return product.waitForJob(id, { timeoutMs, intervalMs: 100 });
}

/**
 * Backs up the whole bank through the API and waits for it; returns the new backup's id.
 * @throws when the backup fails, or does not end within `timeoutMs`
 */
export async function backUpThroughApi(product: Product, note: string, timeoutMs = 30_000): Promise<string> {
  const started = await product.gql<{ startBackup: { id: string } }>(
    "mutation ($note: String) { startBackup(input: { scope: FULL, note: $note }) { id } }",
    { note },
  );
  const id = started.data?.startBackup.id;
  if (!id) throw new Error(`startBackup failed: ${JSON.stringify(started.errors)}`);
  const job = await waitForJob(product, id, timeoutMs);
  if (job.status !== "SUCCEEDED" || !job.backup) throw new Error(`the backup ended ${job.status}`);
  return job.backup.id;
}

/**
 * Saves backup `backupId` as an archive file at `path`, from `GET /backups/:id/archive` with the
 * admin key (encrypted when `passphrase` is given); returns its size in bytes.
 */
export async function saveArchive(
  product: Product,
  backupId: string,
  path: string,
  passphrase: string | null = null,
): Promise<number> {
  const response = await fetch(`${product.url}/backups/${backupId}/archive`, {
    headers: {
      authorization: `Bearer ${product.adminToken}`,
      ...(passphrase ? { "x-qvault-passphrase": encodeURIComponent(passphrase) } : {}),
    },
  });
  if (response.status !== 200) throw new Error(`the archive of ${backupId} answered ${response.status}`);
  const bytes = Buffer.from(await response.arrayBuffer());
  await writeFile(path, bytes);
  return bytes.length;
}
