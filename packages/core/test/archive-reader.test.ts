import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { encodeFooter } from "../src/archive/archive-format.js";
import { concatBytes } from "../src/codec/codec.js";
import {
  ARCHIVE_VERSION,
  type ArchiveSource,
  type BrotliModule,
  backup,
  bytesSource,
  type Codec,
  createWebCodec,
  nodeCodec,
  openArchive,
  type Repository,
  verifyArchive,
  writeArchive,
} from "../src/index.js";
import { memoryBankSource } from "../src/testing/index.js";
import { makeBank, newRepository } from "./helpers.js";

const brotli = createRequire(import.meta.url)("brotli-wasm") as BrotliModule;

/** A trailer as JSON, loosely typed so that tests can break it. */
type LooseTrailer = any;

async function archiveOf(repository: Repository, id: string) {
  const chunks: Uint8Array[] = [];
  for await (const chunk of writeArchive(repository, id)) chunks.push(chunk);
  return concatBytes(chunks);
}

let shared: Promise<Uint8Array> | undefined;

/** A plain archive of 4 sections of 800 questions, in several frames (built once; do not change it). */
function severalFrames(): Promise<Uint8Array> {
  shared ??= newRepository().then(async ({ repository }) => {
    const manifest = await backup(repository, memoryBankSource(makeBank(4, 800)), { scope: "FULL" });
    return archiveOf(repository, manifest.id);
  });
  return shared;
}

function trailerOf(bytes: Uint8Array): Promise<LooseTrailer> {
  const length = new DataView(bytes.buffer, bytes.byteOffset).getUint32(bytes.length - 72, true);
  return nodeCodec
    .decompress(bytes.subarray(bytes.length - 72 - length, bytes.length - 72))
    .then((raw) => JSON.parse(new TextDecoder().decode(raw)));
}

/**
 * Rebuilds a plain archive as a writer would, after `edit` changed the records in its frames or
 * its trailer: every frame, trailer and file checksum matches, so only the reader's own checks of
 * records and of the trailer's rules can tell.
 */
async function forge(
  bytes: Uint8Array,
  edit: {
    frame?: (index: number, raw: Uint8Array, trailer: LooseTrailer) => void;
    trailer?: (trailer: LooseTrailer) => LooseTrailer | undefined;
  },
): Promise<Uint8Array> {
  let trailer = await trailerOf(bytes);
  const parts = [bytes.subarray(0, 64)];
  let offset = 64;
  for (const [index, [at, length]] of trailer.frames.entries()) {
    const raw = (await nodeCodec.decompress(bytes.subarray(at, at + length))).slice();
    edit.frame?.(index, raw, trailer);
    const stored = await nodeCodec.compress(raw, 5);
    trailer.frames[index] = [offset, stored.length, nodeCodec.sha256Hex(stored)];
    parts.push(stored);
    offset += stored.length;
  }
  trailer = edit.trailer?.(trailer) ?? trailer;
  const sealed = await nodeCodec.compress(new TextEncoder().encode(JSON.stringify(trailer)), 5);
  parts.push(sealed);
  const footer = encodeFooter(sealed.length, nodeCodec.sha256(sealed));
  footer.set(nodeCodec.sha256(concatBytes([...parts, footer.subarray(0, 36)])), 36);
  return concatBytes([...parts, footer]);
}

/** A source over `bytes` that counts its reads. */
function countingSource(bytes: Uint8Array): ArchiveSource & { reads: number } {
  const inner = bytesSource(bytes);
  return {
    size: inner.size,
    reads: 0,
    read(offset, length) {
      this.reads++;
      return inner.read(offset, length);
    },
  };
}

const codecs: [string, Codec][] = [
  ["Node", nodeCodec],
  ["web", createWebCodec(brotli)],
];

