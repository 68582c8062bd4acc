/**
 * Media in backups, through the engine's API: audio files stored by content in chunks of their
 * own, named by each section's media listing, kept by cleanup while a snapshot needs them, copied,
 * checked byte for byte, and read back identical.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ARCHIVE_VERSION,
  backup,
  backupChanges,
  bytesSource,
  check,
  chunkMedia,
  copySnapshots,
  digestOf,
  encodeQuestion,
  importArchive,
  MEDIA_CHUNKS,
  nodeCodec,
  openArchive,
  planMediaChanges,
  planRestore,
  prune,
  type QuestionRecord,
  type Repository,
  readMedia,
  restore,
  type SnapshotManifest,
  sectionMedia,
  verifyArchive,
  writeArchive,
} from "../src/index.js";
import { type MemoryBank, memoryBankSource, memoryBankTarget } from "../src/testing/index.js";
import { makeBank, newRepository, sortQuestions, TEST_SCRYPT, tempDir } from "./helpers.js";

const sha = (bytes: Uint8Array) => nodeCodec.sha256Hex(bytes);

/** Equal bytes (compared whole: deep equality of megabytes is slow). */
function same(actual: Uint8Array | null, expected: Uint8Array | undefined): void {
  expect(actual?.length).toBe(expected?.length);
  expect(Buffer.from(actual!).equals(Buffer.from(expected!))).toBe(true);
}

/** Gives `question` the audio file `bytes` at `path` in `bank`'s media folder. */
function setAudio(bank: MemoryBank, question: QuestionRecord, path: string, bytes: Uint8Array) {
  bank.media ??= new Map();
  bank.media.set(path, bytes);
  question.audioPath = path;
  question.audio = { sha256: sha(bytes), bytes: bytes.length, mimeType: "audio/mpeg", durationMs: 1000 };
}

/** The audio a snapshot holds for a question, read back whole, or null when it holds none. */
async function audioOf(repository: Repository, manifest: SnapshotManifest, questionId: string) {
  for (const section of manifest.sections) {
    const media = await sectionMedia(repository, section);
    const file = media.entries.get(questionId);
    if (file) return readMedia(repository.records, nodeCodec, file);
  }
  return null;
}

/** Bytes of the repository's media packs, on disk. */
function mediaPackBytes(dir: string): number {
  const folder = join(dir, "data", "~media");
  let total = 0;
  try {
    for (const day of readdirSync(folder))
      for (const pack of readdirSync(join(folder, day))) total += statSync(join(folder, day, pack)).size;
  } catch {
    return 0;
  }
  return total;
}

function mediaPacks(dir: string): string[] {
  const folder = join(dir, "data", "~media");
  return readdirSync(folder).flatMap((day) =>
    readdirSync(join(folder, day)).map((p) => join(folder, day, p)),
  );
}

