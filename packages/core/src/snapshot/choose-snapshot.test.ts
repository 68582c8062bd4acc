import { describe, expect, it } from "vitest";
import { chooseSnapshot } from "./choose-snapshot.js";

const list = [
  { id: "aa01", time: "2026-03-01T10:00:00.000Z", trigger: "MANUAL" },
  { id: "aa02", time: "2026-03-02T10:00:00.000Z", trigger: "AUTOMATIC" },
  { id: "ab03", time: "2026-03-03T10:00:00.000Z", trigger: "PRE_RESTORE" },
];
const id = (choice: Parameters<typeof chooseSnapshot>[1]) => chooseSnapshot(list, choice)?.id ?? null;

describe("chooseSnapshot", () => {
  it("latest is the newest backup the bank produced, never a safety snapshot unless asked", () => {
    expect(id({ ref: "latest" })).toBe("aa02");
    expect(id({ ref: "latest", includeSafety: true })).toBe("ab03");
    expect(chooseSnapshot([], { ref: "latest" })).toBeNull();
  });

  it("as-of is the newest backup at or before the time", () => {
    expect(id({ asOf: new Date("2026-03-02T10:00:00.000Z") })).toBe("aa02");
    expect(id({ asOf: new Date("2026-03-02T09:59:59.999Z") })).toBe("aa01");
    expect(id({ asOf: new Date("2026-03-04T00:00:00.000Z") })).toBe("aa02");
    expect(id({ asOf: new Date("2026-03-04T00:00:00.000Z"), includeSafety: true })).toBe("ab03");
    expect(id({ asOf: new Date("2026-02-01T00:00:00.000Z") })).toBeNull();
  });

  it("an id or a prefix only it has reaches any snapshot; an ambiguous prefix is BAD_USER_INPUT", () => {
    expect(id({ ref: "ab03" })).toBe("ab03");
    expect(id({ ref: "ab" })).toBe("ab03");
    expect(id({ ref: "zz" })).toBeNull();
    expect(() => id({ ref: "aa" })).toThrow(
      expect.objectContaining({
        code: "BAD_USER_INPUT",
        details: expect.objectContaining({ ids: ["aa01", "aa02"] }),
      }),
    );
  });
});