describe.each(codecs)("an opened archive, with the %s codec", (_name, codec) => {
  it.each([
    ["a cache of every frame", 32 * 1024 * 1024],
    ["no cache", 1],
  ])(
    "refuses a damaged record on first touch, after the other records were read and trusted (%s)",
    async (_cache, cacheBytes) => {
      const bytes = await severalFrames();
      const trailer = await trailerOf(bytes);
      expect(trailer.frames.length).toBeGreaterThan(3);
      // A question in the middle of frame 2, so that records before and after it share its frame.
      const inFrame = trailer.records.filter((r: LooseTrailer) => r[2] === 2);
      const [victim] = inFrame[Math.floor(inFrame.length / 2)];
      const [section, [questionId]] = trailer.sections.flatMap((s: LooseTrailer) =>
        s.questions.filter((q: LooseTrailer) => q[1] === victim).map((q: LooseTrailer) => [s.id, q]),
      )[0];
      const forged = await forge(bytes, {
        frame(index, raw, t) {
          const [, , frame, offset, length] = t.records.find((r: LooseTrailer) => r[0] === victim);
          if (index === frame) raw[offset + Math.floor(length / 2)]! ^= 0x04;
        },
      });

      const archive = await openArchive(bytesSource(forged), { codec, cacheBytes });
      const others = trailer.records.map((r: LooseTrailer) => r[0]).filter((d: string) => d !== victim);
      expect((await archive.readRecordBytes(others)).size).toBe(trailer.records.length - 1);
      // Read twice: the second time from what the first trusted.
      expect((await archive.readRecordBytes(others)).size).toBe(trailer.records.length - 1);
      for (let touch = 0; touch < 2; touch++)
        await expect(archive.readRecords([victim])).rejects.toMatchObject({
          code: "INTEGRITY_ERROR",
          details: { digest: victim },
        });
      const frame = await archive.readFrame(2);
      expect(frame.filter((r) => !r.bytes).map((r) => r.digest)).toEqual([victim]);
      await expect(archive.browse({ sectionId: section, first: 1 })).rejects.toMatchObject({
        code: "INTEGRITY_ERROR",
      });
      const report = await verifyArchive(archive);
      expect(report).toMatchObject({ ok: false, errorCount: 1, records: trailer.records.length });
      expect(report.errors[0]).toMatchObject({ code: "INTEGRITY_ERROR", entity: "Question", id: questionId });
    },
  );

  it("checks a frame again whenever it is read from the source again, even when its records were trusted", async () => {
    const bytes = (await severalFrames()).slice();
    const trailer = await trailerOf(bytes);
    const archive = await openArchive(bytesSource(bytes), { codec, cacheBytes: 1 });
    let count = 0;
    for await (const _record of archive.records()) count++;
    expect(count).toBe(trailer.records.length);
    // The file changes under the opened archive: one byte of frame 1.
    const [offset, length] = trailer.frames[1];
    bytes[offset + Math.floor(length / 2)]! ^= 0x01;
    const inFrame1 = trailer.records.find((r: LooseTrailer) => r[2] === 1)[0];
    const inFrame0 = trailer.records.find((r: LooseTrailer) => r[2] === 0)[0];
    await expect(archive.readRecords([inFrame1])).rejects.toMatchObject({
      code: "INTEGRITY_ERROR",
      details: { frame: 1 },
    });
    expect((await archive.readRecordBytes([inFrame0])).size).toBe(1);
    const report = await verifyArchive(archive);
    expect(report.errors).toEqual([expect.objectContaining({ code: "INTEGRITY_ERROR" })]);
    expect(report.errors[0]!.message).toMatch(/frame 1 does not match its checksum/);
  });

  it("reads and checks a frame once when reads of it overlap", async () => {
    const bytes = await severalFrames();
    const trailer = await trailerOf(bytes);
    const source = countingSource(bytes);
    const archive = await openArchive(source, { codec });
    const [a, b, c] = trailer.records.filter((r: LooseTrailer) => r[2] === 1).map((r: LooseTrailer) => r[0]);
    source.reads = 0;
    await Promise.all([archive.readRecords([a]), archive.readRecords([b]), archive.readFrame(1)]);
    expect(source.reads).toBe(1);
    await archive.readRecords([c]);
    expect(source.reads).toBe(1);
  });
});

