import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ARCHIVE_EXTENSION,
  type BrotliModule,
  backup,
  browseSnapshot,
  bytesSource,
  check,
  createWebCodec,
  importArchive,
  nodeCodec,
  offsetCursor,
  openArchive,
  openFileSource,
  type Repository,
  readSnapshot,
  restore,
  toHex,
  verifyArchive,
  writeArchive,
} from "../src/index.js";
import { type MemoryBank, memoryBankSource, memoryBankTarget } from "../src/testing/index.js";
import { bankArbitrary, makeBank, newRepository, sortQuestions, TEST_SCRYPT, tempDir } from "./helpers.js";

const brotli = createRequire(import.meta.url)("brotli-wasm") as BrotliModule;
const webCodec = createWebCodec(brotli);

async function archiveChunks(repository: Repository, id: string, passphrase: string | null = null) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of writeArchive(repository, id, { passphrase, scrypt: TEST_SCRYPT }))
    chunks.push(chunk);
  return chunks;
}

async function archiveBytes(repository: Repository, id: string, passphrase: string | null = null) {
  return Buffer.concat(await archiveChunks(repository, id, passphrase));
}

const byId = <T extends { id: string }>(items: T[]) => [...items].sort((a, b) => (a.id < b.id ? -1 : 1));

describe.each([
  ["plain archive into a plain repository", null, null],
  ["encrypted archive into a plain repository", "correct horse", null],
  ["plain archive into an encrypted repository", null, "battery staple"],
  ["encrypted archive into an encrypted repository", "correct horse", "battery staple"],
])("a %s", (_name, archivePassphrase, targetPassphrase) => {
  it("round-trips record for record through a file, and the imported snapshot restores and checks clean", async () => {
    const { repository: source } = await newRepository();
    const bank = makeBank(3, 40);
    const manifest = await backup(source, memoryBankSource(bank), { scope: "FULL", note: "before the move" });
    const file = join(tempDir(), `qvault-${manifest.id}${ARCHIVE_EXTENSION}`);
    writeFileSync(file, await archiveBytes(source, manifest.id, archivePassphrase));

    const { repository: target } = await newRepository({ passphrase: targetPassphrase });
    const archive = await openFileSource(file);
    const imported = await importArchive(target, archive, {
      codec: nodeCodec,
      passphrase: archivePassphrase,
      origin: "a file",
    }).finally(() => archive.close());

    expect(imported).toMatchObject({
      trigger: "IMPORT",
      scope: "FULL",
      parent: null,
      cursor: null,
      stats: { questionCount: 120, sectionCount: 3, changedCount: 120 },
    });
    expect(imported.note).toContain(manifest.id);
    expect(imported.note).toContain(manifest.time);
    expect(imported.note).toContain("a file");
    expect(imported.note).toContain("before the move");
    expect(imported.sections.every((s) => s.listing.deltas.length === 0)).toBe(true);
    expect(await readSnapshot(target, imported)).toEqual(await readSnapshot(source, manifest));
    expect((await check(target, { readData: true })).ok).toBe(true);

    const restored: MemoryBank = { sections: [], questions: [] };
    await restore(target, memoryBankTarget(restored), {
      backupId: imported.id,
      scope: "FULL",
      mode: "REPLACE",
    });
    expect(byId(restored.sections)).toEqual(byId(bank.sections));
    expect(sortQuestions(restored.questions)).toEqual(sortQuestions(bank.questions));
  });
});

