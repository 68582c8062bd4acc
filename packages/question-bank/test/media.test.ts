/**
 * A question's audio in the bank: uploads told by their bytes, put in the media folder in one
 * transaction with the question (journaled as an edit), and the folder's all-or-nothing changes:
 * taken back on rollback, settled after a crash by what the bank names.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3Settings } from "@qvault/core";
import { S3_TEST_CREDENTIALS, type S3Server, startS3Server } from "@qvault/test-server";
import { testDatabase } from "@qvault/test-server/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BankDatabase,
  createBankTarget,
  createQuestionBank,
  demoClip,
  openBankDatabase,
  type QuestionBank,
} from "../src/index.js";
import { type MediaFolder, mediaFolder } from "../src/media/media-folder.js";

let dir: string;
let mediaDir: string;
let db: BankDatabase;
let bank: QuestionBank;
let sectionId: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-media-"));
  mediaDir = join(dir, "media");
  db = await openBankDatabase({ ...testDatabase(dir), mediaDir });
  bank = createQuestionBank(db);
  sectionId = (await bank.createSection({ name: "Listening", description: null })).id;
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function newQuestion(prompt: string) {
  return bank.createQuestion({
    sectionId,
    type: "SINGLE_CHOICE",
    prompt,
    explanation: null,
    difficulty: 1,
    tags: [],
    audioPath: null,
    answers: [
      { text: "yes", isCorrect: true },
      { text: "no", isCorrect: false },
    ],
  });
}

async function journalOf(id: string): Promise<string[]> {
  const rows = await db.reader.query(
    `SELECT "op", "origin" FROM "change_journal" WHERE "entity" = 'question' AND "questionId" = '${id}' ORDER BY "seq"`,
  );
  return rows.map((r: { op: string; origin: string }) => `${r.op}:${r.origin}`);
}

describe("a question's audio", () => {
  it("is put in the media folder with the question, named by its content, and journaled as an edit", async () => {
    const question = await newQuestion("What time does the shop open?");
    const clip = demoClip(1);
    const updated = await bank.setAudio(question.id, clip);
    expect(updated.audio).toEqual({
      bytes: clip.length,
      durationMs: expect.any(Number),
      mimeType: expect.stringMatching(/^audio\//),
      sha256: sha(clip),
    });
    expect(updated.audioPath).toBe(`audio/${question.id}/${sha(clip).slice(0, 16)}.wav`);
    expect(updated.version).toBe(question.version + 1);
    expect(readFileSync(join(mediaDir, updated.audioPath!)).equals(Buffer.from(clip))).toBe(true);
    expect(await journalOf(question.id)).toEqual(["insert:edit", "update:edit"]);

    // Replaced: the new file is in place, the old one (no other question names it) is gone.
    const other = demoClip(2);
    const replaced = await bank.setAudio(question.id, other);
    expect(replaced.audio?.sha256).toBe(sha(other));
    expect(existsSync(join(mediaDir, updated.audioPath!))).toBe(false);
    expect(readFileSync(join(mediaDir, replaced.audioPath!)).equals(Buffer.from(other))).toBe(true);

    const removed = await bank.removeAudio(question.id);
    expect(removed.audio).toBeNull();
    expect(removed.audioPath).toBeNull();
    expect(existsSync(join(mediaDir, replaced.audioPath!))).toBe(false);
  });

  it("refuses bytes that are not audio, whatever they claim, changing nothing", async () => {
    const question = await newQuestion("Which bus goes to the station?");
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...new Array(64).fill(0)]);
    for (const bytes of [png, new TextEncoder().encode("just text, not a recording")])
      await expect(bank.setAudio(question.id, bytes)).rejects.toMatchObject({
        code: "BAD_USER_INPUT",
        details: { field: "body", status: 415 },
      });
    await expect(bank.setAudio("no-such-question", demoClip(3))).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await bank.getQuestion(question.id))!.audio).toBeNull();
    expect(existsSync(join(mediaDir, "audio", "no-such-question"))).toBe(false);
  });
});

describe("a restore's transaction", () => {
  it("puts files in place before it commits, and every file back when it fails after writing them", async () => {
    const question = await newQuestion("Where is the meeting?");
    const clip = demoClip(41);
    const { audioPath } = await bank.setAudio(question.id, clip);
    const target = createBankTarget(db);
    const other = demoClip(42);
    const error = await target
      .transaction(async (tx) => {
        await tx.putMedia!([{ path: audioPath!, sha256: sha(other), bytes: other }]);
        await tx.putMedia!([{ path: "audio/new/file.wav", sha256: sha(other), bytes: other }]);
        // Seen in place by reads inside the transaction.
        expect(Buffer.from((await tx.readMedia!(audioPath!))!).equals(Buffer.from(other))).toBe(true);
        throw new Error("a later step failed");
      })
      .catch((e) => e);
    expect(error.message).toBe("a later step failed");
    expect(readFileSync(join(mediaDir, audioPath!)).equals(Buffer.from(clip))).toBe(true);
    expect(existsSync(join(mediaDir, "audio/new/file.wav"))).toBe(false);

    await target.transaction(async (tx) =>
      tx.putMedia!([{ path: audioPath!, sha256: sha(other), bytes: other }]),
    );
    expect(readFileSync(join(mediaDir, audioPath!)).equals(Buffer.from(other))).toBe(true);
  });
});

/** Media folders of each kind, made fresh for a test: a local folder, and a prefix of an object store. */
const folderKinds: [string, (name: string) => MediaFolder][] = [
  ["a local folder", (name) => mediaFolder(join(dir, name))],
  ["a prefix of an object store", (name) => mediaFolder(`s3://media-tests/${name}`, s3)],
];
let s3Server: S3Server;
let s3: S3Settings;
beforeAll(async () => {
  s3Server = await startS3Server({ buckets: ["media-tests"] });
  process.env.AWS_ACCESS_KEY_ID = S3_TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3_TEST_CREDENTIALS.secretAccessKey;
  s3 = { endpoint: s3Server.endpoint, forcePathStyle: true };
});
afterAll(() => s3Server?.stop());

