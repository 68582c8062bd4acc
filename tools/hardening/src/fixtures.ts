/**
 * A small repository with a history, built once and copied per case: four snapshots (two FULL,
 * one AUTOMATIC built from changes, one of SECTIONS scope) over a bank of a few sections, plain
 * or encrypted. Every snapshot's contents are remembered, to compare reads against.
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  backup,
  backupChanges,
  createLocalStorage,
  nodeCodec,
  type QuestionRecord,
  Repository,
  readSnapshot,
  type SectionRecord,
  type SnapshotManifest,
} from "@qvault/core";
import { type MemoryBank, memoryBankSource } from "@qvault/core/testing";

/** Fast scrypt: the default cost is for real repositories, not for hundreds of test copies. */
export const TEST_SCRYPT = { N: 1024, r: 8, p: 1 };
export const PASSPHRASE = "hardening pass phrase";

export function makeBank(sections = 3, perSection = 12): MemoryBank {
  const sectionRecords: SectionRecord[] = Array.from({ length: sections }, (_, i) => ({
    id: `s${i}`,
    name: `Section ${i}`,
    description: i % 2 ? null : `About section ${i}`,
    position: i,
  }));
  const questions: QuestionRecord[] = sectionRecords.flatMap((s) =>
    Array.from({ length: perSection }, (_, p) => {
      const id = `${s.id}-q${p}`;
      return {
        id,
        sectionId: s.id,
        type: "SINGLE_CHOICE" as const,
        prompt: `Question ${p} of ${s.name}: ${"which word fits the gap best ".repeat(2)}`,
        explanation: p % 3 ? null : "Because of the context.",
        difficulty: (p % 5) + 1,
        tags: ["grammar", `t${p % 4}`],
        audioPath: null,
        position: p,
        answers: [
          { id: `${id}-a0`, text: "the first", isCorrect: true, position: 0 },
          { id: `${id}-a1`, text: "the second", isCorrect: false, position: 1 },
          { id: `${id}-a2`, text: "the third", isCorrect: false, position: 2 },
        ],
      };
    }),
  );
  return { sections: sectionRecords, questions };
}

export interface Fixture {
  dir: string;
  passphrase: string | null;
  /** Oldest first. */
  snapshots: SnapshotManifest[];
  /** Snapshot id -> question id -> digest. */
  contents: Map<string, Map<string, string>>;
  /** The bank as it is after the last snapshot. */
  bank: MemoryBank;
}

/** Builds the fixture repository in a new temporary folder. */
export async function buildFixture(options: { passphrase?: string | null } = {}): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), "qvault-fixture-"));
  const passphrase = options.passphrase ?? null;
  const repository = await Repository.init({
    storage: createLocalStorage(dir),
    codec: nodeCodec,
    passphrase,
    scrypt: TEST_SCRYPT,
  });
  const bank = makeBank();
  const source = memoryBankSource(bank);
  await backup(repository, source, { scope: "FULL", cursor: "1" });
  bank.questions[1]!.prompt = "edited once";
  bank.questions[14]!.prompt = "edited too";
  bank.questions = bank.questions.filter((q) => q.id !== "s2-q3");
  await backup(repository, source, { scope: "FULL", cursor: "2" });
  bank.questions[2]!.prompt = "changed for the automatic backup";
  await backupChanges(repository, source, {
    questionIds: [bank.questions[2]!.id],
    sectionIds: ["s0"],
    cursor: "3",
  });
  bank.questions[20]!.prompt = "changed in section s1";
  await backup(repository, source, { scope: "SECTIONS", sectionIds: ["s1"] });
  const snapshots = await repository.listSnapshots();
  const contents = new Map<string, Map<string, string>>();
  for (const manifest of snapshots)
    contents.set(manifest.id, (await readSnapshot(repository, manifest)).digests);
  return { dir, passphrase, snapshots, contents, bank };
}

/** A fresh copy of the fixture's folder. */
export function copyFixture(fixture: Fixture, parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, "qvault-case-"));
  cpSync(fixture.dir, dir, { recursive: true });
  return dir;
}
