import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RecordKind } from "./format.js";
import { decodeIndexFile, encodeIndexFile, type IndexedPack, RecordIndex } from "./record-index.js";

const digestOf = (n: number) => createHash("sha256").update(String(n)).digest("hex");
const kinds: RecordKind[] = ["q", "s", "l", "d"];

/** A pack of `records` (digests by number), spread over `frameCount` frames. */
const packArb = fc
  .record({
    path: fc.string({ minLength: 1, maxLength: 30 }).map((s) => `data/${s}.pack`),
    size: fc.maxSafeNat(),
    frameCount: fc.integer({ min: 1, max: 5 }),
    records: fc.array(
      fc.record({
        n: fc.integer({ min: 0, max: 400 }),
        kind: fc.constantFrom(...kinds),
        frame: fc.nat(),
        offset: fc.nat({ max: 0xffffffff }),
        length: fc.nat({ max: 0xffffffff }),
      }),
      { maxLength: 60 },
    ),
  })
  .map(
    ({ path, size, frameCount, records }): IndexedPack => ({
      path,
      size,
      frames: Array.from({ length: frameCount }, (_, i) => ({
        offset: 8 + i * 100,
        length: 100,
        hash: digestOf(-1 - i),
      })),
      records: records.map((r) => ({
        digest: digestOf(r.n),
        kind: r.kind,
        frame: r.frame % frameCount,
        offset: r.offset,
        length: r.length,
      })),
    }),
  );

describe("index files in binary", () => {
  it("decode to exactly the packs encoded", () => {
    fc.assert(
      fc.property(fc.array(packArb, { maxLength: 6 }), (packs) => {
        expect(decodeIndexFile(encodeIndexFile(packs))).toEqual(packs);
      }),
    );
  });

  it("refuse a body cut short or with bytes past its end, and add nothing from it", () => {
    fc.assert(
      fc.property(fc.array(packArb, { minLength: 1, maxLength: 3 }), fc.nat(), (packs, cut) => {
        const bytes = encodeIndexFile(packs);
        const short = bytes.subarray(0, cut % bytes.length);
        expect(() => decodeIndexFile(short)).toThrow();
        const index = new RecordIndex();
        expect(() => index.addEncoded("index/x", short)).toThrow();
        expect(index.size).toBe(0);
        expect(index.files.size).toBe(0);
        expect(() => decodeIndexFile(new Uint8Array([...bytes, 0]))).toThrow();
      }),
    );
  });
});

describe("the index in memory", () => {
  it("locates each record where the newest file naming it says, however it was added", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(packArb, { maxLength: 4 }), fc.boolean()), { maxLength: 8 }),
        fc.array(fc.integer({ min: -5, max: 405 }), { maxLength: 50 }),
        (files, probes) => {
          const index = new RecordIndex();
          const model = new Map<
            string,
            { pack: string; frame: number; offset: number; length: number; kind: string }
          >();
          files.forEach(([packs, binary], i) => {
            if (binary) index.addEncoded(`index/${i}`, encodeIndexFile(packs));
            else index.add(`index/${i}`, packs);
            for (const pack of packs)
              for (const r of pack.records)
                model.set(r.digest, {
                  pack: pack.path,
                  frame: r.frame,
                  offset: r.offset,
                  length: r.length,
                  kind: r.kind,
                });
          });
          expect(index.size).toBe(model.size);
          expect(index.storedBytes).toBe([...model.values()].reduce((sum, r) => sum + r.length, 0));
          for (const n of probes) {
            const digest = digestOf(n);
            const want = model.get(digest);
            expect(index.has(digest)).toBe(want !== undefined);
            const got = index.get(digest);
            if (!want) expect(got).toBeUndefined();
            else {
              const frame = { offset: 8 + want.frame * 100, length: 100, hash: digestOf(-1 - want.frame) };
              expect(got).toEqual({
                frame: { pack: want.pack, ...frame },
                offset: want.offset,
                length: want.length,
                kind: want.kind,
              });
            }
          }
          expect(new Map([...index.entries()].map(([digest, l]) => [digest, l.length]))).toEqual(
            new Map([...model].map(([digest, r]) => [digest, r.length])),
          );
        },
      ),
    );
  });

  it("holds a hundred thousand records and finds every one; a digest not in hex finds nothing", () => {
    const index = new RecordIndex();
    const records = Array.from({ length: 100_000 }, (_, n) => ({
      digest: digestOf(n),
      kind: "q" as const,
      frame: 0,
      offset: n,
      length: 1,
    }));
    const frames = [{ offset: 8, length: 10, hash: digestOf(-1) }];
    index.addEncoded("index/a", encodeIndexFile([{ path: "data/a.pack", size: 1, frames, records }]));
    expect(index.size).toBe(100_000);
    for (let n = 0; n < 100_000; n += 997) expect(index.get(digestOf(n))?.offset).toBe(n);
    expect(index.has(digestOf(100_001))).toBe(false);
    expect(index.has("z".repeat(64))).toBe(false);
    expect(index.has(digestOf(5).slice(1))).toBe(false);
    expect(index.has(digestOf(5).toUpperCase())).toBe(true);
  });
});
