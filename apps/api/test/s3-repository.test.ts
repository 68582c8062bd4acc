/**
 * The repository in S3-compatible object storage, through the API: QVAULT_REPOSITORY=s3://…
 * on a real S3-protocol server on loopback (s3rver). Backups, verification with read-data,
 * browsing, a restore with its live progress, and its undo all work, and nothing of the
 * repository is written to the local disk.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type S3Server, startS3Server } from "@qvault/test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  collect,
  editPrompt,
  firstQuestions,
  startTestServer,
  type TestServer,
  waitForJob,
} from "./helpers/test-server.js";

let s3: S3Server;
const COPY_TO = "s3://qvault-offsite/copies/main";
let t: TestServer;
beforeAll(async () => {
  s3 = await startS3Server({ buckets: ["qvault-api", "qvault-offsite"] });
  // The SDK's credential chain reads the process's environment (the job thread's too).
  const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, ...settings } = s3.env();
  Object.assign(process.env, { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY });
  t = await startTestServer({ ...settings, QVAULT_REPOSITORY: "s3://qvault-api/banks/main" });
});
afterAll(async () => {
  await t?.stop();
  await s3?.stop();
});

/** Every object a bucket holds, as paths of its folder in the store. */
function objects(bucket = "qvault-api"): string[] {
  const root = join(s3.directory, bucket);
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true })
    .map(String)
    .filter((path) => path.endsWith("._S3rver_object"));
}

async function content(): Promise<string> {
  const { data } = await t.gql<any>(
    "{ sections { id name position } questions(first: 100) { edges { node { id prompt position answers { text isCorrect } } } } }",
  );
  return JSON.stringify(data);
}

