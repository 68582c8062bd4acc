/**
 * `qvault forget` with the rules for deliberate snapshots: --keep-deliberate-days and
 * --group-by-trigger, run as the built binary on a seeded bank. Without them a policy is applied
 * as before (restic's rules, all snapshots together).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seededDataDir, type TestData } from "./helpers/bank.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";

let data: TestData;
const qvault = (...args: string[]) => runCli(["--data-dir", data.dir, ...args]);

beforeAll(async () => {
  assertBuilt();
  data = seededDataDir(12);
  expect((await qvault("init", "--json")).code).toBe(0);
  for (let i = 0; i < 3; i++)
    expect((await qvault("backup", "--note", `on purpose ${i}`, "--json")).code).toBe(0);
});
afterAll(() => data?.remove());

const decisions = (run: Awaited<ReturnType<typeof qvault>>, type: "keep" | "forget") =>
  run.lines.filter((line) => line.message_type === type);

describe("qvault forget and deliberate snapshots", () => {
  it("keeps manual snapshots younger than --keep-deliberate-days, saying why; without it, only the rules", async () => {
    const plain = await qvault("forget", "--keep-last", "1", "--dry-run", "--json");
    expect(decisions(plain, "forget")).toHaveLength(2);

    const grouped = await qvault("forget", "--keep-last", "1", "--group-by-trigger", "--dry-run", "--json");
    expect(decisions(grouped, "forget")).toHaveLength(2);

    const deliberate = await qvault("forget", "--keep-last", "1", "--keep-deliberate-days", "30", "--json");
    expect(deliberate.code).toBe(0);
    expect(decisions(deliberate, "forget")).toHaveLength(0);
    const kept = decisions(deliberate, "keep");
    expect(kept).toHaveLength(3);
    for (const line of kept) expect(line.reasons).toContain("deliberate, within 30 days");
    expect((await qvault("snapshots", "--json")).summary!.count).toBe(3);
  });

  it("alone, --keep-deliberate-days is no policy: nothing is forgotten", async () => {
    const alone = await qvault("forget", "--keep-deliberate-days", "0", "--json");
    expect(alone.summary).toMatchObject({ forgotten: 0 });
    expect((await qvault("snapshots", "--json")).summary!.count).toBe(3);
  });
});
