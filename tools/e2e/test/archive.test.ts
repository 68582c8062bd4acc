/**
 * Backup files in a real browser against the built product (1,000 questions, no automatic
 * backups): a backup downloaded from its page, plain and encrypted; the plain file opened in the
 * admin's "Open a backup file", read entirely in the browser (no request leaves the page or its
 * worker once the file is chosen), searched, paged, and one question shown exactly as the bank
 * has it; an encrypted file asking for its passphrase, again when wrong; a damaged copy, a foreign
 * file and a file of a newer format refused with their reasons; imports through the Backups page
 * and from the viewer, with the server's refusals explained (a file over the server's import
 * limit too); and the times to open a 10,000-question archive (`measureArchiveOpen`, which
 * fails on a page error or a request while the file is read; the times are printed, not asserted).
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  archiveFileInput,
  type BankQuestion,
  backUpThroughApi,
  describeArchiveOpen,
  fetchQuestion,
  listQuestions,
  measureArchiveOpen,
  openArchiveViewer,
  saveArchive,
  screenshotPath,
  setPrompt,
  settled,
} from "../src/index.js";
import { useBrowserTests } from "../src/suite.js";

const BANK_SIZE = 1000;
const BENCH_SIZE = 10_000;
/** Above this bank's archives (about 5 MB with the demo's clips). */
const IMPORT_LIMIT = 12_000_000;
const PASSPHRASE = "correct horse battery staple";
/** Put into one question's prompt before the backup, so one search finds it alone. */
const MARK = "quokka";
/** The archive envelope: the whole file's SHA-256 and the closing magic, at the end. */
const TAIL = 36;

const { product, open, watched } = useBrowserTests({
  env: {
    QVAULT_SEED_QUESTIONS: String(BANK_SIZE),
    QVAULT_AUTO_BACKUP: "false",
    QVAULT_AUTO_PRUNE: "false",
    QVAULT_IMPORT_MAX_BYTES: String(IMPORT_LIMIT),
  },
});

let files: string;
let backupId: string;
let marked: BankQuestion;
/** The backup as files, fetched from the HTTP route with the admin key, and copies made wrong. */
const archives = { plain: "", encrypted: "", damaged: "", newer: "", foreign: "" };

beforeAll(async () => {
  files = await mkdtemp(join(tmpdir(), "qvault-e2e-archives-"));
  marked = await markQuestion();
  backupId = await backUpThroughApi(product, "e2e: to carry away");
  archives.plain = join(files, `qvault-${backupId}.qvar`);
  await saveArchive(product, backupId, archives.plain);
  archives.encrypted = join(files, `encrypted-${backupId}.qvar`);
  await saveArchive(product, backupId, archives.encrypted, PASSPHRASE);
  archives.damaged = await copyWith(archives.plain, "damaged.qvar", (bytes) => {
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0xff;
  });
  // A newer archive format with an intact envelope: a version above this one in the header, the checksum redone.
  archives.newer = await copyWith(archives.plain, "newer.qvar", (bytes) => {
    bytes[5] = 3;
    createHash("sha256")
      .update(bytes.subarray(0, bytes.length - TAIL))
      .digest()
      .copy(bytes, bytes.length - TAIL);
  });
  archives.foreign = join(files, "notes.qvar");
  await writeFile(archives.foreign, "Questions for Monday's class, to be checked by Friday.\n".repeat(4));
});

afterAll(async () => {
  if (files) await rm(files, { recursive: true, force: true });
});

/** Gives a single-choice question a prompt no other question has; returns it as the bank has it. */
async function markQuestion(): Promise<BankQuestion> {
  const question = (await listQuestions(product, { first: 100 })).find((q) => q.type === "SINGLE_CHOICE");
  if (!question) throw new Error("the demo bank has no single-choice question among its first 100");
  await setPrompt(product, question, `Which word best describes the ${MARK} at the archive desk?`);
  return fetchQuestion(product, question.id);
}

