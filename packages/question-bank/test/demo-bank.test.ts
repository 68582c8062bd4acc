import { describe, expect, it } from "vitest";
import { questionSchema } from "../src/bank/rules.js";
import { generateDemoBank } from "../src/index.js";

describe("the demo bank", () => {
  it("is the same for the same seed and size, ids included", () => {
    const a = generateDemoBank({ questions: 300, seed: 7 });
    const b = generateDemoBank({ questions: 300, seed: 7 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(generateDemoBank({ questions: 300, seed: 8 }))).not.toBe(JSON.stringify(a));
  });

  it("has exactly the questions asked for, unique ids, and every question obeys the bank's rules", () => {
    const bank = generateDemoBank({ questions: 1000 });
    expect(bank.questions).toHaveLength(1000);
    expect(bank.sections.map((s) => s.name)).toContain("Listening - Part 1");
    const ids = [
      ...bank.sections.map((s) => s.id),
      ...bank.questions.flatMap((q) => [q.id, ...q.answers.map((a) => a.id)]),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const question of bank.questions) {
      const result = questionSchema.safeParse(question);
      expect(result.success, `${question.prompt}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it("averages roughly 1 KB of JSON per question", () => {
    const bank = generateDemoBank({ questions: 2000 });
    const bytes =
      bank.questions.reduce((sum, q) => sum + JSON.stringify(q).length, 0) / bank.questions.length;
    expect(bytes).toBeGreaterThan(700);
    expect(bytes).toBeLessThan(1600);
  });
});
