/**
 * Corruption: random bit flips, truncations and swapped files (two packs swapped, two index
 * files swapped, a manifest replaced by another's) in copies of a repository with several
 * snapshots, plain and encrypted. Seeded: `HARDENING_SEED=<seed>` replays the same damage.
 *
 * For each case: a check with read-data reports a problem naming every snapshot the damage
 * affects; reads of affected snapshots refuse with INTEGRITY_ERROR and the others read as they
 * were; a restore touching a damaged record refuses before writing anything (the bank, in memory
 * or a real SQLite bank, unchanged; no safety snapshot taken); a restore touching only healthy
 * records proceeds. What is affected is worked out from a map of the pristine repository, not
 * from the code under test.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BankTarget,
  check,
  createLocalStorage,
  digestOf,
  encodeQuestion,
  encodeSection,
  nodeCodec,
  Repository,
  readSnapshot,
  restore,
  toQvaultError,
} from "@qvault/core";
import { type MemoryBank, memoryBankTarget } from "@qvault/core/testing";
import { type BankDatabase, createBankTarget, openBankDatabase, withBankSource } from "@qvault/question-bank";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture, copyFixture, type Fixture, PASSPHRASE } from "../src/fixtures.js";
import { createRandom, type Random, suiteSeed } from "../src/random.js";
import { sameDigests } from "../src/repository-folder.js";
import {
  affected,
  type Damage,
  mapRepository,
  noDamage,
  packPart,
  type RepositoryMap,
} from "../src/repository-map.js";

const CASES = Number(process.env.HARDENING_CORRUPTIONS ?? 1000);
/** Every this many cases, the restores go to a real SQLite bank instead of one in memory. */
const SQLITE_EVERY = 10;

interface Subject {
  name: string;
  fixture: Fixture;
  map: RepositoryMap;
}

const KINDS = [
  "bit flips",
  "truncation",
  "packs swapped",
  "index files swapped",
  "manifest replaced",
] as const;
type Kind = (typeof KINDS)[number];
/** How often each kind is drawn, out of 20. */
const WEIGHTS: Record<Kind, number> = {
  "bit flips": 9,
  truncation: 5,
  "packs swapped": 2,
  "index files swapped": 2,
  "manifest replaced": 2,
};

const idOf = (manifestPath: string) => manifestPath.split("/").at(-1)!;

function drawKind(random: Random): Kind {
  let n = random.int(1, 20);
  for (const kind of KINDS) {
    n -= WEIGHTS[kind];
    if (n <= 0) return kind;
  }
  return "bit flips";
}

/** Damages the copy at `dir`; returns what must now be broken and a line describing it. */
function damage(
  kind: Kind,
  dir: string,
  map: RepositoryMap,
  random: Random,
): { damage: Damage; what: string } {
  const out = noDamage();
  const manifests = [...map.manifests.values()];
  const files = [...map.packs, ...map.indexFiles, ...manifests];
  const mark = (file: string, offset: number | null) => {
    if (map.indexFiles.includes(file)) out.indexFiles.add(file);
    else if (manifests.includes(file)) out.manifests.add(idOf(file));
    else if (offset === null) out.packs.add(file);
    else {
      const part = packPart(map, file, offset);
      if (part === "envelope") out.packs.add(file);
      else out.frames.add(`${file}@${part}`);
    }
  };
  const swap = (a: string, b: string) => {
    const bytesA = readFileSync(join(dir, a));
    writeFileSync(join(dir, a), readFileSync(join(dir, b)));
    writeFileSync(join(dir, b), bytesA);
  };
  switch (kind) {
    case "bit flips": {
      const file = random.pick(files);
      const bytes = readFileSync(join(dir, file));
      const bits = new Set<number>();
      const count = random.int(1, 3);
      while (bits.size < count) bits.add(random.int(0, bytes.length * 8 - 1));
      for (const bit of bits) {
        bytes[bit >> 3]! ^= 1 << (bit & 7);
        mark(file, bit >> 3);
      }
      writeFileSync(join(dir, file), bytes);
      return { damage: out, what: `${kind} at bits ${[...bits].join(",")} of ${file}` };
    }
    case "truncation": {
      const file = random.pick(files);
      const length = random.int(0, statSync(join(dir, file)).size - 1);
      truncateSync(join(dir, file), length);
      mark(file, null);
      return { damage: out, what: `${file} cut to ${length} bytes` };
    }
    case "packs swapped": {
      const [a, b] = random.sample(map.packs, 2) as [string, string];
      swap(a, b);
      mark(a, null);
      mark(b, null);
      return { damage: out, what: `packs ${a} and ${b} swapped` };
    }
    case "index files swapped": {
      // An index file's content names no file of its own: two swapped describe the same packs.
      const [a, b] = random.sample(map.indexFiles, 2) as [string, string];
      swap(a, b);
      return { damage: out, what: `index files ${a} and ${b} swapped` };
    }
    case "manifest replaced": {
      const [a, b] = random.sample(manifests, 2) as [string, string];
      writeFileSync(join(dir, a), readFileSync(join(dir, b)));
      mark(a, null);
      return { damage: out, what: `manifest ${a} replaced by ${b}` };
    }
  }
}