describe("media in a backup", () => {
  it("stores each question's audio once, byte for byte, and a question without audio keeps its version-1 digest", async () => {
    const { repository, dir } = await newRepository({});
    const bank = makeBank(2, 5);
    const clip = randomBytes(700_000);
    const short = randomBytes(3_000);
    setAudio(bank, bank.questions[0]!, "audio/s0/q0.mp3", clip);
    setAudio(bank, bank.questions[6]!, "audio/s1/q1.mp3", short);
    // The same file named by a second question is stored once.
    setAudio(bank, bank.questions[1]!, "audio/s0/q1.mp3", clip);
    const silent = bank.questions[2]!;
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });

    same(await audioOf(repository, manifest, bank.questions[0]!.id), clip);
    same(await audioOf(repository, manifest, bank.questions[1]!.id), clip);
    same(await audioOf(repository, manifest, bank.questions[6]!.id), short);
    expect(await audioOf(repository, manifest, silent.id)).toBeNull();
    expect(manifest.missingMedia).toBeUndefined();
    // Stored once, not compressed again: about the two files' size.
    const stored = mediaPackBytes(dir);
    expect(stored).toBeGreaterThanOrEqual(clip.length + short.length);
    expect(stored).toBeLessThan((clip.length + short.length) * 1.01 + 4096);

    // A record without audio is the version-1 record, byte for byte: its digest does not move.
    const v1 = JSON.stringify(JSON.parse(new TextDecoder().decode(encodeQuestion(silent))));
    expect(v1).not.toContain('"audio":');
    const listed = (await repository.readListing(manifest.sections[0]!.listing)).entries;
    expect(listed.get(silent.id)).toBe(digestOf(nodeCodec, encodeQuestion(silent)));
    // One with audio names it by content.
    const record = JSON.parse(new TextDecoder().decode(encodeQuestion(bank.questions[0]!)));
    expect(record.audio).toEqual({
      bytes: clip.length,
      durationMs: 1000,
      mimeType: "audio/mpeg",
      sha256: sha(clip),
    });

    // A second backup of the unchanged bank reads no file (it finds each in place) and stores no media.
    const again = await backup(
      repository,
      {
        ...memoryBankSource(bank),
        readMedia: () => Promise.reject(new Error("a held file was read again")),
      },
      { scope: "FULL" },
    );
    expect(again.missingMedia).toBeUndefined();
    expect(again.sections[0]!.media).toEqual(manifest.sections[0]!.media);
    expect(mediaPackBytes(dir)).toBe(stored);
    expect((await check(repository, { readData: true })).ok).toBe(true);
  });

  it("adds about what changed when the second half of a long clip is replaced", async () => {
    const { repository, dir } = await newRepository({});
    const bank = makeBank(1, 2);
    const first = randomBytes(4 * 1024 * 1024);
    setAudio(bank, bank.questions[0]!, "audio/long.mp3", first);
    await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const before = mediaPackBytes(dir);
    const second = new Uint8Array(first);
    second.set(randomBytes(first.length / 2), first.length / 2);
    setAudio(bank, bank.questions[0]!, "audio/long.mp3", second);
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const added = mediaPackBytes(dir) - before;
    // The changed half, plus at most the chunk that straddles the cut.
    expect(added).toBeGreaterThan(first.length * 0.45);
    expect(added).toBeLessThan(first.length * 0.5 + 2 * MEDIA_CHUNKS.max);
    same(await audioOf(repository, manifest, bank.questions[0]!.id), second);
  });

  it("goes on without a file that is missing or changed behind the bank's back, and names its question", async () => {
    const { repository } = await newRepository({});
    const bank = makeBank(1, 3);
    setAudio(bank, bank.questions[0]!, "audio/a.mp3", randomBytes(5000));
    setAudio(bank, bank.questions[1]!, "audio/b.mp3", randomBytes(5000));
    setAudio(bank, bank.questions[2]!, "audio/c.mp3", randomBytes(5000));
    bank.media!.delete("audio/a.mp3");
    bank.media!.set("audio/b.mp3", randomBytes(5000));
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    expect(manifest.missingMedia).toEqual([
      {
        questionId: bank.questions[0]!.id,
        path: "audio/a.mp3",
        sha256: bank.questions[0]!.audio!.sha256,
        reason: "MISSING",
      },
      {
        questionId: bank.questions[1]!.id,
        path: "audio/b.mp3",
        sha256: bank.questions[1]!.audio!.sha256,
        reason: "CHANGED",
      },
    ]);
    expect(await audioOf(repository, manifest, bank.questions[0]!.id)).toBeNull();
    same(await audioOf(repository, manifest, bank.questions[2]!.id), bank.media!.get("audio/c.mp3"));
  });

  it("follows an incremental backup: a new clip is stored, a removed one leaves the listing, a missing one stays named", async () => {
    const { repository } = await newRepository({});
    const bank = makeBank(2, 3);
    const [a, b, c] = bank.questions;
    setAudio(bank, a!, "audio/a.mp3", randomBytes(80_000));
    setAudio(bank, b!, "audio/b.mp3", randomBytes(80_000));
    setAudio(bank, c!, "audio/c.mp3", randomBytes(80_000));
    bank.media!.delete("audio/c.mp3");
    const source = memoryBankSource(bank);
    const full = await backup(repository, source, { scope: "FULL", cursor: "1" });
    expect(full.missingMedia?.map((m) => m.questionId)).toEqual([c!.id]);
    const newer = randomBytes(90_000);
    setAudio(bank, a!, "audio/a2.mp3", newer);
    b!.audio = null;
    b!.audioPath = null;
    const next = await backupChanges(repository, source, {
      questionIds: [a!.id, b!.id],
      sectionIds: [],
      cursor: "2",
    });
    same(await audioOf(repository, next, a!.id), newer);
    expect(await audioOf(repository, next, b!.id)).toBeNull();
    expect(next.missingMedia?.map((m) => m.questionId)).toEqual([c!.id]);
    // The section without changes keeps its parent's listings.
    expect(next.sections[1]).toEqual(full.sections[1]);
    expect((await check(repository, { readData: true })).ok).toBe(true);
  });
});

