import { describe, expect, it } from "vitest";
import { runExample } from "../examples/embed.js";
import { tempDir } from "./helpers.js";

describe("the embedding example in the README", () => {
  it("backs up an app's own data, previews, restores it whole, and undoes the restore", async () => {
    const lines: string[] = [];
    const result = await runExample(tempDir(), (line) => lines.push(line));
    expect(result.plan.counts).toMatchObject({ ADDED: 2, CHANGED: 1, DELETED: 0, UNCHANGED: 2 });
    const titles = result.afterRestore.topics.map((t) => t.title).sort();
    expect(titles).toEqual(["Capitals", "Rivers"]);
    const france = result.afterRestore.topics.flatMap((t) => t.items).find((i) => i.key === "cap-fr");
    expect(france?.text).toBe("Capital of France?");
    const undone = result.afterUndo.topics.flatMap((t) => t.items).find((i) => i.key === "cap-fr");
    expect(undone?.text).toBe("Capital of France (edited)?");
    const keys = (quiz: typeof result.edited) => quiz.topics.flatMap((t) => t.items.map((i) => i.key)).sort();
    expect(keys(result.afterUndo)).toEqual(keys(result.edited));
    expect(result.checkOk).toBe(true);
    expect(lines).toContain("  applying: 2/2");
  });
});
