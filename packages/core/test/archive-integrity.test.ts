import { describe, expect, it } from "vitest";
import {
  ARCHIVE_VERSION,
  backup,
  bytesSource,
  encodeQuestion,
  encodeSection,
  importArchive,
  nodeCodec,
  type QuestionRecord,
  type Repository,
  writeArchive,
} from "../src/index.js";
import { baseBlob } from "../src/repository/listing.js";
import { memoryBankSource } from "../src/testing/index.js";
import { makeBank, newRepository, question, TEST_SCRYPT } from "./helpers.js";

const PASSPHRASE = "pass phrase";

async function archiveOf(repository: Repository, id: string, passphrase: string | null) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of writeArchive(repository, id, { passphrase, scrypt: TEST_SCRYPT }))
    chunks.push(chunk);
  return new Uint8Array(Buffer.concat(chunks));
}

/** A small archive (one section, two short questions): every byte of it can be tried in turn. */
async function tinyArchive(passphrase: string | null) {
  const { repository, storage } = await newRepository();
  const bank = makeBank(1, 2);
  for (const q of bank.questions) q.prompt = q.prompt.slice(0, 30);
  const manifest = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
  return { bytes: await archiveOf(repository, manifest.id, passphrase), source: repository, storage };
}

/** The code an import of `bytes` fails with, or "IMPORTED". */
async function importCode(target: Repository, bytes: Uint8Array, passphrase: string | null = PASSPHRASE) {
  return importArchive(target, bytesSource(bytes), { codec: nodeCodec, passphrase }).then(
    () => "IMPORTED",
    (error) => error.code as string,
  );
}

/** Rewrites the footer's checksums over `bytes` as a writer would (a forger's move, not damage). */
function rehash(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const trailerLength = view.getUint32(out.length - 72, true);
  const trailerStart = out.length - 72 - trailerLength;
  if (trailerStart >= 64)
    out.set(nodeCodec.sha256(out.subarray(trailerStart, out.length - 72)), out.length - 68);
  out.set(nodeCodec.sha256(out.subarray(0, out.length - 36)), out.length - 36);
  return out;
}

async function emptyTarget() {
  const { repository, storage } = await newRepository();
  const files = await storage.list("");
  return {
    repository,
    /** True when the repository holds exactly what it held when created. */
    untouched: async () =>
      (await repository.listSnapshots()).length === 0 && (await storage.list("")).join() === files.join(),
  };
}

describe.each([
  ["plain", null],
  ["encrypted", PASSPHRASE],
])("a %s archive", (_name, passphrase) => {
  it("with any one byte flipped is refused as INTEGRITY_ERROR, storing nothing", {
    timeout: 60_000,
  }, async () => {
    const { bytes } = await tinyArchive(passphrase);
    expect(bytes.length).toBeLessThan(4000);
    const target = await emptyTarget();
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice();
      damaged[i]! ^= 0x01 << (i % 8);
      expect(await importCode(target.repository, damaged), `byte ${i}`).toBe("INTEGRITY_ERROR");
    }
    expect(await target.untouched()).toBe(true);
    expect(await importCode(target.repository, bytes)).toBe("IMPORTED");
  });

  it("truncated at any length, or with bytes appended, is refused as INTEGRITY_ERROR", async () => {
    const { bytes } = await tinyArchive(passphrase);
    const target = await emptyTarget();
    for (let length = 0; length < bytes.length; length++)
      expect(await importCode(target.repository, bytes.subarray(0, length)), `length ${length}`).toBe(
        "INTEGRITY_ERROR",
      );
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expect(await importCode(target.repository, longer)).toBe("INTEGRITY_ERROR");
    expect(await target.untouched()).toBe(true);
  });

  it("of a newer archive format is UNSUPPORTED_VERSION, and damaged as well is INTEGRITY_ERROR", async () => {
    const { bytes } = await tinyArchive(passphrase);
    const newer = bytes.slice();
    newer[5] = ARCHIVE_VERSION + 1;
    const target = await emptyTarget();
    const error = await importArchive(target.repository, bytesSource(rehash(newer)), { passphrase }).catch(
      (e) => e,
    );
    expect(error).toMatchObject({ code: "UNSUPPORTED_VERSION", details: { version: ARCHIVE_VERSION + 1 } });
    expect(error.message).toMatch(new RegExp(`archive format ${ARCHIVE_VERSION + 1}`));
    expect(await importCode(target.repository, newer)).toBe("INTEGRITY_ERROR");
    expect(await target.untouched()).toBe(true);
  });
});

