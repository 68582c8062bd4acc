import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { packPath, safeName, sectionOfPackPath } from "./format.js";

/** Characters that tell a naive escape from a right one: wide, astral, lone surrogates, and the escape's own. */
const tricky = fc.constantFrom(
  "Ж",
  "中",
  "😀",
  "é",
  "ÿ",
  "Ā",
  " ",
  "/",
  "\\",
  "~",
  "u",
  "7e",
  "0",
  "f",
  ".",
  "\ud800",
  "\udfff",
  "\u0000",
  "\u{10ffff}",
);
const sectionId = fc.string({
  maxLength: 24,
  unit: fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), tricky),
});
const time = fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true });

describe("pack folder names", () => {
  it("give back any section id, and use only path-safe characters (property)", () => {
    fc.assert(
      fc.property(sectionId, time, (id, at) => {
        const path = packPath(id, at, "0190f0c1a2b3deadbeef");
        expect(safeName(id)).toMatch(/^[A-Za-z0-9_~-]+$/);
        expect(path.split("/")).toHaveLength(4);
        expect(sectionOfPackPath(path)).toBe(id);
      }),
      { numRuns: 2000 },
    );
  });

  it("are what they were for ids of Latin-1 characters, so folders written before read the same", () => {
    expect(safeName("")).toBe("~");
    expect(safeName("s-1_a")).toBe("s-1_a");
    expect(safeName("a b/é~")).toBe("a~20b~2f~e9~7e");
    expect(sectionOfPackPath("data/a~20b~2f~e9~7e/2024-01-02/x.pack")).toBe("a b/é~");
    expect(sectionOfPackPath("data/~/2024-01-02/x.pack")).toBe("");
  });

  it("escape wider code points as ~u and six hex digits", () => {
    expect(safeName("Жи 中😀")).toBe("~u000416~u000438~20~u004e2d~u01f600");
    expect(sectionOfPackPath(packPath("Жи 中😀", new Date(0), "p"))).toBe("Жи 中😀");
  });
});
