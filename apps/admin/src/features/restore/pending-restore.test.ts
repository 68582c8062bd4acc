import { describe, expect, it } from "vitest";
import { isPendingRestoreJob, type PendingRestore } from "./pending-restore";

const pending: PendingRestore = {
  input: { backupId: "b1", scope: "SECTIONS", sectionIds: ["s2", "s1"], mode: "REPLACE" },
  at: Date.parse("2026-12-06T18:00:00Z"),
};
const job = (input: unknown, createdAt = "2026-12-06T18:00:01Z", kind = "RESTORE") => ({
  kind,
  input,
  createdAt,
});

describe("isPendingRestoreJob", () => {
  it("matches the restore the note asked for, whatever the order of its ids", () => {
    expect(
      isPendingRestoreJob(
        pending,
        job({ backupId: "b1", scope: "SECTIONS", sectionIds: ["s1", "s2"], mode: "REPLACE" }),
      ),
    ).toBe(true);
  });

  it("does not match another backup, scope, mode, choice, kind or an older job", () => {
    const input = { backupId: "b1", scope: "SECTIONS", sectionIds: ["s1", "s2"], mode: "REPLACE" };
    expect(isPendingRestoreJob(pending, job({ ...input, backupId: "b2" }))).toBe(false);
    expect(isPendingRestoreJob(pending, job({ ...input, scope: "FULL" }))).toBe(false);
    expect(isPendingRestoreJob(pending, job({ ...input, mode: "MERGE" }))).toBe(false);
    expect(isPendingRestoreJob(pending, job({ ...input, sectionIds: ["s1"] }))).toBe(false);
    expect(isPendingRestoreJob(pending, job(input, undefined, "BACKUP"))).toBe(false);
    expect(isPendingRestoreJob(pending, job(input, "2026-12-06T17:50:00Z"))).toBe(false);
  });
});