describe("an archive's trailer", () => {
  const digest = "0".repeat(64);
  const cases: [string, (t: LooseTrailer) => LooseTrailer | undefined, RegExp][] = [
    ["is not an object", () => [], /trailer : /],
    [
      "is of a newer archive format",
      (t) => {
        t.archive = ARCHIVE_VERSION + 1;
      },
      /trailer archive/,
    ],
    [
      "names another header",
      (t) => {
        t.header = digest;
      },
      /header does not match/,
    ],
    [
      "has a snapshot without stats",
      (t) => {
        delete t.snapshot.stats;
      },
      /trailer snapshot.stats/,
    ],
    [
      "has sections that are not a list",
      (t) => {
        t.sections = {};
      },
      /trailer sections: expected an array/,
    ],
    [
      "has a section that is not an object",
      (t) => {
        t.sections[0] = [1];
      },
      /trailer sections.0: /,
    ],
    [
      "has a section without complete",
      (t) => {
        delete t.sections[0].complete;
      },
      /sections.0.complete/,
    ],
    [
      "has a section at position 0.5",
      (t) => {
        t.sections[0].position = 0.5;
      },
      /sections.0.position/,
    ],
    [
      "has a section with an empty id",
      (t) => {
        t.sections[1].id = "";
      },
      /sections.1.id/,
    ],
    [
      "has a question of three",
      (t) => {
        t.sections[0].questions[0].push("x");
      },
      /sections.0.questions.0:/,
    ],
    [
      "has a question of no id",
      (t) => {
        t.sections[0].questions[3][0] = 7;
      },
      /sections.0.questions.3.0/,
    ],
    [
      "has a question whose digest is in capitals",
      (t) => {
        t.sections[0].questions[3][1] = t.sections[0].questions[3][1].toUpperCase();
      },
      /sections.0.questions.3.1/,
    ],
    [
      "has frames that are not a list",
      (t) => {
        t.frames = null;
      },
      /trailer frames: expected an array/,
    ],
    [
      "has a frame of two",
      (t) => {
        t.frames[0].pop();
      },
      /trailer frames.0: expected an array of 3/,
    ],
    [
      "has a frame hash that is not hex",
      (t) => {
        t.frames[0][2] = "z".repeat(64);
      },
      /frames.0.2/,
    ],
    [
      "has a frame of negative length",
      (t) => {
        t.frames[1][1] = -1;
      },
      /trailer frames.1.1: expected a whole number/,
    ],
    [
      "has frames that do not tile the file",
      (t) => {
        t.frames.pop();
      },
      /frames do not tile/,
    ],
    [
      "has a record of six",
      (t) => {
        t.records[0].push(0);
      },
      /trailer records.0: expected an array of 5/,
    ],
    [
      "has a record of kind l",
      (t) => {
        t.records[0][1] = "l";
      },
      /records.0.1: expected one of/,
    ],
    [
      "has a record at offset null",
      (t) => {
        t.records[2][3] = null;
      },
      /trailer records.2.3: expected a whole number/,
    ],
    [
      "has a record of length 1.5",
      (t) => {
        t.records[2][4] = 1.5;
      },
      /trailer records.2.4: expected a whole number/,
    ],
    [
      "has a record in no frame",
      (t) => {
        t.records[0][2] = t.frames.length;
      },
      /lies in no frame/,
    ],
    [
      "has a record too large",
      (t) => {
        t.records[0][4] = 16 * 1024 * 1024 + 1;
      },
      /larger than the format/,
    ],
    [
      "lists a record twice",
      (t) => {
        t.records.push([...t.records[1]]);
      },
      /listed twice/,
    ],
    [
      "has a record no section names",
      (t) => {
        t.records.push([digest, "q", 0, 0, 1]);
      },
      /named by no section/,
    ],
    [
      "lists a question twice",
      (t) => {
        t.sections[1].questions.push(t.sections[0].questions[0]);
      },
      /question .* is listed twice/,
    ],
    [
      "lists a section twice",
      (t) => {
        t.sections.push({ ...t.sections[0], questions: [] });
      },
      /section .* is listed twice/,
    ],
    [
      "gives a section a question's record",
      (t) => {
        t.sections[0].record = t.sections[0].questions[0][1];
      },
      /the record of section .* is missing/,
    ],
    [
      "gives a question a section's record",
      (t) => {
        t.sections[0].questions[0][1] = t.sections[1].record;
      },
      /the record of question .* is missing/,
    ],
    [
      "miscounts its questions",
      (t) => {
        t.snapshot.stats.questionCount += 1;
      },
      /counts do not match/,
    ],
  ];

  it.each(cases)("that %s is refused as INTEGRITY_ERROR", async (_name, edit, message) => {
    const bytes = await forge(await severalFrames(), { trailer: edit });
    const error = await openArchive(bytesSource(bytes), { codec: nodeCodec }).catch((e) => e);
    expect(error).toMatchObject({ code: "INTEGRITY_ERROR" });
    expect(error.message).toMatch(message);
  });

  it("rebuilt unchanged, or with fields it does not know, opens and drops those fields", async () => {
    const bytes = await severalFrames();
    const same = await openArchive(bytesSource(await forge(bytes, {})), { codec: nodeCodec });
    expect((await verifyArchive(same)).ok).toBe(true);
    const extended = await forge(bytes, {
      trailer(t) {
        t.later = true;
        t.snapshot.later = true;
        t.sections[0].later = true;
      },
    });
    const archive = await openArchive(bytesSource(extended), { codec: nodeCodec });
    expect(archive.snapshot).not.toHaveProperty("later");
    expect(archive.sections[0]).not.toHaveProperty("later");
    expect(archive.sections.map((s) => s.count)).toEqual([800, 800, 800, 800]);
    expect((await verifyArchive(archive)).ok).toBe(true);
  });
});
