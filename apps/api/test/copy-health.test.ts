/**
 * The health's copy check over time: when the copy to the second repository counts as behind.
 * Time is the check's input here (the server computes it with the clock), so hours can pass.
 */
import type { JobState } from "@qvault/core";
import { describe, expect, it } from "vitest";
import { copyCheck } from "../src/services/health.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = new Date("2026-12-07T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function copyJob(status: "SUCCEEDED" | "FAILED", startedAgoMs: number): JobState {
  const startedAt = ago(startedAgoMs);
  return {
    id: `job-${startedAgoMs}`,
    kind: "COPY",
    status,
    phase: null,
    phases: [],
    done: 0,
    total: null,
    bytesDone: 0,
    ratePerSecond: null,
    etaMs: null,
    message: null,
    error: status === "FAILED" ? { code: "STORAGE_ERROR", message: "the bucket is gone" } : null,
    createdAt: startedAt,
    startedAt,
    finishedAt: new Date(startedAt.getTime() + 2000),
    backupId: null,
    safetyBackupId: null,
    params: {},
    report: null,
  };
}

const AFTER_BACKUP = { copyTo: "s3://offsite/bank", copyAfterBackup: true, copySchedule: null };
const NIGHTLY = { copyTo: "s3://offsite/bank", copyAfterBackup: false, copySchedule: "0 3 * * *" };

describe("the copy check", () => {
  it("is OK while the newest backup waits less than 15 min for a copy that follows every backup", () => {
    const copied = copyJob("SUCCEEDED", 2 * HOUR);
    const check = copyCheck(AFTER_BACKUP, ago(10 * MINUTE), copied, copied, NOW);
    expect(check).toMatchObject({ status: "OK", message: "last copy to s3://offsite/bank 2.0 h ago" });
  });

  it("warns when the newest backup has waited longer than 15 min, naming its age and the last copy's", () => {
    const copied = copyJob("SUCCEEDED", 2 * HOUR);
    const check = copyCheck(AFTER_BACKUP, ago(20 * MINUTE), copied, copied, NOW);
    expect(check).toEqual({
      name: "copy",
      status: "DEGRADED",
      message: "behind: the newest backup (20 min old) is not in s3://offsite/bank yet; last copy 2.0 h ago",
    });
    const never = copyCheck(AFTER_BACKUP, ago(20 * MINUTE), null, null, NOW);
    expect(never.message).toMatch(/; no copy yet$/);
  });

  it("counts a backup taken before the last copy started as copied, however old", () => {
    const copied = copyJob("SUCCEEDED", 5 * MINUTE);
    expect(copyCheck(AFTER_BACKUP, ago(3 * HOUR), copied, copied, NOW).status).toBe("OK");
    // Taken while that copy ran: not in it.
    const running = copyJob("SUCCEEDED", 3 * HOUR);
    expect(copyCheck(AFTER_BACKUP, ago(2.5 * HOUR), running, running, NOW).status).toBe("DEGRADED");
  });

  it("allows a scheduled copy 1.5 of its periods", () => {
    const copied = copyJob("SUCCEEDED", 40 * HOUR);
    expect(copyCheck(NIGHTLY, ago(30 * HOUR), copied, copied, NOW).status).toBe("OK");
    expect(copyCheck(NIGHTLY, ago(37 * HOUR), copied, copied, NOW)).toMatchObject({
      status: "DEGRADED",
      message: expect.stringMatching(/^behind: the newest backup \(37\.0 h old\)/),
    });
    const hourly = { ...NIGHTLY, copySchedule: "0 * * * *" };
    expect(copyCheck(hourly, ago(100 * MINUTE), copied, copied, NOW).status).toBe("DEGRADED");
  });

  it("fails while the last copy failed, and warns when copies run only when asked for", () => {
    const copied = copyJob("SUCCEEDED", 2 * HOUR);
    const failed = copyJob("FAILED", HOUR);
    expect(copyCheck(AFTER_BACKUP, ago(HOUR), failed, copied, NOW)).toEqual({
      name: "copy",
      status: "FAILING",
      message: "the last copy to s3://offsite/bank failed: the bucket is gone",
    });
    const manual = { ...AFTER_BACKUP, copyAfterBackup: false };
    expect(copyCheck(manual, ago(HOUR), copied, copied, NOW)).toMatchObject({
      status: "DEGRADED",
      message: "copies to s3://offsite/bank run only when asked for",
    });
  });

  it("is OK with no backup to copy yet", () => {
    expect(copyCheck(AFTER_BACKUP, null, null, null, NOW)).toMatchObject({
      status: "OK",
      message: "no copy to s3://offsite/bank yet",
    });
  });
});
