import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backup, createLocalStorage, DEFAULT_RETENTION, nodeCodec, prune, Repository } from "@qvault/core";
import { type MemoryBank, memoryBankSource } from "@qvault/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { failedOnInput, previewRetention } from "../src/index.js";

let dir: string;
let repository: Repository;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "qvault-vault-"));
  repository = await Repository.init({
    storage: createLocalStorage(join(dir, "repository")),
    codec: nodeCodec,
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const bank: MemoryBank = {
  sections: [{ id: "s1", name: "One", description: null, position: 0 }],
  questions: [],
};

describe("the retention preview", () => {
  it("names the rules keeping each backup, keeps a fresh manual one after many automatic ones, and frees what cleanup frees", async () => {
    const manual = await backup(repository, memoryBankSource(bank), {
      scope: "FULL",
      trigger: "MANUAL",
      note: "before the big edit",
    });
    const automatic: string[] = [];
    for (let i = 0; i < 12; i++) {
      bank.sections[0]!.name = `One ${i}`;
      automatic.push(
        (await backup(repository, memoryBankSource(bank), { scope: "FULL", trigger: "AUTOMATIC" })).id,
      );
    }
    await repository.setPinned(automatic[0]!, true);

    const preview = await previewRetention(repository, DEFAULT_RETENTION);
    const reasons = new Map(preview.keep.map((k) => [k.manifest.id, k.reasons]));
    expect(reasons.get(manual.id)).toEqual(expect.arrayContaining(["last", "deliberate, within 30 days"]));
    expect(reasons.get(automatic[0]!)).toEqual(["pinned"]);
    expect(reasons.get(automatic[11]!)).toEqual(expect.arrayContaining(["last", "hourly", "daily"]));
    // The ten newest automatic ones are kept by their own rules; the eleventh goes (unless an hour
    // began between it and the next, and the hourly rule keeps it).
    expect(preview.forget.map((m) => m.id)).toEqual(reasons.has(automatic[1]!) ? [] : [automatic[1]]);
    expect(preview.pinned).toEqual(new Set([automatic[0]]));
    expect(preview.keep.length + preview.forget.length).toBe(13);
    // A dry run of cleanup itself: the same figure a run frees.
    const run = await prune(repository, DEFAULT_RETENTION);
    expect(preview.bytesFreed).toBe(run.bytesFreed);
    expect(run.forget.map((f) => f.id)).toEqual(preview.forget.map((m) => m.id));
  });
});

describe("a job that failed on its input", () => {
  it.each([
    ["IMPORT", "INTEGRITY_ERROR", true],
    ["IMPORT", "WRONG_PASSPHRASE", true],
    ["IMPORT", "UNSUPPORTED_VERSION", true],
    ["IMPORT", "VALIDATION_FAILED", true],
    ["BACKUP", "BAD_USER_INPUT", true],
    ["BACKUP", "INTEGRITY_ERROR", false],
    ["VERIFY", "INTEGRITY_ERROR", false],
    ["IMPORT", "STORAGE_ERROR", false],
    ["IMPORT", "INTERNAL_SERVER_ERROR", false],
  ])("%s failing with %s: %s", (kind, code, refused) => {
    expect(failedOnInput({ kind, status: "FAILED", error: { code, message: "" } })).toBe(refused);
  });

  it("is only ever a failed one", () => {
    expect(failedOnInput({ kind: "IMPORT", status: "CANCELLED", error: { code: "BAD_USER_INPUT" } })).toBe(
      false,
    );
    expect(failedOnInput({ kind: "IMPORT", status: "FAILED", error: null })).toBe(false);
  });
});
