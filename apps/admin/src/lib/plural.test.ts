import { describe, expect, it } from "vitest";
import { countOf, pluralWord } from "./plural";

describe("countOf", () => {
  it("says one in the singular, and every other count in the plural", () => {
    expect(countOf(1, "backup")).toBe("1 backup");
    expect(countOf(0, "backup")).toBe("0 backups");
    expect(countOf(2, "section")).toBe("2 sections");
    expect(countOf(1234, "question")).toBe(`${(1234).toLocaleString()} questions`);
  });

  it("takes irregular forms", () => {
    expect(countOf(1, { one: "entry", other: "entries" })).toBe("1 entry");
    expect(countOf(3, { one: "entry", other: "entries" })).toBe("3 entries");
    expect(pluralWord(1, "snapshot manifest")).toBe("snapshot manifest");
  });
});
