/**
 * The questions' audio through the API, on the demo bank (whose listening questions have real
 * clips in the media folder): served with a key and byte ranges, uploaded by an admin (its type
 * told by its bytes), held by backups, and written back byte for byte by a restore, whose undo
 * brings back what was there before. The suite runs again on PostgreSQL with the repository in
 * object storage (the "api (postgres, s3)" project), where the media folder is by default a prefix
 * of the same store.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createStorage, StorageError } from "@qvault/core";
import { demoClip } from "@qvault/question-bank";
import { testDatabaseKind } from "@qvault/test-server/database";
import { testRepositoryKind } from "@qvault/test-server/repository";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startTestServer, type TestServer, waitForJob } from "./helpers/test-server.js";

let t: TestServer;
let viewer: string;
beforeAll(async () => {
  t = await startTestServer({ QVAULT_MEDIA_MAX_BYTES: "200000" });
  const created = await t.gql<any>('mutation { createApiKey(name: "listener", role: VIEWER) { secret } }');
  viewer = created.data.createApiKey.secret;
});
afterAll(async () => {
  await t?.stop();
});

/**
 * The media folder of a server, as its configuration names it (a local folder, or a prefix of an
 * object store when the suites keep their repositories there), reached below the bank.
 */
const mediaOf = (server: TestServer) => createStorage(server.config.mediaDir, server.config.s3);
const AUDIO = "audio { path sha256 bytes mimeType durationMs url }";

function get(path: string, key: string | null, headers: Record<string, string> = {}) {
  return fetch(`${t.url}${path}`, {
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers },
  });
}

function put(id: string, body: Uint8Array | string, type: string, key = ADMIN_TOKEN) {
  return fetch(`${t.url}/questions/${id}/audio`, {
    method: "PUT",
    headers: { authorization: `Bearer ${key}`, "content-type": type },
    body: typeof body === "string" ? body : Buffer.from(body),
  });
}

/** The demo's listening questions, with their audio. */
async function listening(): Promise<any[]> {
  const { data } = await t.gql<any>(
    `{ questions(first: 100) { edges { node { id prompt audioPath ${AUDIO} } } } }`,
  );
  return data.questions.edges.map((e: any) => e.node).filter((q: any) => q.audio);
}

async function fileBytes(path: string, server = t): Promise<Buffer | null> {
  try {
    return Buffer.from(await mediaOf(server).read(path));
  } catch (error) {
    if (error instanceof StorageError && error.code === "ENOENT") return null;
    throw error;
  }
}

