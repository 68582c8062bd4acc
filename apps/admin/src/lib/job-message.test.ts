import { describe, expect, it } from "vitest";
import { formatDateTime } from "./format";
import { backupIdsIn, backupIdsInWords, jobMessage } from "./job-message";

const at = "2026-12-06T18:39:27.000Z";

describe("backup ids in words", () => {
  it("says a known backup's time instead of its id, and leaves unknown ids alone", () => {
    const times = new Map([["01a24c50ee23e17d98c7", at]]);
    expect(backupIdsInWords("before restoring 01a24c50ee23e17d98c7", times)).toBe(
      `before restoring the backup of ${formatDateTime(at)}`,
    );
    expect(backupIdsInWords("before restoring 01a24cffffffffffffff", times)).toBe(
      "before restoring 01a24cffffffffffffff",
    );
  });

  it("finds the backup ids a text names, each once, and nothing in longer hexadecimal words", () => {
    expect(backupIdsIn("before restoring 01a24c50ee23e17d98c7")).toEqual(["01a24c50ee23e17d98c7"]);
    expect(backupIdsIn("01a24c50ee23e17d98c7 then 01a24cffffffffffffff, 01a24c50ee23e17d98c7 again")).toEqual(
      ["01a24c50ee23e17d98c7", "01a24cffffffffffffff"],
    );
    expect(backupIdsIn("digest 01a24c50ee23e17d98c7a4f2b9d81e6c55aa0d13, a note")).toEqual([]);
  });

  it("says the job's own backup in its message", () => {
    expect(
      jobMessage({
        message: "Restored from 01a24c50ee23e17d98c7: 1 changed",
        backup: { id: "01a24c50ee23e17d98c7", createdAt: at },
      }),
    ).toBe(`Restored from the backup of ${formatDateTime(at)}: 1 changed`);
  });
});