describe("a repository in object storage (QVAULT_REPOSITORY=s3://…)", () => {
  it("backs up, verifies with read-data, browses, restores with live progress and undoes, all in the bucket", async () => {
    const started = await t.gql('mutation { startBackup(input: { scope: FULL, note: "to S3" }) { id } }');
    expect(started.errors).toBeUndefined();
    const backupJob = await waitForJob(t, started.data!.startBackup.id);
    expect(backupJob.status).toBe("SUCCEEDED");
    const backupId = backupJob.backup.id;
    expect(objects().some((path) => path.startsWith("banks/main/snapshots/"))).toBe(true);
    expect(objects().some((path) => path.startsWith("banks/main/data/"))).toBe(true);

    const verify = await t.gql("mutation { verifyRepository(readData: true) { id } }");
    const verified = await waitForJob(t, verify.data!.verifyRepository.id);
    expect(verified).toMatchObject({ status: "SUCCEEDED", error: null });
    expect(verified.report.ok).toBe(true);

    const [q] = await firstQuestions(t, 1);
    const browsed = await t.gql<any>(
      "query($id: ID!) { backup(id: $id) { note questionCount questions(first: 5) { edges { node { id prompt } } } } }",
      { id: backupId },
    );
    expect(browsed.errors).toBeUndefined();
    expect(browsed.data.backup).toMatchObject({ note: "to S3", questionCount: 60 });
    expect(browsed.data.backup.questions.edges).toHaveLength(5);

    const original = await content();
    await editPrompt(t, q, "Edited before a restore from S3");
    const edited = await content();
    expect(edited).not.toBe(original);

    const restore = await t.gql<any>(
      "mutation($input: RestoreInput!) { startRestore(input: $input) { id } }",
      { input: { backupId, scope: "FULL", mode: "REPLACE" } },
    );
    expect(restore.errors).toBeUndefined();
    const jobId = restore.data.startRestore.id;
    const progress = collect(
      t.ws(),
      "subscription($id: ID!) { jobProgress(jobId: $id) { status phase safetyBackup { trigger } } }",
      { id: jobId },
    );
    const events = (await progress.done).map((e) => e.jobProgress);
    expect(events.at(-1)).toMatchObject({ status: "SUCCEEDED", safetyBackup: { trigger: "PRE_RESTORE" } });
    expect(await content()).toBe(original);

    const undo = await t.gql<any>("mutation($id: ID!) { undoRestore(jobId: $id) { id } }", { id: jobId });
    expect((await waitForJob(t, undo.data.undoRestore.id)).status).toBe("SUCCEEDED");
    expect(await content()).toBe(edited);

    // Nothing of the repository on the local disk: no folder, no file of it anywhere in the data folder.
    expect(existsSync(join(t.dataDir, "repository"))).toBe(false);
    const local = readdirSync(t.dataDir, { recursive: true }).map(String);
    expect(local.filter((path) => /snapshots|\.pack$|index\/|locks/.test(path))).toEqual([]);
  });

  it("shows where the repository lives, and refuses a location that names no bucket", async () => {
    const { data, errors } = await t.gql<any>(
      "{ systemHealth { storage { location } checks { name message } } }",
    );
    expect(errors).toBeUndefined();
    expect(data.systemHealth.storage.location).toBe("s3://qvault-api/banks/main");
    expect(data.systemHealth.checks).toContainEqual({
      name: "disk space",
      message: "object storage: no disk to fill",
    });
    await expect(startTestServer({ QVAULT_REPOSITORY: "s3://No_Bucket/x" })).rejects.toThrow(
      /QVAULT_REPOSITORY: must be s3:\/\/bucket\/prefix/,
    );
  });

  it("keeps a copy in step: after every backup, on demand, with the last copy in the health", async () => {
    const saved = await t.gql<any>(
      "mutation($input: BackupSettingsInput!) { updateBackupSettings(input: $input) { copyTo copyAfterBackup copySchedule } }",
      { input: { copyTo: COPY_TO } },
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data.updateBackupSettings).toEqual({
      copyTo: COPY_TO,
      copyAfterBackup: true,
      copySchedule: null,
    });

    const started = await t.gql<any>(
      'mutation { startBackup(input: { scope: FULL, note: "copied" }) { id } }',
    );
    const backupId = (await waitForJob(t, started.data.startBackup.id)).backup.id;
    // The copy follows the backup as a job of its own.
    let copyJob: any = null;
    for (let i = 0; i < 100 && copyJob?.status !== "SUCCEEDED"; i++) {
      const { data } = await t.gql<any>(
        "{ jobs(kind: COPY, first: 1) { edges { node { id status input report } } } }",
      );
      copyJob = data.jobs.edges[0]?.node ?? null;
      if (copyJob?.status === "FAILED") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(copyJob).toMatchObject({ status: "SUCCEEDED", input: { to: COPY_TO, trigger: "AFTER_BACKUP" } });
    expect(copyJob.report.copied).toContain(backupId);
    expect(objects("qvault-offsite").some((path) => path.startsWith("copies/main/snapshots/"))).toBe(true);

    const health = await t.gql<any>("{ systemHealth { lastCopyAt checks { name status message } } }");
    expect(Date.parse(health.data.systemHealth.lastCopyAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(health.data.systemHealth.checks).toContainEqual(
      expect.objectContaining({
        name: "copy",
        status: "OK",
        message: expect.stringMatching(/^last copy to s3:\/\/qvault-offsite\/copies\/main/),
      }),
    );

    // On demand: the copy holds everything already, so nothing more is stored.
    const again = await t.gql<any>("mutation { startCopy { id kind } }");
    expect(again.errors).toBeUndefined();
    const done = await waitForJob(t, again.data.startCopy.id);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.report).toMatchObject({ copied: [], records: 0 });
    const viewer = await t.keyFor("VIEWER");
    expect((await t.gql("mutation { startCopy { id } }", {}, viewer)).errors?.[0]?.extensions?.code).toBe(
      "FORBIDDEN",
    );
  });

  it("refuses a copy location that is neither an absolute folder nor s3://, and a copy with none set up", async () => {
    const bad = await t.gql<any>(
      "mutation($input: BackupSettingsInput!) { updateBackupSettings(input: $input) { copyTo } }",
      { input: { copyTo: "relative/folder" } },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "copyTo" });
    const schedule = await t.gql<any>(
      "mutation($input: BackupSettingsInput!) { updateBackupSettings(input: $input) { copySchedule } }",
      { input: { copySchedule: "every night" } },
    );
    expect(schedule.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "copySchedule" });
    await t.gql("mutation { updateBackupSettings(input: { copyTo: null }) { copyTo } }");
    const none = await t.gql<any>("mutation { startCopy { id } }");
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "copyTo" });
  });

  it("fails a copy to a bucket that does not exist with STORAGE_ERROR, and the health says so", async () => {
    await t.gql(
      'mutation { updateBackupSettings(input: { copyTo: "s3://no-such-bucket/x", copyAfterBackup: false }) { copyTo } }',
    );
    const started = await t.gql<any>("mutation { startCopy { id } }");
    const failed = await waitForJob(t, started.data.startCopy.id);
    expect(failed.status).toBe("FAILED");
    expect(failed.error.code).toBe("STORAGE_ERROR");
    expect(failed.error.message).toMatch(/bucket does not exist/);
    const health = await t.gql<any>("{ systemHealth { checks { name status message } } }");
    expect(health.data.systemHealth.checks).toContainEqual(
      expect.objectContaining({
        name: "copy",
        status: "FAILING",
        message: expect.stringMatching(/^the last copy to s3:\/\/no-such-bucket\/x failed/),
      }),
    );
    await t.gql(
      "mutation { updateBackupSettings(input: { copyTo: null, copyAfterBackup: true }) { copyTo } }",
    );
  });
});