/** The fixture's bank with every prompt and name changed: a restore touches every record in scope. */
function liveBank(fixture: Fixture): MemoryBank {
  const bank = structuredClone(fixture.bank);
  for (const q of bank.questions) q.prompt = `live: ${q.prompt}`;
  for (const s of bank.sections) s.name = `live: ${s.name}`;
  return bank;
}

/** A restore target and a way to read its state, in memory or in SQLite. */
interface Target {
  target: BankTarget;
  state(): Promise<string>;
  sectionDigests(sectionId: string): Promise<Map<string, string>>;
  /** Puts the bank back into its "live" state after a restore that proceeded. */
  reset(): Promise<void>;
}

function memoryTarget(fixture: Fixture): Target {
  let bank = liveBank(fixture);
  return {
    target: {
      transaction: (work) => memoryBankTarget(bank).transaction(work),
      checkQuestion: () => [],
      checkSection: () => [],
    },
    state: async () => JSON.stringify(bank),
    sectionDigests: async (sectionId) =>
      new Map(
        bank.questions
          .filter((q) => q.sectionId === sectionId)
          .map((q) => [q.id, digestOf(nodeCodec, encodeQuestion(q))]),
      ),
    reset: async () => {
      bank = liveBank(fixture);
    },
  };
}

function sqliteTarget(db: BankDatabase): Target {
  const read = () =>
    withBankSource(db, async (source) => {
      const sections = (await source.sections()).map((s) => digestOf(nodeCodec, encodeSection(s)));
      const questions: [string, string, string][] = [];
      for await (const chunk of source.questions({}, 500))
        for (const q of chunk) questions.push([q.id, q.sectionId, digestOf(nodeCodec, encodeQuestion(q))]);
      return { sections, questions };
    });
  return {
    target: createBankTarget(db),
    state: async () => JSON.stringify(await read()),
    sectionDigests: async (sectionId) =>
      new Map((await read()).questions.filter(([, s]) => s === sectionId).map(([id, , d]) => [id, d])),
    reset: () =>
      db.transaction(async (manager) => {
        await manager.query(
          `UPDATE "question" SET "prompt" = 'live: ' || "prompt" WHERE "prompt" NOT LIKE 'live: %'`,
        );
        await manager.query(
          `UPDATE "section" SET "name" = 'live: ' || "name" WHERE "name" NOT LIKE 'live: %'`,
        );
      }),
  };
}