describe("archive refusals", () => {
  it("a wrong or missing passphrase is WRONG_PASSPHRASE", async () => {
    const { bytes } = await tinyArchive(PASSPHRASE);
    const target = await emptyTarget();
    expect(await importCode(target.repository, bytes, "not it")).toBe("WRONG_PASSPHRASE");
    expect(await importCode(target.repository, bytes, null)).toBe("WRONG_PASSPHRASE");
    expect(await target.untouched()).toBe(true);
  });

  it("a foreign file (a pack, a manifest, random bytes, nothing) is INTEGRITY_ERROR: not a qvault archive", async () => {
    const { storage } = await tinyArchive(null);
    const [pack] = await storage.list("data/");
    const [manifest] = await storage.list("snapshots/");
    const target = await emptyTarget();
    for (const bytes of [
      await storage.read(pack!),
      await storage.read(manifest!),
      nodeCodec.randomBytes(5000),
      new Uint8Array(),
    ]) {
      const error = await importArchive(target.repository, bytesSource(bytes)).catch((e) => e);
      expect(error.code).toBe("INTEGRITY_ERROR");
      expect(error.message).toMatch(/not a qvault archive|empty/);
    }
    expect(await target.untouched()).toBe(true);
  });

  it("an encrypted archive whose checksums a forger rewrote is still refused, for every byte changed", {
    timeout: 60_000,
  }, async () => {
    const { bytes } = await tinyArchive(PASSPHRASE);
    const target = await emptyTarget();
    const codes = new Set<string>();
    // Up to the footer's trailer hash, which the forger rewrites anyway.
    for (let i = 0; i < bytes.length - 68; i++) {
      const forged = bytes.slice();
      forged[i]! ^= 0x01 << (i % 8);
      const code = await importCode(target.repository, rehash(forged));
      expect(["INTEGRITY_ERROR", "WRONG_PASSPHRASE", "UNSUPPORTED_VERSION"], `byte ${i}`).toContain(code);
      codes.add(code);
    }
    // The header's key parameters change the key; frames and trailer fail their tags or hashes.
    expect(codes).toEqual(new Set(["INTEGRITY_ERROR", "WRONG_PASSPHRASE", "UNSUPPORTED_VERSION"]));
    expect(await target.untouched()).toBe(true);
  });

  it("a plain archive whose file checksum was rewritten is still refused when a frame changed", async () => {
    const { bytes } = await tinyArchive(null);
    const view = new DataView(bytes.buffer);
    const trailerStart = bytes.length - 72 - view.getUint32(bytes.length - 72, true);
    const target = await emptyTarget();
    for (let i = 64; i < trailerStart; i++) {
      const forged = bytes.slice();
      forged[i]! ^= 0x01 << (i % 8);
      expect(await importCode(target.repository, rehash(forged)), `byte ${i}`).toBe("INTEGRITY_ERROR");
    }
    expect(await target.untouched()).toBe(true);
  });

  it("records that break the record schema or their references are refused before anything is stored", async () => {
    const { repository } = await newRepository();
    const codec = repository.codec;
    const section = { id: "s0", name: "Section", description: null, position: 0 };
    const good = question("s0", 0, "fine");
    const badType = { ...question("s0", 1, "bad type"), type: "ESSAY" } as unknown as QuestionRecord;
    const elsewhere = question("other", 2, "names another section", "s0-q2");
    const manifest = await repository.write("craft", async (session) => {
      const entries = new Map<string, string>();
      const sectionBytes = encodeSection(section);
      const sectionDigest = codec.sha256Hex(sectionBytes);
      await session.writer.add("s0", "s", sectionDigest, sectionBytes);
      for (const q of [good, badType, elsewhere]) {
        const bytes = encodeQuestion(q);
        const digest = codec.sha256Hex(bytes);
        entries.set(q.id, digest);
        await session.writer.add("s0", "q", digest, bytes);
      }
      const base = baseBlob(codec, "s0", entries);
      await session.writer.add("s0", base.kind, base.digest, base.bytes);
      return session.commit({
        time: new Date().toISOString(),
        trigger: "MANUAL",
        scope: "FULL",
        note: null,
        parent: null,
        selection: { sectionIds: null, questionIds: null },
        sections: [
          {
            ...section,
            record: sectionDigest,
            complete: true,
            count: 3,
            listing: { base: base.digest, deltas: [] },
          },
        ],
        stats: {
          sectionCount: 1,
          questionCount: 3,
          changedCount: 3,
          addedBytes: 0,
          addedRecords: 5,
          logicalBytes: 0,
          durationMs: 0,
        },
        recordSchemaVersion: 1,
        cursor: null,
      });
    });
    const bytes = await archiveOf(repository, manifest.id, null);
    const target = await emptyTarget();
    const error = await importArchive(target.repository, bytesSource(bytes)).catch((e) => e);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details.items).toEqual([
      expect.objectContaining({ code: "RECORD_SCHEMA", entity: "Question", id: "s0-q1" }),
      expect.objectContaining({ code: "REFERENCE", entity: "Question", id: "s0-q2" }),
    ]);
    expect(await target.untouched()).toBe(true);
  });
});