describe("archives", () => {
  it("round-trip any bank, plain or encrypted (property)", async () => {
    await fc.assert(
      fc.asyncProperty(bankArbitrary, fc.boolean(), async (bank, encrypted) => {
        const passphrase = encrypted ? "pass phrase" : null;
        const { repository: source } = await newRepository();
        const manifest = await backup(source, memoryBankSource(bank), { scope: "FULL" });
        const bytes = await archiveBytes(source, manifest.id, passphrase);
        const { repository: target } = await newRepository();
        const imported = await importArchive(target, bytesSource(bytes), { codec: nodeCodec, passphrase });
        expect(await readSnapshot(target, imported)).toEqual(await readSnapshot(source, manifest));
      }),
      { numRuns: 15 },
    );
  });

  it("keep the scope of partial snapshots, and store nothing twice", async () => {
    const { repository: source } = await newRepository();
    const bank = makeBank(3, 10);
    const partial = await backup(source, memoryBankSource(bank), {
      scope: "QUESTIONS",
      questionIds: ["s0-q1", "s2-q3", "s2-q4"],
    });
    const bytes = await archiveBytes(source, partial.id);
    const { repository: target } = await newRepository();
    const first = await importArchive(target, bytesSource(bytes));
    expect(first).toMatchObject({ scope: "QUESTIONS", stats: { questionCount: 3, sectionCount: 2 } });
    expect(first.sections.map((s) => s.complete)).toEqual([false, false]);
    expect(await readSnapshot(target, first)).toEqual(await readSnapshot(source, partial));
    const again = await importArchive(target, bytesSource(bytes));
    expect(again.stats).toMatchObject({ addedRecords: 0, changedCount: 0 });
    // Back into the repository it came from: every record is there already.
    const home = await importArchive(source, bytesSource(bytes));
    expect(home.stats.addedRecords).toBe(0);
    expect((await source.listSnapshots()).map((s) => s.trigger)).toEqual(["MANUAL", "IMPORT"]);
  });

  it("carry an empty snapshot too", async () => {
    const { repository: source } = await newRepository();
    const empty = await backup(source, memoryBankSource(makeBank(1, 1)), {
      scope: "SECTIONS",
      sectionIds: [],
      trigger: "PRE_RESTORE",
    });
    const { repository: target } = await newRepository();
    const imported = await importArchive(target, bytesSource(await archiveBytes(source, empty.id)));
    expect(imported).toMatchObject({ scope: "SECTIONS", sections: [], stats: { questionCount: 0 } });
  });

  it("stream: the header, one chunk per frame as it is sealed, the trailer, the footer", async () => {
    const { repository } = await newRepository();
    const manifest = await backup(repository, memoryBankSource(makeBank(4, 800)), { scope: "FULL" });
    const chunks = await archiveChunks(repository, manifest.id);
    const archive = await openArchive(bytesSource(Buffer.concat(chunks)), { codec: nodeCodec });
    expect(archive.frameCount).toBeGreaterThan(3);
    expect(chunks).toHaveLength(archive.frameCount + 3);
    expect(chunks[0]).toHaveLength(64);
    expect(chunks.at(-1)).toHaveLength(72);
    expect(archive.recordCount).toBe(4 + 3200);
  });

  it("can be browsed and searched like the snapshot, section by section", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(3, 25);
    bank.questions.forEach((q, i) => {
      if (i % 4 === 0) q.prompt = `Needle ${i}`;
    });
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL", note: "n" });
    const archive = await openArchive(bytesSource(await archiveBytes(repository, manifest.id)), {
      codec: nodeCodec,
    });
    expect(archive.snapshot).toMatchObject({
      id: manifest.id,
      time: manifest.time,
      note: "n",
      scope: "FULL",
    });
    expect(archive.sections.map((s) => [s.id, s.name, s.count])).toEqual(
      manifest.sections.map((s) => [s.id, s.name, s.count]),
    );
    for (const request of [
      { first: 10 },
      { first: 10, after: offsetCursor(9) },
      { search: "NEEDLE", first: 100 },
      { sectionId: "s1", first: 5, after: offsetCursor(4) },
    ]) {
      const fromArchive = await archive.browse(request);
      expect(fromArchive).toEqual(await browseSnapshot(repository, manifest, request));
    }
    expect(archive.questions("s2")).toHaveLength(25);
    await expect(Promise.resolve().then(() => archive.questions("nope"))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("an import that is cancelled stores nothing", async () => {
    const { repository } = await newRepository();
    const manifest = await backup(repository, memoryBankSource(makeBank(2, 5)), { scope: "FULL" });
    const bytes = await archiveBytes(repository, manifest.id);
    const { repository: target, storage } = await newRepository();
    const before = await storage.list("");
    const controller = new AbortController();
    controller.abort();
    await expect(
      importArchive(target, bytesSource(bytes), { signal: controller.signal }),
    ).rejects.toMatchObject({
      code: "CANCELLED",
    });
    expect(await storage.list("")).toEqual(before);
  });

  it("an unknown snapshot is NOT_FOUND before any byte is written", async () => {
    const { repository } = await newRepository();
    const iterator = writeArchive(repository, "000000000000deadbeef")[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the web codec", () => {
  const sample = new TextEncoder().encode(JSON.stringify(makeBank(2, 30)));

  it("is interchangeable with the Node codec: brotli, AES-256-GCM, scrypt and SHA-256", async () => {
    for (const [a, b] of [
      [nodeCodec, webCodec],
      [webCodec, nodeCodec],
    ] as const) {
      expect(await b.decompress(await a.compress(sample, 5))).toEqual(sample);
      const key = a.randomBytes(32);
      expect(await b.decrypt(key, await a.encrypt(key, sample))).toEqual(sample);
      const sealed = await a.encrypt(key, sample);
      sealed[20]! ^= 1;
      await expect(b.decrypt(key, sealed)).rejects.toThrow();
    }
    const salt = nodeCodec.randomBytes(32);
    expect(await webCodec.deriveKey("Å pass\u0301phrase", salt, TEST_SCRYPT)).toEqual(
      await nodeCodec.deriveKey("Å pass\u0301phrase", salt, TEST_SCRYPT),
    );
    expect(webCodec.sha256Hex(sample)).toBe(nodeCodec.sha256Hex(sample));
    for (const codec of [nodeCodec, webCodec]) {
      const hasher = codec.createSha256();
      for (let i = 0; i < sample.length; i += 1000) hasher.update(sample.subarray(i, i + 1000));
      expect(hasher.digest()).toEqual(nodeCodec.sha256(sample));
    }
  });

  it("refuses to decompress past a bound, as the Node codec does", async () => {
    const compressed = await nodeCodec.compress(sample, 5);
    for (const codec of [nodeCodec, webCodec]) {
      await expect(codec.decompress(compressed, 1000)).rejects.toThrow();
      expect(await codec.decompress(compressed, sample.length)).toEqual(sample);
    }
  });

  it("decompresses a large stream in pieces, frees every piece, and refuses one truncated or with bytes after it", async () => {
    const counts = { results: 0, freed: 0 };
    const Inner = brotli.DecompressStream!;
    class DecompressStream {
      private readonly inner = new Inner();
      decompress(input: Uint8Array, outputSize: number) {
        const result = this.inner.decompress(input, outputSize);
        counts.results++;
        return {
          buf: result.buf,
          code: result.code,
          input_offset: result.input_offset,
          free() {
            counts.freed++;
            result.free?.();
          },
        };
      }
      free() {
        this.inner.free();
      }
    }
    const codec = createWebCodec({ ...brotli, DecompressStream });
    // Hex of random bytes: about half compressible, so the stream spans many input and output pieces.
    const large = new TextEncoder().encode(toHex(nodeCodec.randomBytes(1_500_000)));
    const compressed = await nodeCodec.compress(large, 5);
    expect(compressed.length).toBeGreaterThan(1_000_000);
    // Buffer.equals compares at once; toEqual walks millions of bytes one at a time.
    expect(Buffer.from(await codec.decompress(compressed, large.length)).equals(large)).toBe(true);
    expect(counts.results).toBeGreaterThan(10);
    expect(counts.freed).toBe(counts.results);
    await expect(codec.decompress(compressed, large.length - 1)).rejects.toThrow(/exceeds/);
    await expect(
      codec.decompress(compressed.subarray(0, compressed.length - 1), large.length),
    ).rejects.toThrow();
    const longer = new Uint8Array(compressed.length + 1);
    longer.set(compressed);
    await expect(codec.decompress(longer, large.length)).rejects.toThrow(/after the end/);
    expect(counts.freed).toBe(counts.results);
  });

  it("reads an encrypted archive written with the Node codec exactly as the repository holds it", async () => {
    const { repository } = await newRepository();
    const bank = makeBank(3, 20);
    const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
    const bytes = await archiveBytes(repository, manifest.id, "secret words");
    const archive = await openArchive(bytesSource(bytes), { codec: webCodec, passphrase: "secret words" });
    expect((await verifyArchive(archive)).ok).toBe(true);
    for (const section of archive.sections) {
      const fromArchive = await archive.readSection(section.id);
      const fromRepository = await readSnapshot(repository, manifest, { sectionIds: [section.id] });
      expect(fromArchive.questions).toEqual(fromRepository.questions);
      expect([fromArchive.section]).toEqual(fromRepository.sections);
    }
  });
});

describe("the web entry", () => {
  it("reaches no node: module, through every file it imports", () => {
    const root = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
    const seen = new Set<string>();
    const bare = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/^(?:import|export)\s(?!type\s)[^;]*?from\s+"([^"]+)"/gms)) {
        const target = match[1]!;
        if (target.startsWith(".")) visit(resolve(dirname(file), target.replace(/\.js$/, ".ts")));
        else bare.add(target);
      }
    };
    visit(join(root, "web.ts"));
    expect([...bare].sort()).toEqual(["@noble/hashes/scrypt.js", "@noble/hashes/sha2.js", "zod"]);
    expect([...seen].some((file) => file.endsWith("node-codec.ts") || file.endsWith("file-source.ts"))).toBe(
      false,
    );
  });
});