describe("the demo bank's audio", () => {
  it("is there on first start, and served only with a key, with byte ranges for players", async () => {
    const clips = await listening();
    expect(clips.length).toBeGreaterThan(5);
    const [first] = clips;
    expect(first.audio).toMatchObject({ path: first.audioPath, mimeType: expect.stringMatching(/^audio\//) });
    expect(first.audio.url).toBe(`/media/${first.audioPath}`);
    if (testRepositoryKind() === "s3" && testDatabaseKind() === "postgres") {
      // Beside the repository in the object store, where every instance reaches it; not on disk.
      expect(t.config.mediaDir).toBe(`${t.config.repository}-media`);
      expect(existsSync(join(t.dataDir, "media"))).toBe(false);
    }
    const onDisk = (await fileBytes(first.audioPath))!;
    expect(onDisk.length).toBe(first.audio.bytes);

    const anonymous = await get(first.audio.url, null);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: "UNAUTHENTICATED" });
    const whole = await get(first.audio.url, viewer);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(onDisk)).toBe(true);
    const part = await get(first.audio.url, viewer, { range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${onDisk.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(onDisk.subarray(100, 200))).toBe(true);

    for (const path of [
      "/media/audio/none.wav",
      "/media/..%2F..%2Fqvault.sqlite",
      "/media/%2Fetc%2Fpasswd",
    ]) {
      const response = await get(path, viewer);
      expect([400, 404], path).toContain(response.status);
    }
  });
});

describe("uploading a question's audio", () => {
  it("takes a real audio file from an admin, told by its bytes, and refuses anything else with a code", async () => {
    const [question] = await listening();
    const clip = demoClip(9999);
    const uploaded = await put(question.id, clip, "audio/wav");
    expect(uploaded.status).toBe(200);
    const { audio } = await uploaded.json();
    expect(audio).toMatchObject({ bytes: clip.length, mimeType: expect.stringMatching(/^audio\//) });
    expect((await fileBytes(audio.path))!.equals(Buffer.from(clip))).toBe(true);
    const { data } = await t.gql<any>(`query($id: ID!) { question(id: $id) { ${AUDIO} } }`, {
      id: question.id,
    });
    expect(data.question.audio).toMatchObject({ path: audio.path, sha256: audio.sha256 });

    const refused = [
      [await put(question.id, clip, "audio/wav", viewer), 403, "FORBIDDEN"],
      [await put(question.id, clip, "text/plain"), 415, "BAD_USER_INPUT"],
      [await put(question.id, "not a recording at all, just text", "audio/mpeg"), 415, "BAD_USER_INPUT"],
      [await put(question.id, new Uint8Array(300_000), "audio/wav"), 413, "BAD_USER_INPUT"],
      [await put("no-such-question", clip, "audio/wav"), 404, "NOT_FOUND"],
    ] as const;
    for (const [response, status, code] of refused) {
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ code });
    }
    // Nothing of the refused uploads changed the question.
    const after = await t.gql<any>(`query($id: ID!) { question(id: $id) { ${AUDIO} } }`, { id: question.id });
    expect(after.data.question.audio.sha256).toBe(audio.sha256);
  });
});

describe("restoring the audio", () => {
  it("writes a deleted and a damaged clip back byte for byte, shows them in the preview, and the undo brings the damage back", async () => {
    const clips = (await listening()).slice(1, 3);
    const originals = await Promise.all(clips.map((q) => fileBytes(q.audioPath)));
    const started = await t.gql<any>(
      'mutation { startBackup(input: { scope: FULL, note: "with audio" }) { id } }',
    );
    const backup = await waitForJob(t, started.data.startBackup.id);
    expect(backup.status).toBe("SUCCEEDED");
    const backupId = backup.backup.id;

    // A backup serves the clip it holds.
    const held = await get(`/backups/${backupId}/media/${clips[0].audio.sha256}`, viewer);
    expect(held.status).toBe(200);
    expect(Buffer.from(await held.arrayBuffer()).equals(originals[0]!)).toBe(true);

    await mediaOf(t).delete(clips[0].audioPath);
    const damaged = Buffer.from(originals[1]!);
    damaged[200] = damaged[200]! ^ 0xff;
    await mediaOf(t).replace(clips[1].audioPath, damaged);

    const input = { backupId, scope: "FULL", mode: "REPLACE" };
    const preview = await t.gql<any>(
      "query($input: RestoreInput!) { restorePlan(input: $input) { changed media { questionId kind bytes } validation { ok } } }",
      { input },
    );
    expect(preview.data.restorePlan.validation.ok).toBe(true);
    expect(preview.data.restorePlan.media).toEqual([
      { questionId: clips[0].id, kind: "REPAIRED", bytes: originals[0]!.length },
      { questionId: clips[1].id, kind: "REPAIRED", bytes: originals[1]!.length },
    ]);

    const restore = await t.gql<any>(
      "mutation($input: RestoreInput!) { startRestore(input: $input) { id } }",
      { input },
    );
    const restored = await waitForJob(t, restore.data.startRestore.id);
    expect(restored.status).toBe("SUCCEEDED");
    expect((await fileBytes(clips[0].audioPath))!.equals(originals[0]!)).toBe(true);
    expect((await fileBytes(clips[1].audioPath))!.equals(originals[1]!)).toBe(true);

    const undo = await t.gql<any>("mutation($id: ID!) { undoRestore(jobId: $id) { id } }", {
      id: restored.id,
    });
    expect((await waitForJob(t, undo.data.undoRestore.id)).status).toBe("SUCCEEDED");
    expect((await fileBytes(clips[1].audioPath))!.equals(damaged)).toBe(true);
  });

  it("travels in an archive: imported into a second server and restored, the same files are in its media folder", async () => {
    const started = await t.gql<any>(
      'mutation { startBackup(input: { scope: FULL, note: "to carry" }) { id } }',
    );
    const backupId = (await waitForJob(t, started.data.startBackup.id)).backup.id;
    const archive = await get(`/backups/${backupId}/archive`, viewer);
    expect(archive.status).toBe(200);
    const bytes = new Uint8Array(await archive.arrayBuffer());
    const second = await startTestServer({ QVAULT_SEED: "false" });
    try {
      const imported = await fetch(`${second.url}/backups/import`, {
        method: "POST",
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/octet-stream" },
        body: bytes,
      });
      expect(imported.status).toBe(201);
      const { backupId: importedId } = await imported.json();
      const restore = await second.gql<any>(
        "mutation($input: RestoreInput!) { startRestore(input: $input) { id } }",
        { input: { backupId: importedId, scope: "FULL", mode: "REPLACE" } },
      );
      expect((await waitForJob(second, restore.data.startRestore.id)).status).toBe("SUCCEEDED");
      const clips = await listening();
      expect(clips.length).toBeGreaterThan(5);
      // Each file is the one the question's record names (the first server's folder holds one
      // damaged behind its back by the test before: the backup held the clip as recorded).
      for (const clip of clips) {
        const there = (await fileBytes(clip.audioPath, second))!;
        expect(createHash("sha256").update(there).digest("hex"), clip.audioPath).toBe(clip.audio.sha256);
      }
    } finally {
      await second.stop();
    }
  });

  it("warns in the health when a backup finds a clip missing, naming its question", async () => {
    const [, , , question] = await listening();
    await mediaOf(t).delete(question.audioPath);
    const started = await t.gql<any>("mutation { startBackup(input: { scope: FULL }) { id } }");
    expect((await waitForJob(t, started.data.startBackup.id)).status).toBe("SUCCEEDED");
    const { data } = await t.gql<any>("{ systemHealth { checks { name status message } } }");
    const media = data.systemHealth.checks.find((c: any) => c.name === "media");
    expect(media.status).toBe("DEGRADED");
    expect(media.message).toContain(question.id);
    expect(media.message).toContain(question.audioPath);
  });
});