describe("a scan of the media", () => {
  it("finds a held file gone, catches one changed behind the bank's back when it rehashes, and stores one put back", async () => {
    const { repository } = await newRepository({});
    const bank = makeBank(1, 3);
    const [a, b, c] = bank.questions;
    for (const [i, q] of [a!, b!, c!].entries()) setAudio(bank, q, `audio/${i}.wav`, randomBytes(70_000));
    const cBytes = bank.media!.get("audio/2.wav")!;
    bank.media!.delete("audio/2.wav");
    const source = memoryBankSource(bank);
    const full = await backup(repository, source, { scope: "FULL", cursor: "1" });
    expect(full.missingMedia?.map((m) => m.questionId)).toEqual([c!.id]);
    // No question changed since: a scan still looks at every file.
    const none = { questionIds: [], sectionIds: [], cursor: "1" };
    bank.media!.delete("audio/0.wav");
    const flipped = new Uint8Array(bank.media!.get("audio/1.wav")!);
    flipped[5] = flipped[5]! ^ 1;
    bank.media!.set("audio/1.wav", flipped);
    bank.media!.set("audio/2.wav", cBytes);
    const found = await backupChanges(repository, source, none, { scanMedia: true, trigger: "MANUAL" });
    expect(found.missingMedia?.map((m) => [m.questionId, m.reason])).toEqual([[a!.id, "MISSING"]]);
    same(await audioOf(repository, found, c!.id), cBytes);
    const rehashed = await backupChanges(repository, source, none, {
      scanMedia: true,
      rehashMedia: true,
      trigger: "SCHEDULED",
    });
    expect(rehashed.missingMedia?.map((m) => [m.questionId, m.reason])).toEqual([
      [a!.id, "MISSING"],
      [b!.id, "CHANGED"],
    ]);
    // An automatic backup of no change looks at no file and keeps what its parent said.
    const automatic = await backupChanges(repository, source, none, {});
    expect(automatic.missingMedia).toEqual(rehashed.missingMedia);
  });
});

describe("media kept safe", () => {
  it("check --read-data finds a flipped byte in a clip and names the question and the snapshots", async () => {
    const { repository, dir } = await newRepository({});
    const bank = makeBank(1, 2);
    setAudio(bank, bank.questions[1]!, "audio/q.mp3", randomBytes(200_000));
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    expect((await check(repository, { readData: true })).ok).toBe(true);
    const [pack] = mediaPacks(dir);
    const bytes = readFileSync(pack!);
    bytes[100] = bytes[100]! ^ 0x01;
    writeFileSync(pack!, bytes);
    const report = await check(repository, { readData: true });
    expect(report.ok).toBe(false);
    const damage = report.problems.find((p) => p.questions);
    expect(damage).toMatchObject({
      kind: "record",
      questions: [bank.questions[1]!.id],
      snapshots: [manifest.id],
      sections: [bank.questions[1]!.sectionId],
    });
    // Reading the clip back refuses it: damaged media is never handed out.
    const fresh = await (await import("../src/index.js")).Repository.open({
      storage: repository.storage,
      codec: nodeCodec,
    });
    await expect(audioOf(fresh, manifest, bank.questions[1]!.id)).rejects.toMatchObject({
      code: "INTEGRITY_ERROR",
    });
  });

  it("cleanup keeps the clips kept snapshots name and frees those only forgotten ones named", async () => {
    const { repository, dir } = await newRepository({});
    const bank = makeBank(1, 2);
    const old = randomBytes(300_000);
    setAudio(bank, bank.questions[0]!, "audio/q.mp3", old);
    const first = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const kept = randomBytes(300_000);
    setAudio(bank, bank.questions[0]!, "audio/q.mp3", kept);
    setAudio(bank, bank.questions[1]!, "audio/q1.mp3", old);
    const second = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    bank.questions[1]!.audio = null;
    const third = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    // Keeping the last one only: the old clip is named by no kept snapshot.
    await prune(repository, { keepLast: 1 });
    expect((await repository.listSnapshots()).map((m) => m.id)).toEqual([third.id]);
    expect(mediaPackBytes(dir)).toBeLessThan(300_000 + 8192);
    same(await audioOf(repository, third, bank.questions[0]!.id), kept);
    expect((await check(repository, { readData: true })).ok).toBe(true);
    expect(first.id < second.id).toBe(true);
  });

  it("a copy carries the clips, sealed with the copy's own key, and reads them back equal", async () => {
    const { repository } = await newRepository({ passphrase: "source", scrypt: TEST_SCRYPT });
    const bank = makeBank(2, 2);
    const clip = randomBytes(400_000);
    setAudio(bank, bank.questions[3]!, "audio/q.mp3", clip);
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const { repository: copy } = await newRepository({ passphrase: "copy", scrypt: TEST_SCRYPT }, tempDir());
    const report = await copySnapshots(repository, copy, {});
    expect(report.copied).toEqual([manifest.id]);
    const copied = await copy.getSnapshot(manifest.id);
    same(await audioOf(copy, copied, bank.questions[3]!.id), clip);
    expect((await check(copy, { readData: true })).ok).toBe(true);
  });
});