describe("random corruption of a repository with several snapshots", () => {
  const seed = suiteSeed();
  const random = createRandom(seed);
  const subjects: Subject[] = [];
  let sqlite: { db: BankDatabase; dir: string } | null = null;
  const tally = new Map<string, number>();
  const count = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1);
  let cases = 0;
  let started = 0;

  beforeAll(async () => {
    for (const [name, passphrase] of [
      ["plain", null],
      ["encrypted", PASSPHRASE],
    ] as const) {
      const fixture = await buildFixture({ passphrase });
      subjects.push({ name, fixture, map: await mapRepository(fixture.dir, passphrase) });
    }
    // A real SQLite bank holding the fixture's sections and questions, in their "live" state.
    const dir = mkdtempSync(join(tmpdir(), "qvault-corruption-bank-"));
    const db = await openBankDatabase({ file: join(dir, "bank.sqlite") });
    const plain = subjects[0]!;
    const copy = copyFixture(plain.fixture);
    await restore(await open(copy, null), createBankTarget(db), {
      backupId: plain.fixture.snapshots.at(-2)!.id,
      scope: "FULL",
      mode: "REPLACE",
    });
    rmSync(copy, { recursive: true, force: true });
    sqlite = { db, dir };
    await sqliteTarget(db).reset();
    started = performance.now();
  });

  afterAll(async () => {
    for (const subject of subjects) rmSync(subject.fixture.dir, { recursive: true, force: true });
    await sqlite?.db.close();
    if (sqlite) rmSync(sqlite.dir, { recursive: true, force: true });
    const kinds = KINDS.map((k) => `${k}: ${tally.get(k) ?? 0}`).join(", ");
    console.log(
      `corruption: ${cases} cases (${kinds}) in ${((performance.now() - started) / 1000).toFixed(0)} s, seed ${seed}; ` +
        `restores refused ${tally.get("restore refused") ?? 0} (SQLite ${tally.get("restore refused, SQLite") ?? 0}), ` +
        `restores of healthy records done ${tally.get("restore done") ?? 0} (SQLite ${tally.get("restore done, SQLite") ?? 0}), ` +
        `harmless index swaps ${tally.get("harmless") ?? 0}`,
    );
  });

  const open = (dir: string, passphrase: string | null) =>
    Repository.open({ storage: createLocalStorage(dir), codec: nodeCodec, passphrase });

  it(`${CASES} cases: check finds the damage, affected reads refuse, restores refuse before writing or proceed when healthy`, {
    timeout: 600_000,
  }, async () => {
    for (let n = 0; n < CASES; n++) {
      const subject = subjects[n % 2]!;
      const { fixture, map } = subject;
      const kind = drawKind(random);
      const dir = copyFixture(fixture);
      const { damage: done, what } = damage(kind, dir, map, random);
      const label = `case ${n} (${subject.name}, seed ${seed}): ${what}`;
      const hit = affected(map, done);
      count(kind);

      // 1. check with read-data finds it, naming every affected snapshot
      const repository = await open(dir, fixture.passphrase);
      const report = await check(repository, { readData: true });
      if (hit.size === 0) {
        expect(report.problems, `${label}: nothing is damaged`).toEqual([]);
        count("harmless");
      } else {
        expect(report.ok, `${label}: check`).toBe(false);
        const named = new Set(report.problems.flatMap((p) => p.snapshots));
        for (const id of hit.keys()) expect(named.has(id), `${label}: check names snapshot ${id}`).toBe(true);
      }

      // 2. reads: affected snapshots refuse, the rest read as they were
      for (const [id, contents] of fixture.contents) {
        const read = await repository
          .getSnapshot(id)
          .then((manifest) => readSnapshot(repository, manifest))
          .then(
            (r) => r.digests,
            (error: unknown) => toQvaultError(error),
          );
        if (hit.has(id))
          expect(read instanceof Map ? "read" : read.code, `${label}: read ${id}`).toBe("INTEGRITY_ERROR");
        else expect(read instanceof Map && sameDigests(read, contents), `${label}: read ${id}`).toBe(true);
      }

      // 3. restores: refused before any write when they touch damage, done when they do not
      const inSqlite = n % SQLITE_EVERY === 0;
      const target = inSqlite ? sqliteTarget(sqlite!.db) : memoryTarget(fixture);
      const readable = [...map.needs.keys()].filter((id) => !done.manifests.has(id));
      const damagedSection = readable.flatMap((id) => [...(hit.get(id) ?? [])].map((s) => [id, s] as const));
      const healthySection = readable.flatMap((id) =>
        [...map.needs.get(id)!.keys()].filter((s) => !hit.get(id)?.has(s)).map((s) => [id, s] as const),
      );
      if (damagedSection.length) {
        const [id, section] = random.pick(damagedSection);
        const before = await target.state();
        const snapshotsBefore = (await repository.listSnapshots()).length;
        const refused = await restoreSection(repository, target.target, id, section).then(
          () => null,
          (error: unknown) => toQvaultError(error),
        );
        expect(refused?.code, `${label}: restore of section ${section} of ${id}`).toBe("INTEGRITY_ERROR");
        expect(await target.state(), `${label}: the bank is untouched`).toBe(before);
        expect((await repository.listSnapshots()).length, `${label}: no safety snapshot was taken`).toBe(
          snapshotsBefore,
        );
        count(inSqlite ? "restore refused, SQLite" : "restore refused");
      }
      if (healthySection.length) {
        const [id, section] = random.pick(healthySection);
        await restoreSection(repository, target.target, id, section);
        expect(
          sameDigests(await target.sectionDigests(section), map.questions.get(id)!.get(section)!),
          `${label}: section ${section} restored from ${id}`,
        ).toBe(true);
        await target.reset();
        count(inSqlite ? "restore done, SQLite" : "restore done");
      }
      rmSync(dir, { recursive: true, force: true });
      cases++;
    }
    expect(cases).toBe(CASES);
  });
});

function restoreSection(repository: Repository, target: BankTarget, backupId: string, sectionId: string) {
  return restore(repository, target, {
    backupId,
    scope: "SECTIONS",
    sectionIds: [sectionId],
    mode: "REPLACE",
  });
}
