import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { questionSchema } from "../src/bank/rules.js";
import { generateDemoBank, openBankDatabase, seedDemoBank } from "../src/index.js";
import { inspectAudio } from "../src/media/audio.js";

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

describe("the demo bank's audio", () => {
  it("puts a real clip in the media folder for each listening question, named by content in its record", async () => {
    const dir = mkdtempSync(join(tmpdir(), "qvault-demo-"));
    const mediaDir = join(dir, "media");
    const db = await openBankDatabase({ file: join(dir, "bank.sqlite"), mediaDir });
    try {
      expect(await seedDemoBank(db, { questions: 90 })).toBe(true);
      const listening = (await db.reader.query(
        `SELECT "id", "audioPath", "audio" FROM "question" WHERE "audioPath" IS NOT NULL`,
      )) as { id: string; audioPath: string; audio: string }[];
      expect(listening.length).toBeGreaterThan(10);
      const shas = new Set<string>();
      for (const row of listening) {
        const bytes = readFileSync(join(mediaDir, row.audioPath));
        const audio = JSON.parse(row.audio);
        expect(audio).toEqual({
          bytes: bytes.length,
          durationMs: expect.any(Number),
          mimeType: "audio/wav",
          sha256: createHash("sha256").update(bytes).digest("hex"),
        });
        // A real WAV file of about 1.5 s, as its own bytes tell.
        expect((await inspectAudio(bytes)).mimeType).toMatch(/^audio\/(wav|x-wav|vnd\.wave)$/);
        expect(audio.durationMs).toBeGreaterThan(1000);
        expect(audio.durationMs).toBeLessThan(2500);
        shas.add(audio.sha256);
      }
      // Each question has a clip of its own.
      expect(shas.size).toBe(listening.length);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