describe("media restored", () => {
  /** A bank of 2 sections with audio on four questions, backed up. */
  async function backedUp() {
    const { repository, dir } = await newRepository({});
    const bank = makeBank(2, 4);
    const clips = [randomBytes(150_000), randomBytes(2_000), randomBytes(600_000), randomBytes(90_000)];
    for (const [i, q] of [0, 1, 4, 5].entries())
      setAudio(bank, bank.questions[q]!, `audio/q${q}.mp3`, clips[i]!);
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    return { repository, dir, bank, clips, manifest };
  }

  it("writes a deleted and a damaged file back byte for byte, leaves an equal one alone, and the undo gives the damage back", async () => {
    const { repository, bank, clips, manifest } = await backedUp();
    bank.media!.delete("audio/q0.mp3");
    const damaged = new Uint8Array(clips[2]!);
    damaged[1000] = damaged[1000]! ^ 0xff;
    bank.media!.set("audio/q4.mp3", damaged);
    const request = { backupId: manifest.id, scope: "FULL" as const, mode: "REPLACE" as const };
    // Which files the bank is handed.
    const put: string[] = [];
    const target = memoryBankTarget(bank, {
      wrap: (tx) => ({
        ...tx,
        putMedia: (files) => {
          put.push(...files.map((f) => f.path));
          return tx.putMedia!(files);
        },
      }),
    });
    // The preview tells the two files it writes back.
    const preview = await planMediaChanges(
      repository,
      memoryBankSource(bank),
      await planRestore(repository, memoryBankSource(bank), request),
    );
    expect(preview.map((c) => [c.questionId, c.kind])).toEqual([
      [bank.questions[0]!.id, "REPAIRED"],
      [bank.questions[4]!.id, "REPAIRED"],
    ]);
    // The bank's records are unchanged: only its files are off, so the restore writes no question.
    const result = await restore(repository, target, request);
    expect(result.plan.counts.CHANGED).toBe(0);
    same(bank.media!.get("audio/q0.mp3")!, clips[0]);
    same(bank.media!.get("audio/q4.mp3")!, clips[2]);
    expect(put.sort()).toEqual(["audio/q0.mp3", "audio/q4.mp3"]);
    // The undo's snapshot kept the damaged file as it found it: the undo puts it back.
    const undone = await restore(repository, target, result.undo);
    same(bank.media!.get("audio/q4.mp3")!, damaged);
    expect(undone.plan.counts.CHANGED).toBe(0);
  });

  it("restores a question's audio with the question, and shows media added, changed and removed with sizes", async () => {
    const { repository, bank, clips, manifest } = await backedUp();
    const [q0, q1, , , q4] = bank.questions;
    const other = randomBytes(40_000);
    setAudio(bank, q0!, "audio/q0-new.mp3", other);
    q1!.audio = null;
    q1!.audioPath = null;
    setAudio(bank, bank.questions[2]!, "audio/q2.mp3", randomBytes(1_000));
    bank.media!.delete("audio/q4.mp3");
    q4!.audio = null;
    q4!.audioPath = null;
    const request = { backupId: manifest.id, scope: "FULL" as const, mode: "REPLACE" as const };
    const plan = await planRestore(repository, memoryBankSource(bank), request);
    const changes = await planMediaChanges(repository, memoryBankSource(bank), plan);
    expect(changes).toEqual([
      {
        questionId: q0!.id,
        kind: "CHANGED",
        sha256: sha(clips[0]!),
        bytes: clips[0]!.length,
        liveSha256: sha(other),
        liveBytes: other.length,
        livePath: "audio/q0-new.mp3",
      },
      {
        questionId: q1!.id,
        kind: "ADDED",
        sha256: sha(clips[1]!),
        bytes: clips[1]!.length,
        liveSha256: null,
        liveBytes: null,
        livePath: null,
      },
      {
        questionId: bank.questions[2]!.id,
        kind: "REMOVED",
        sha256: null,
        bytes: null,
        liveSha256: expect.any(String),
        liveBytes: 1_000,
        livePath: "audio/q2.mp3",
      },
      {
        questionId: q4!.id,
        kind: "ADDED",
        sha256: sha(clips[2]!),
        bytes: clips[2]!.length,
        liveSha256: null,
        liveBytes: null,
        livePath: null,
      },
    ]);
    await restore(repository, memoryBankTarget(bank), request);
    same(bank.media!.get("audio/q0.mp3")!, clips[0]);
    same(bank.media!.get("audio/q1.mp3")!, clips[1]);
    same(bank.media!.get("audio/q4.mp3")!, clips[2]);
    expect(bank.questions.find((q) => q.id === q0!.id)!.audio?.sha256).toBe(sha(clips[0]!));
  });

  it("refuses a damaged clip with INTEGRITY_ERROR and a clip the backup lacks with MEDIA_MISSING, changing nothing", async () => {
    const { repository, dir, bank, clips, manifest } = await backedUp();
    bank.media!.delete("audio/q5.mp3");
    const [pack] = mediaPacks(dir);
    const bytes = readFileSync(pack!);
    // Inside the first clip's frames (the 150 kB one), past the pack's header.
    bytes[20_000] = bytes[20_000]! ^ 0x01;
    writeFileSync(pack!, bytes);
    const fresh = await (await import("../src/index.js")).Repository.open({
      storage: repository.storage,
      codec: nodeCodec,
    });
    bank.media!.delete("audio/q0.mp3");
    const before = structuredClone({ sections: bank.sections, questions: bank.questions });
    const files = [...bank.media!.keys()].sort();
    const request = { backupId: manifest.id, scope: "FULL" as const, mode: "REPLACE" as const };
    await expect(restore(fresh, memoryBankTarget(bank), request)).rejects.toMatchObject({
      code: "INTEGRITY_ERROR",
    });
    expect({ sections: bank.sections, questions: bank.questions }).toEqual(before);
    expect([...bank.media!.keys()].sort()).toEqual(files);

    // A backup taken while a file was missing names the question's audio it could not store.
    bank.media!.delete("audio/q1.mp3");
    bank.media!.set("audio/q0.mp3", clips[0]!);
    const lacking = await backup(fresh, memoryBankSource(bank), { scope: "FULL" });
    expect(lacking.missingMedia?.map((m) => m.path).sort()).toEqual(["audio/q1.mp3", "audio/q5.mp3"]);
    bank.questions[1]!.prompt = "edited";
    const error = await restore(fresh, memoryBankTarget(bank), {
      backupId: lacking.id,
      scope: "QUESTIONS",
      questionIds: [bank.questions[1]!.id],
      mode: "REPLACE",
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(error.details.items).toEqual([
      expect.objectContaining({ code: "MEDIA_MISSING", id: bank.questions[1]!.id }),
    ]);
    expect(bank.questions[1]!.prompt).toBe("edited");
  });
});

/** An archive of `id`, whole. */
async function archiveOf(repository: Repository, id: string, passphrase: string | null = null) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of writeArchive(repository, id, { passphrase, scrypt: TEST_SCRYPT }))
    chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * The same archive in archive format 1 (an archive without media differs from its format-1 form
 * only in the version it names): header byte 5 and the trailer's `archive` set to 1, the trailer
 * sealed again, the footer's hashes made again. Unencrypted archives only.
 */
function asFormat1(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trailerLength = view.getUint32(bytes.length - 72, true);
  const trailerStart = bytes.length - 72 - trailerLength;
  const header = bytes.slice(0, 64);
  header[5] = 1;
  const trailer = JSON.parse(
    brotliDecompressSync(bytes.subarray(trailerStart, bytes.length - 72)).toString(),
  );
  expect(trailer.sections.every((s: { media?: unknown }) => !s.media)).toBe(true);
  trailer.archive = 1;
  trailer.header = nodeCodec.sha256Hex(header);
  const sealed = new Uint8Array(brotliCompressSync(JSON.stringify(trailer)));
  const footer = new Uint8Array(72);
  new DataView(footer.buffer).setUint32(0, sealed.length, true);
  footer.set(nodeCodec.sha256(sealed), 4);
  footer.set([0x51, 0x56, 0x41, 0x52], 68);
  const out = new Uint8Array(Buffer.concat([header, bytes.subarray(64, trailerStart), sealed, footer]));
  out.set(nodeCodec.sha256(out.subarray(0, out.length - 36)), out.length - 36);
  return out;
}

describe("media in archives", () => {
  it.each([
    ["plain", null],
    ["encrypted", "archive pass"],
  ])(
    "a %s archive carries the clips, and its import restores them byte for byte",
    async (_name, passphrase) => {
      const { repository } = await newRepository({});
      const bank = makeBank(2, 3);
      const clips = [randomBytes(500_000), randomBytes(1_500)];
      setAudio(bank, bank.questions[0]!, "audio/long.mp3", clips[0]!);
      setAudio(bank, bank.questions[4]!, "audio/short.mp3", clips[1]!);
      // A question named audio that was missing: carried as missing, not as damage.
      setAudio(bank, bank.questions[5]!, "audio/gone.mp3", randomBytes(900));
      bank.media!.delete("audio/gone.mp3");
      const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
      const bytes = await archiveOf(repository, manifest.id, passphrase);
      expect(bytes[5]).toBe(ARCHIVE_VERSION);

      const archive = await openArchive(bytesSource(bytes), { codec: nodeCodec, passphrase });
      expect(archive.media("s0").map(([id]) => id)).toEqual([bank.questions[0]!.id]);
      same(await readMedia(archive, nodeCodec, archive.media("s0")[0]![1]), clips[0]);

      const { repository: target } = await newRepository({}, tempDir());
      const imported = await importArchive(target, bytesSource(bytes), { passphrase });
      expect(imported.missingMedia).toEqual([expect.objectContaining({ questionId: bank.questions[5]!.id })]);
      same(await audioOf(target, imported, bank.questions[0]!.id), clips[0]);
      same(await audioOf(target, imported, bank.questions[4]!.id), clips[1]);
      expect((await check(target, { readData: true })).ok).toBe(true);

      // Restored into another bank, the files come along.
      const other = { sections: [], questions: [], media: new Map<string, Uint8Array>() } as MemoryBank;
      await restore(target, memoryBankTarget(other), {
        backupId: imported.id,
        scope: "QUESTIONS",
        questionIds: [bank.questions[0]!.id, bank.questions[4]!.id],
        mode: "MERGE",
      });
      same(other.media!.get("audio/long.mp3")!, clips[0]);
      same(other.media!.get("audio/short.mp3")!, clips[1]);
    },
  );

  it("verification refuses an archive whose clip is damaged, naming its question", async () => {
    const { repository } = await newRepository({});
    const bank = makeBank(1, 2);
    setAudio(bank, bank.questions[1]!, "audio/q.mp3", randomBytes(200_000));
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const bytes = await archiveOf(repository, manifest.id);
    // The file record names its chunks; a chunk whose bytes changed (and the file's hashes made
    // again, so that only the chunk's own checks can tell) is found.
    const archive = await openArchive(bytesSource(bytes), { codec: nodeCodec, passphrase: null });
    const chunkFrame = Array.from({ length: archive.frameCount }, (_, i) => i).find(
      (i) => archive.frameEntries(i)[0]?.kind === "c",
    )!;
    expect(chunkFrame).toBeDefined();
    const { report } = await verifyOf(bytes);
    expect(report.ok).toBe(true);
    const damaged = await archiveWithFlippedFrame(bytes, chunkFrame);
    const { report: found } = await verifyOf(damaged);
    expect(found.ok).toBe(false);
    expect(found.errors.some((e) => e.code === "INTEGRITY_ERROR")).toBe(true);
    const { repository: target } = await newRepository({}, tempDir());
    await expect(importArchive(target, bytesSource(damaged))).rejects.toMatchObject({
      code: "INTEGRITY_ERROR",
    });
    expect(await target.listSnapshots()).toEqual([]);
  });

  it("an archive of format 1 (before media) still opens and imports", async () => {
    const { repository } = await newRepository({});
    const bank = makeBank(2, 3);
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const old = asFormat1(await archiveOf(repository, manifest.id));
    expect(old[5]).toBe(1);
    const { repository: target } = await newRepository({}, tempDir());
    const imported = await importArchive(target, bytesSource(old));
    expect(imported.stats.questionCount).toBe(6);
    const other = { sections: [], questions: [] } as MemoryBank;
    await restore(target, memoryBankTarget(other), { backupId: imported.id, scope: "FULL", mode: "REPLACE" });
    expect(sortQuestions(other.questions)).toEqual(sortQuestions(bank.questions));
  });
});

async function verifyOf(bytes: Uint8Array) {
  const archive = await openArchive(bytesSource(bytes), { codec: nodeCodec, passphrase: null });
  return { archive, report: await verifyArchive(archive) };
}

/** `bytes` with a byte of frame `index` flipped and the trailer's hash of it, and the file's, made again. */
async function archiveWithFlippedFrame(bytes: Uint8Array, index: number): Promise<Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trailerLength = view.getUint32(bytes.length - 72, true);
  const trailerStart = bytes.length - 72 - trailerLength;
  const trailer = JSON.parse(
    brotliDecompressSync(bytes.subarray(trailerStart, bytes.length - 72)).toString(),
  );
  const [offset, length] = trailer.frames[index];
  const body = bytes.slice(0, trailerStart);
  body[offset + 10] = body[offset + 10]! ^ 0xff;
  trailer.frames[index][2] = nodeCodec.sha256Hex(body.subarray(offset, offset + length));
  const sealed = new Uint8Array(brotliCompressSync(JSON.stringify(trailer)));
  const footer = new Uint8Array(72);
  new DataView(footer.buffer).setUint32(0, sealed.length, true);
  footer.set(nodeCodec.sha256(sealed), 4);
  footer.set([0x51, 0x56, 0x41, 0x52], 68);
  const out = new Uint8Array(Buffer.concat([body, sealed, footer]));
  out.set(nodeCodec.sha256(out.subarray(0, out.length - 36)), out.length - 36);
  return out;
}

describe("content-defined chunks", () => {
  it("tile the file within FastCDC's sizes, and the same bytes always cut the same way (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 3 * 1024 * 1024 }), fc.integer(), async (size, seed) => {
        const bytes = new Uint8Array(size);
        let x = seed | 1;
        for (let i = 0; i < size; i++) {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          bytes[i] = x & 0xff;
        }
        const chunks = await chunkMedia(bytes);
        same(Buffer.concat(chunks), bytes);
        chunks.forEach((chunk, i) => {
          expect(chunk.length).toBeLessThanOrEqual(MEDIA_CHUNKS.max);
          if (i < chunks.length - 1) expect(chunk.length).toBeGreaterThanOrEqual(MEDIA_CHUNKS.min);
        });
        expect((await chunkMedia(bytes)).map((c) => c.length)).toEqual(chunks.map((c) => c.length));
      }),
      { numRuns: 20 },
    );
  });
});