describe.each(folderKinds)("the media folder's changes, in %s", (_, folderNamed) => {
  it("take every file back on rollback: the replaced one returns, a new one goes", async () => {
    const folder = folderNamed("rollback");
    const first = folder.changes();
    await first.put("a/one.wav", new Uint8Array([1]));
    await first.commit();
    const changes = folder.changes();
    await changes.put("a/one.wav", new Uint8Array([2]));
    expect(await folder.read("a/one.wav")).toEqual(new Uint8Array([2]));
    await changes.put("b/two.wav", new Uint8Array([3]));
    await changes.remove("a/one.wav");
    expect(await folder.read("a/one.wav")).toBeNull();
    await changes.rollback();
    expect(await folder.read("a/one.wav")).toEqual(new Uint8Array([1]));
    expect(await folder.read("b/two.wav")).toBeNull();
    // Nothing of the batch is left beside the files, and the folder's own files are not media.
    const committed = folder.changes();
    await committed.put("a/one.wav", new Uint8Array([4, 5, 6]));
    await committed.commit();
    expect(await folder.size("a/one.wav")).toBe(3);
    expect(await folder.readRange("a/one.wav", 1, 2)).toEqual(new Uint8Array([5, 6]));
    expect(await folder.recover(async () => null)).toBe(0);
    expect(await folder.size(".qvault-old-000000000000-one.wav")).toBeNull();
    await expect(folder.read("a/.qvault-tmp-1")).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("after a crash, keep what the bank names: the old file when it did not commit, the new one when it did", async () => {
    const folder = folderNamed("crash");
    const setup = folder.changes();
    await setup.put("x.wav", new Uint8Array([1]));
    await setup.put("d/y.wav", new Uint8Array([1]));
    await setup.commit();
    // A batch that neither committed nor rolled back (the process was killed).
    const cut = folder.changes();
    await cut.put("x.wav", new Uint8Array([2]));
    await cut.put("d/y.wav", new Uint8Array([2]));
    const named: Record<string, string> = {
      "x.wav": sha(new Uint8Array([1])),
      "d/y.wav": sha(new Uint8Array([2])),
    };
    // The folder's own batch is at work: not settled by it.
    expect(await folder.recover(async (path) => named[path] ?? null)).toBe(0);
    expect(await folder.read("x.wav")).toEqual(new Uint8Array([2]));
    // The process that starts next settles it.
    const restarted = folderNamed("crash");
    expect(await restarted.recover(async (path) => named[path] ?? null)).toBe(1);
    expect(await restarted.read("x.wav")).toEqual(new Uint8Array([1]));
    expect(await restarted.read("d/y.wav")).toEqual(new Uint8Array([2]));
    expect(await restarted.recover(async () => null)).toBe(0);
  });
});

describe("a local media folder", () => {
  it("never reaches outside its folder", async () => {
    const root = join(dir, "fenced");
    mkdirSync(root, { recursive: true });
    const outside = join(dir, "outside");
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, "secret.wav"), "secret");
    symlinkSync(outside, join(root, "link"));
    const folder = mediaFolder(root);
    for (const path of ["../outside/secret.wav", "/etc/passwd", "a//b.wav", "link/secret.wav", "a\\..\\b"])
      await expect(folder.read(path), path).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    await expect(folder.changes().put("link/new.wav", new Uint8Array([1]))).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
    });
    expect(existsSync(join(outside, "new.wav"))).toBe(false);
  });
});
