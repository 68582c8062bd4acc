/**
 * The questions' recordings in the admin, in a real browser against the built product (whose demo
 * bank comes with clips): playing one in the editor and uploading another in its place, playing
 * it as a backup holds it, and the restore preview showing a recording gone from the bank beside
 * the one the backup would write back, at a phone's width and a laptop's.
 */
import { createHash } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshotPath } from "../src/index.js";
import { useBrowserTests } from "../src/suite.js";

/** How Chromium logs a response the API refused with 404: the recording gone from the bank. */
const LOGGED_404 = /Failed to load resource: the server responded with a status of 404/;

interface Listening {
  id: string;
  prompt: string;
  audioPath: string;
  audio: { sha256: string };
}

const { product, open, watched } = useBrowserTests();

async function listening(): Promise<Listening[]> {
  const { data } = await product.gql<{ questions: { edges: { node: Listening | { audio: null } }[] } }>(
    "{ questions(first: 100) { edges { node { id prompt audioPath audio { sha256 } } } } }",
  );
  return data!.questions.edges.map((e) => e.node).filter((q): q is Listening => q.audio !== null);
}

/** The player's length once the browser has decoded the recording, in seconds. */
async function playable(player: Locator): Promise<number> {
  await expect.poll(() => player.getAttribute("src")).toMatch(/^blob:/);
  return player.evaluate(
    (audio: HTMLAudioElement) =>
      new Promise<number>((resolve, reject) => {
        if (audio.readyState >= 1) resolve(audio.duration);
        audio.addEventListener("loadedmetadata", () => resolve(audio.duration));
        audio.addEventListener("error", () => reject(new Error("the browser cannot decode it")));
      }),
  );
}

async function atWidths(page: Page, name: string): Promise<void> {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: screenshotPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("recordings in the admin", () => {
  it("plays in the editor, takes an upload, plays as a backup holds it, and shows side by side in a restore preview", async () => {
    const [question, other] = await listening();
    const page = await open(`/questions/${question!.id}`, product.adminToken);
    const recording = page.getByRole("group", { name: "Recording" });
    expect(await playable(recording.getByLabel("Recording of this question"))).toBeGreaterThan(0.5);

    // Upload another clip in its place: the bank names it by content.
    const replacement = join(product.dataDir, "media", ...other!.audioPath.split("/"));
    const bytes = readFileSync(replacement);
    await recording.locator('input[type="file"]').setInputFiles(replacement);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    await expect
      .poll(async () => (await listening()).find((q) => q.id === question!.id)?.audio.sha256)
      .toBe(sha256);
    await recording.getByRole("button", { name: "Replace the recording" }).waitFor();
    expect(await playable(recording.getByLabel("Recording of this question"))).toBeGreaterThan(0.5);
    await atWidths(page, "audio-editor");

    // As a backup holds it.
    const started = await product.gql<{ startBackup: { id: string } }>(
      'mutation { startBackup(input: { scope: FULL, note: "e2e: with recordings" }) { id } }',
    );
    const job = await product.waitForJob(started.data!.startBackup.id);
    const backupId = job.backup!.id;
    await page.goto(`/backups/${backupId}`);
    await page.getByRole("textbox", { name: "Search this backup" }).fill(question!.prompt);
    await page.locator(`tr[data-question-id="${question!.id}"]`).click();
    const drawer = page.getByRole("dialog", { name: /Question as stored/ });
    expect(await playable(drawer.getByLabel("Recording of this stored question"))).toBeGreaterThan(0.5);
    await atWidths(page, "audio-backup");

    // Gone from the bank: the preview shows nothing to play now, and the backup's to write back.
    const updated = (await listening()).find((q) => q.id === question!.id)!;
    rmSync(join(product.dataDir, "media", ...updated.audioPath.split("/")));
    await page.goto(`/backups/${backupId}/restore`);
    watched().allow(LOGGED_404);
    await page.getByRole("button", { name: "Preview the restore" }).click();
    const change = page.getByRole("group", { name: `Recording of question ${question!.id}` });
    await change.getByText("Written back").waitFor();
    await change.getByText(/Cannot play it/).waitFor();
    expect(await playable(change.getByLabel("After the restore: recording"))).toBeGreaterThan(0.5);
    // Nothing else changed, and still there is something to restore.
    expect(await page.getByRole("button", { name: "Continue" }).isEnabled()).toBe(true);
    await atWidths(page, "audio-restore-preview");
  });
});
