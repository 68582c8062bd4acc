/**
 * Faults of object storage at the HTTP level: between the AWS SDK and a real S3-protocol server
 * (s3rver), a proxy drops connections, answers 500 InternalError or 503 SlowDown, or cuts an
 * answer's body short, at every request of a backup, a cleanup and a copy.
 *
 * - A fault at one request is absorbed: the SDK retries the request (a body cut short is read
 *   again), and the operation succeeds as if nothing happened.
 * - An outage from one request on fails the operation with STORAGE_ERROR (or, when it begins
 *   only as the writer lock is removed, leaves the operation committed and the lock to the next
 *   writer). Every snapshot that existed stays listed, readable and intact (`check --read-data`
 *   finds no problem), and the same operation run again once the store answers succeeds.
 *
 * The counts are written to docs/reliability.md by hand from this suite's output.
 */
import { randomBytes } from "node:crypto";
import {
  backup,
  check,
  copySnapshots,
  createS3Storage,
  nodeCodec,
  prune,
  Repository,
  type S3Settings,
  toQvaultError,
} from "@qvault/core";
import { type MemoryBank, memoryBankSource } from "@qvault/core/testing";
import {
  FAULT_KINDS,
  S3_TEST_CREDENTIALS,
  type S3FaultProxy,
  type S3Server,
  startS3FaultProxy,
  startS3Server,
} from "@qvault/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeBank } from "../src/fixtures.js";

let server: S3Server;
let proxy: S3FaultProxy;
let s3: S3Settings;
const totals = { runs: 0, absorbed: 0, failedCleanly: 0, committedBeforeOutage: 0, recovered: 0 };

beforeAll(async () => {
  server = await startS3Server({ buckets: ["faults"] });
  proxy = await startS3FaultProxy(server.endpoint);
  process.env.AWS_ACCESS_KEY_ID = S3_TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = S3_TEST_CREDENTIALS.secretAccessKey;
  // Few attempts and short timeouts: an outage must fail within the test's time.
  s3 = { endpoint: proxy.endpoint, forcePathStyle: true, maxAttempts: 3, requestTimeoutMs: 5000 };
});

afterAll(async () => {
  console.log(`S3 HTTP faults: ${JSON.stringify(totals)}`);
  await proxy?.close();
  await server?.stop();
});

const open = (location: string) =>
  Repository.open({ storage: createS3Storage(location, s3), codec: nodeCodec });

interface Fixture {
  location: string;
  bank: MemoryBank;
  snapshots: string[];
}

/** A repository with two snapshots, built with no fault. */
async function fixture(): Promise<Fixture> {
  proxy.reset(null);
  const location = `s3://faults/${randomBytes(6).toString("hex")}`;
  const repository = await Repository.init({ storage: createS3Storage(location, s3), codec: nodeCodec });
  const bank = makeBank(2, 6);
  const a = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
  bank.questions[3]!.prompt = "edited between the two";
  const b = await backup(repository, memoryBankSource(bank), { scope: "FULL" });
  return { location, bank, snapshots: [a.id, b.id] };
}

interface Operation {
  name: string;
  run(fixture: Fixture, repository: Repository): Promise<unknown>;
  /** True once the operation's work is committed (the manifests it writes or forgets are so). */
  committed(fixture: Fixture): Promise<boolean>;
}

const listed = async (location: string) => {
  proxy.reset(null);
  return (await open(location)).listSnapshots();
};

const OPERATIONS: Operation[] = [
  {
    name: "backup",
    run(f, repository) {
      const bank = structuredClone(f.bank);
      bank.questions[5]!.prompt = "edited for the third";
      return backup(repository, memoryBankSource(bank), { scope: "FULL" });
    },
    committed: async (f) => (await listed(f.location)).length === 3,
  },
  {
    name: "cleanup",
    run: (_f, repository) => prune(repository, { keepLast: 1 }),
    committed: async (f) => (await listed(f.location)).length === 1,
  },
  {
    name: "copy",
    async run(f, repository) {
      const storage = createS3Storage(`${f.location}-copy`, s3);
      const copy =
        (await storage.size("config")) === null
          ? await Repository.init({ storage, codec: nodeCodec })
          : await Repository.open({ storage, codec: nodeCodec });
      return copySnapshots(repository, copy);
    },
    async committed(f) {
      proxy.reset(null);
      if ((await createS3Storage(`${f.location}-copy`, s3).size("config")) === null) return false;
      return (await listed(`${f.location}-copy`)).length === 2;
    },
  },
];

/** Every snapshot still listed is intact; the ones the fixture made are all there unless cleaned up. */
async function assertIntact(f: Fixture, operation: string): Promise<void> {
  proxy.reset(null);
  const repository = await open(f.location);
  const listed = (await repository.listSnapshots()).map((m) => m.id);
  if (operation === "cleanup") expect(listed).toContain(f.snapshots[1]);
  else for (const id of f.snapshots) expect(listed).toContain(id);
  const report = await check(repository, { readData: true });
  expect(report.problems).toEqual([]);
}

describe.each(OPERATIONS)("object storage failing during a $name", (operation) => {
  /** The operation as a user runs it: the repository opened, then the work. */
  const attempt = async (f: Fixture) => operation.run(f, await open(f.location));

  it("absorbs a fault at any one request, and fails an outage from any request with STORAGE_ERROR, losing nothing", async () => {
    // How many requests the operation makes, on a fixture of its own.
    const counted = await fixture();
    proxy.reset(null);
    await attempt(counted);
    const steps = proxy.requests;
    expect(steps).toBeGreaterThan(3);

    // Every request of the operation is broken, each kind of fault in turn.
    for (let step = 1; step <= steps; step++) {
      const kind = FAULT_KINDS[step % FAULT_KINDS.length]!;
      const at = `${kind} at request ${step} of ${steps}`;
      // One broken request: retried, and nothing shows.
      let f = await fixture();
      proxy.reset({ kind, from: step, once: true });
      await attempt(f).catch((error: Error) => {
        throw new Error(`${operation.name} with ${at} alone: ${error.message}`, { cause: error });
      });
      totals.runs++;
      if (proxy.broken > 0) totals.absorbed++;
      await assertIntact(f, operation.name);

      // An outage from this request on: a clean failure, then a run that succeeds.
      f = await fixture();
      proxy.reset({ kind, from: step, once: false });
      const failure = await attempt(f).then(
        () => null,
        (error: unknown) => toQvaultError(error),
      );
      totals.runs++;
      if (proxy.broken > 0 && failure) {
        expect(failure.code, `${operation.name}: an outage from ${at}: ${failure.message}`).toBe(
          "STORAGE_ERROR",
        );
        totals.failedCleanly++;
      } else if (proxy.broken > 0) {
        // Only the writer lock's removal was left when the store went away: the work is
        // committed, and the lock left behind is taken over by the next writer.
        expect(
          await operation.committed(f),
          `${operation.name}: an outage from ${at} ended without error`,
        ).toBe(true);
        totals.committedBeforeOutage++;
      }
      await assertIntact(f, operation.name);
      proxy.reset(null);
      await attempt(f).catch((error: Error) => {
        throw new Error(`${operation.name} after an outage from ${at}: ${error.message}`, { cause: error });
      });
      totals.recovered++;
      await assertIntact(f, operation.name);
    }
  });
});