/** Opens /archive signed in and waits until its reader (worker and brotli-wasm) is loaded. */
async function openViewer(): Promise<Page> {
  const page = await open("/archive", product.adminToken);
  await openArchiveViewer(page);
  return page;
}

/** Chooses `path` in the viewer and waits until it is open and every record is checked. */
async function chooseAndWait(page: Page, path: string): Promise<void> {
  await archiveFileInput(page).setInputFiles(path);
  await page.getByRole("heading", { name: /^Backup of / }).waitFor();
  await page.getByRole("status").filter({ hasText: "Every record checked" }).waitFor({ timeout: 60_000 });
}

/**
 * Writes a copy of `from` changed by `change` and returns its path; with `size`, the copy is
 * padded with zero bytes to that size first.
 */
async function copyWith(
  from: string,
  name: string,
  change: (bytes: Buffer) => void,
  size?: number,
): Promise<string> {
  const read = await readFile(from);
  const bytes = Buffer.alloc(Math.max(size ?? 0, read.length));
  read.copy(bytes);
  change(bytes);
  const path = join(files, name);
  await writeFile(path, bytes);
  return path;
}

describe("downloading a backup from its page", () => {
  it("saves the archive, plain and with a passphrase typed twice, and it opens", async () => {
    const page = await open(`/backups/${backupId}`, product.adminToken);
    await page.getByRole("heading", { name: /^Backup of / }).waitFor();
    let downloads = 0;
    const download = async () => {
      const dialog = page.getByRole("dialog", { name: "Download this backup" });
      const [file] = await Promise.all([
        page.waitForEvent("download"),
        dialog.getByRole("button", { name: "Download", exact: true }).click(),
      ]);
      const path = join(files, `downloaded-${++downloads}.qvar`);
      await file.saveAs(path);
      await dialog.waitFor({ state: "hidden" });
      return { path, name: file.suggestedFilename() };
    };

    await page.getByRole("button", { name: "Download", exact: true }).click();
    const plain = await download();
    expect(plain.name).toBe(`qvault-${backupId}.qvar`);
    await page.getByText("Backup downloaded").first().waitFor();

    await page.getByRole("button", { name: "Download", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Download this backup" });
    await dialog.getByRole("switch", { name: "Encrypt with a passphrase" }).click();
    const passphrase = dialog.getByLabel(/^Passphrase\W*$/);
    const again = dialog.getByLabel("Passphrase again");
    await passphrase.fill("short");
    await dialog.getByRole("button", { name: "Download", exact: true }).click();
    await dialog.getByText("At least 8 characters", { exact: true }).waitFor();
    await passphrase.fill(PASSPHRASE);
    await again.fill(`${PASSPHRASE}!`);
    await dialog.getByRole("button", { name: "Download", exact: true }).click();
    await dialog.getByText("The two passphrases differ").waitFor();
    await again.fill(PASSPHRASE);
    await settled(dialog);
    await page.screenshot({ path: screenshotPath("backup-download.png") });
    const encrypted = await download();

    // The format's envelope: the magic at both ends; header byte 6 says whether it is encrypted.
    for (const [path, flags] of [
      [plain.path, 0],
      [encrypted.path, 1],
    ] as const) {
      const bytes = await readFile(path);
      expect(bytes.subarray(0, 4).toString("latin1")).toBe("QVAR");
      expect(bytes.subarray(-4).toString("latin1")).toBe("QVAR");
      expect(bytes[6]).toBe(flags);
    }
    // As long as what the HTTP route gives (the trailer's time differs, but not in length).
    const sizes = await Promise.all(
      [plain.path, archives.plain].map(async (path) => (await readFile(path)).length),
    );
    expect(Math.abs(sizes[0]! - sizes[1]!)).toBeLessThan(64);

    // The encrypted download opens in the admin's viewer with the passphrase typed above.
    await page.getByRole("link", { name: "Open a backup file" }).first().click();
    await page.locator('[data-reader="ready"]').waitFor();
    await archiveFileInput(page).setInputFiles(encrypted.path);
    const form = page.getByRole("form", { name: "Passphrase of the archive" });
    await form.getByLabel("Passphrase").fill(PASSPHRASE);
    await form.getByRole("button", { name: "Open" }).click();
    await page.getByRole("status").filter({ hasText: "Every record checked" }).waitFor({ timeout: 60_000 });
    await page.getByLabel("Numbers").getByText(BANK_SIZE.toLocaleString("en-US")).first().waitFor();
  });
});

describe("opening a backup file in the browser", () => {
  it("reads it without a request, finds a question and shows it as the bank has it", async () => {
    const page = await openViewer();
    await page.screenshot({ path: screenshotPath("archive-choose.png") });
    // The log sees the worker's own requests: its code and brotli-wasm's .wasm, both loaded already.
    expect(watched().requests.some((request) => /archive\.worker.*\.js$/.test(request.url))).toBe(true);
    expect(watched().requests.some((request) => request.url.endsWith(".wasm"))).toBe(true);
    const before = watched().requests.length;

    await chooseAndWait(page, archives.plain);
    const numbers = page.getByLabel("Numbers");
    await expect.poll(() => numbers.textContent()).toContain("1,000");
    await expect
      .poll(() => page.getByRole("table", { name: "Questions in this file" }).locator("tbody tr").count())
      .toBe(25);
    await page.getByText("Showing 25 of 1000").waitFor();
    await page.getByRole("button", { name: "Load more" }).click();
    await page.getByText("Showing 50 of 1000").waitFor();
    await page.screenshot({ path: screenshotPath("archive-open.png") });

    await page.getByLabel("Search this file").fill(MARK);
    const rows = page.getByRole("table", { name: "Questions in this file" }).locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByText("Showing 1 of 1").waitFor();
    await rows.first().click();
    const drawer = page.getByRole("dialog", { name: /^Question as stored/ });
    const stored = drawer.getByRole("group", { name: "Stored question" });
    await stored.waitFor();
    await settled(drawer);
    await page.screenshot({ path: screenshotPath("archive-question.png") });

    // As the bank has it now (nothing changed since the backup), field by field.
    const live = await fetchQuestion(product, marked.id);
    expect(live).toEqual(marked);
    expect(await stored.locator('[data-stored="prompt"]').textContent()).toBe(live.prompt);
    const answers = stored.getByRole("list", { name: "Answers" }).getByRole("listitem");
    const ordered = [...live.answers].sort((a, b) => a.position - b.position);
    expect(await answers.allTextContents()).toEqual(ordered.map((answer) => answer.text));
    expect(
      await answers.evaluateAll((items) => items.map((item) => item.getAttribute("data-correct"))),
    ).toEqual(ordered.map((answer) => String(answer.isCorrect)));
    const text = (await stored.textContent()) ?? "";
    if (live.explanation) expect(text).toContain(live.explanation);
    for (const tag of live.tags) expect(text).toContain(tag);
    expect(text).toContain(`Position ${live.position}`);
    await drawer.getByText(`Question as stored in ${live.section.name}`).waitFor();
    // The record's digest is the one the server's copy of the backup names.
    const held = await product.gql<{
      backup: { questions: { edges: { node: { id: string; digest: string } }[] } };
    }>(
      `query ($id: ID!, $search: String) { backup(id: $id) { questions(search: $search) { edges { node { id digest } } } } }`,
      { id: backupId, search: MARK },
    );
    const digest = held.data!.backup.questions.edges[0]!.node;
    expect(digest.id).toBe(live.id);
    expect(await drawer.getByLabel("Digest", { exact: true }).textContent()).toBe(digest.digest);

    // A listening question's recording plays from the file itself, made whole by the worker.
    await page.keyboard.press("Escape");
    await page.getByLabel("Search this file").fill("Listen to the conversation");
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await rows.first().click();
    const player = drawer.getByLabel("Recording of this stored question");
    await expect.poll(() => player.getAttribute("src")).toMatch(/^blob:/);
    const seconds = await player.evaluate(
      (audio: HTMLAudioElement) =>
        new Promise<number>((resolve, reject) => {
          if (audio.readyState >= 1) resolve(audio.duration);
          audio.addEventListener("loadedmetadata", () => resolve(audio.duration));
          audio.addEventListener("error", () => reject(new Error("the browser cannot decode it")));
        }),
    );
    expect(seconds).toBeGreaterThan(0.5);
    await settled(drawer);
    await page.screenshot({ path: screenshotPath("archive-question-audio.png") });

    // Nothing left the page or its worker while the file was read, searched, browsed and played
    // (the player's blob: URL is the page's own memory).
    expect(
      watched()
        .requests.slice(before)
        .filter((request) => !request.url.startsWith("blob:")),
    ).toEqual([]);
  });

  it("asks for the passphrase of an encrypted file, again when it is wrong", async () => {
    const page = await openViewer();
    const before = watched().requests.length;
    await archiveFileInput(page).setInputFiles(archives.encrypted);
    const form = page.getByRole("form", { name: "Passphrase of the archive" });
    await form.getByRole("heading", { name: "This file is encrypted" }).waitFor();
    await form.getByLabel("Passphrase").fill("not the passphrase");
    await form.getByRole("button", { name: "Open" }).click();
    await form.getByText("Wrong passphrase: try again").waitFor({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath("archive-passphrase.png") });
    await form.getByLabel("Passphrase").fill(PASSPHRASE);
    await form.getByRole("button", { name: "Open" }).click();
    await page.getByRole("heading", { name: /^Backup of / }).waitFor({ timeout: 30_000 });
    await page.getByRole("status").filter({ hasText: "Every record checked" }).waitFor();
    await page.getByText("Encrypted", { exact: true }).first().waitFor();
    await page.getByLabel("Search this file").fill(MARK);
    await page.getByText("Showing 1 of 1").waitFor();
    expect(watched().requests.slice(before)).toEqual([]);
  });

  it("refuses a damaged copy, a foreign file and a file of a newer format, saying why", async () => {
    const { damaged, foreign, newer } = archives;
    const page = await openViewer();
    const alert = page.locator('[role="alert"][data-failure]');
    await archiveFileInput(page).setInputFiles(damaged);
    await alert.getByText("This file is damaged or not a qvault archive").waitFor();
    expect(await alert.getAttribute("data-failure")).toBe("INTEGRITY_ERROR");
    expect(await alert.textContent()).toContain("checksum does not match");
    await page.screenshot({ path: screenshotPath("archive-damaged.png") });

    await archiveFileInput(page).setInputFiles(foreign);
    await expect.poll(() => alert.textContent()).toContain("notes.qvar");
    expect(await alert.textContent()).toContain("The archive is damaged: not a qvault archive");
    expect(await alert.getAttribute("data-failure")).toBe("INTEGRITY_ERROR");

    await archiveFileInput(page).setInputFiles(newer);
    await alert.getByText("This archive was written by a newer qvault").waitFor();
    expect(await alert.getAttribute("data-failure")).toBe("UNSUPPORTED_VERSION");
    await page.screenshot({ path: screenshotPath("archive-newer.png") });
  });
});

describe("importing a backup file", () => {
  const importCount = async () =>
    (await product.gql<{ backups: { totalCount: number } }>("{ backups(trigger: IMPORT) { totalCount } }"))
      .data!.backups.totalCount;

  it("imports through the Backups page, explaining the server's refusals", async () => {
    const { damaged } = archives;
    const page = await open("/backups", product.adminToken);
    // The browser logs each refusal it receives.
    watched().allow(/status of 4(00|22) /);
    await page.getByRole("heading", { name: "Backups" }).waitFor();
    await page.getByRole("button", { name: "Import a backup file" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a backup file" });
    const importButton = dialog.getByRole("button", { name: "Import", exact: true });

    await importButton.click();
    await dialog.getByText("Choose a .qvar file").first().waitFor();
    await dialog.locator('input[type="file"]').setInputFiles(damaged);
    await importButton.click();
    await dialog.getByRole("alert").getByText("This file is damaged or not a qvault archive").waitFor();

    await dialog.locator('input[type="file"]').setInputFiles(archives.encrypted);
    await importButton.click();
    await dialog.getByRole("alert").getByText("The passphrase is missing or wrong").waitFor();
    await dialog.getByText("Wrong passphrase for this file").waitFor();
    await dialog.getByLabel("Passphrase", { exact: true }).fill(PASSPHRASE);
    await settled(dialog);
    await page.screenshot({ path: screenshotPath("archive-import.png") });
    await importButton.click();
    await page.getByText("Backup imported").waitFor({ timeout: 30_000 });
    await dialog.waitFor({ state: "hidden" });
    expect(await importCount()).toBe(1);

    // The history shows it on top without a reload (over backupCreated).
    const top = page.getByRole("table", { name: "Backups" }).locator("tbody tr").first();
    await top.getByText("Import", { exact: true }).waitFor();
    await page.screenshot({ path: screenshotPath("archive-imported.png") });
    await page.getByRole("link", { name: "Open the imported backup" }).click();
    await page.getByRole("heading", { name: /^Backup of / }).waitFor();
    await page
      .getByText(`${BANK_SIZE.toLocaleString("en-US")}`)
      .first()
      .waitFor();
    expect(page.url()).toMatch(/\/backups\/[^/]+$/);
    expect(page.url()).not.toContain(backupId);
  });

  it("imports the file open in the viewer only when asked", async () => {
    const page = await openViewer();
    const before = watched().requests.length;
    await chooseAndWait(page, archives.plain);
    expect(watched().requests.slice(before)).toEqual([]);
    const imports = await importCount();

    await page.getByRole("button", { name: "Import this backup" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a backup file" });
    await dialog.getByText(`qvault-${backupId}.qvar`).waitFor();
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await page.getByText("Backup imported").waitFor({ timeout: 30_000 });
    expect(await importCount()).toBe(imports + 1);
    const sent = watched()
      .requests.slice(before)
      .filter((request) => request.method !== "GET");
    expect(sent.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
      "POST /backups/import",
    ]);
    await page.getByRole("link", { name: "Open the imported backup" }).click();
    await page.getByRole("heading", { name: /^Backup of / }).waitFor();
  });

  it("refuses a file larger than the server takes, saying so", async () => {
    const tooLarge = await copyWith(archives.plain, "too-large.qvar", () => undefined, IMPORT_LIMIT + 1);
    const page = await open("/backups", product.adminToken);
    // The browser logs the refusal it receives.
    watched().allow(/status of 413 /);
    await page.getByRole("button", { name: "Import a backup file" }).click();
    const dialog = page.getByRole("dialog", { name: "Import a backup file" });
    await dialog.locator('input[type="file"]').setInputFiles(tooLarge);
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await dialog
      .getByRole("alert")
      .getByText("This file is too large for this server")
      .waitFor({ timeout: 30_000 });
    await settled(dialog);
    await page.screenshot({ path: screenshotPath("archive-too-large.png") });
  });
});

describe("a 10,000-question archive", () => {
  it("opens in the browser, in the times printed", { timeout: 240_000 }, async () => {
    const figures = await measureArchiveOpen({ questions: BENCH_SIZE });
    console.log(describeArchiveOpen(BENCH_SIZE, figures));
  });
});
