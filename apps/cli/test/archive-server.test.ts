/**
 * Archives through two real, running servers: exported from one (`GET /backups/:id/archive`,
 * streamed to a file or stdout) and imported into the other (`POST /backups/import`, streamed from
 * a file or stdin), then restored there; refusals end with the same exit codes as without a
 * server and store nothing.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bankContent } from "./helpers/bank.js";
import { assertBuilt, runCli } from "./helpers/run-cli.js";
import { ADMIN_KEY, type RunningServer, startServer } from "./helpers/server.js";

const PASSPHRASE = "carried between servers";

let source: RunningServer;
let target: RunningServer;
let work: string;
const on = (server: RunningServer, args: string[], input?: Uint8Array) =>
  runCli(args, { cwd: work, env: { QVAULT_SERVER: server.url, QVAULT_API_KEY: ADMIN_KEY }, input });
const snapshotCount = async (server: RunningServer) =>
  (await on(server, ["snapshots", "--json"])).summary!.count as number;

let snapshot: string;
let archive: string;

beforeAll(async () => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), "qvault-cli-archive-server-"));
  [source, target] = await Promise.all([startServer(40), startServer(12)]);
});
afterAll(async () => {
  await Promise.all([source?.stop(), target?.stop()]);
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("qvault export and import --server", () => {
  it("exports from one server and imports into another, whose bank then restores to the first's", async () => {
    const backedUp = await bankContent(source.database);
    expect(await bankContent(target.database)).not.toEqual(backedUp);
    snapshot = (await on(source, ["backup", "--json"])).summary!.snapshotId;

    const exported = await on(source, ["export", "latest", "--archive-passphrase", PASSPHRASE, "--json"]);
    expect(exported.code).toBe(0);
    archive = join(work, `qvault-${snapshot}.qvar`);
    expect(exported.summary).toEqual({
      message_type: "summary",
      command: "export",
      snapshotId: snapshot,
      file: archive,
      bytes: statSync(archive).size,
      encrypted: true,
      sectionCount: expect.any(Number),
      questionCount: 40,
    });
    expect(
      exported.lines.some((line) => line.message_type === "status" && line.phase === "downloading"),
    ).toBe(true);

    const before = await snapshotCount(target);
    const imported = await on(target, ["import", archive, "--archive-passphrase", PASSPHRASE, "--json"]);
    expect(imported.code).toBe(0);
    expect(imported.lines.some((line) => line.message_type === "status" && line.phase === "uploading")).toBe(
      true,
    );
    expect(imported.summary).toMatchObject({
      command: "import",
      trigger: "IMPORT",
      scope: "FULL",
      questionCount: 40,
      bytes: statSync(archive).size,
    });
    expect(imported.summary!.note).toContain(snapshot);
    expect(await snapshotCount(target)).toBe(before + 1);

    const restored = await on(target, ["restore", imported.summary!.snapshotId, "--yes"]);
    expect(restored.code).toBe(0);
    expect(await bankContent(target.database)).toEqual(backedUp);
  });

  it("streams to stdout and from stdin", async () => {
    const piped = await on(source, ["export", snapshot, "-"]);
    expect(piped.code).toBe(0);
    expect(piped.stdoutBytes.subarray(0, 4).toString()).toBe("QVAR");
    const before = await snapshotCount(target);
    const imported = await on(target, ["import", "-", "--json"], piped.stdoutBytes);
    expect(imported.code).toBe(0);
    expect(imported.summary).toMatchObject({ questionCount: 40, bytes: piped.stdoutBytes.length });
    expect(await snapshotCount(target)).toBe(before + 1);
  });

  it("refusals end as without a server and store nothing: 12 wrong passphrase, 3 damaged, 4 unknown, 7 wrong key", async () => {
    const count = await snapshotCount(target);
    const wrong = await on(target, [
      "import",
      archive,
      "--archive-passphrase",
      "not the passphrase",
      "--json",
    ]);
    expect(wrong.code).toBe(12);
    expect(wrong.error).toMatchObject({ code: "WRONG_PASSPHRASE", exitCode: 12 });
    expect((await on(target, ["import", archive])).code).toBe(12);

    const bytes = readFileSync(archive);
    const truncated = join(work, "truncated.qvar");
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
    const flipped = join(work, "flipped.qvar");
    const changed = Buffer.from(bytes);
    changed[200] = changed[200]! ^ 0x01;
    writeFileSync(flipped, changed);
    for (const damaged of [truncated, flipped]) {
      const result = await on(target, ["import", damaged, "--archive-passphrase", PASSPHRASE, "--json"]);
      expect(result.code).toBe(3);
      expect(result.error).toMatchObject({ code: "INTEGRITY_ERROR", exitCode: 3 });
    }
    expect(await snapshotCount(target)).toBe(count);

    const unknown = await on(source, ["export", "ffffffffffff", join(work, "unknown.qvar"), "--json"]);
    expect(unknown.code).toBe(4);
    const key = await runCli(
      ["export", snapshot, join(work, "refused.qvar"), "--server", source.url, "--key", "not-a-key"],
      { cwd: work },
    );
    expect(key.code).toBe(7);
    expect(existsSync(join(work, "unknown.qvar")) || existsSync(join(work, "refused.qvar"))).toBe(false);
    const upload = await runCli(["import", archive, "--server", target.url, "--key", "not-a-key", "--json"], {
      cwd: work,
    });
    expect(upload.code).toBe(7);
    expect(upload.error).toMatchObject({ code: "UNAUTHENTICATED" });
    const nobody = await runCli(["import", archive, "--server", "http://127.0.0.1:9", "--key", ADMIN_KEY]);
    expect(nobody.code).toBe(8);
    expect(await snapshotCount(target)).toBe(count);
  });

  it("a download something in between ends early but cleanly ends with 3, and leaves no file", async () => {
    // A proxy to the real server that ends the archive's response 100 bytes early, as a proper end.
    const proxy: Server = createServer((incoming, outgoing) => {
      const upstream = request(
        `${source.url}${incoming.url}`,
        { method: incoming.method, headers: incoming.headers },
        (answer) => {
          if (!incoming.url!.endsWith("/archive") || answer.statusCode !== 200) {
            outgoing.writeHead(answer.statusCode!, answer.headers);
            answer.pipe(outgoing);
            return;
          }
          const parts: Buffer[] = [];
          answer.on("data", (part: Buffer) => parts.push(part));
          answer.on("end", () => {
            const whole = Buffer.concat(parts);
            outgoing.writeHead(200, { "content-type": "application/octet-stream" });
            outgoing.end(whole.subarray(0, whole.length - 100));
          });
        },
      );
      incoming.pipe(upstream);
    });
    await new Promise<void>((listening) => proxy.listen(0, "127.0.0.1", listening));
    try {
      const { port } = proxy.address() as AddressInfo;
      const file = join(work, "cut-short.qvar");
      const cut = await runCli(
        ["export", snapshot, file, "--server", `http://127.0.0.1:${port}`, "--key", ADMIN_KEY, "--json"],
        { cwd: work },
      );
      expect(cut.code).toBe(3);
      expect(cut.error).toMatchObject({ code: "INTEGRITY_ERROR" });
      expect(existsSync(file)).toBe(false);
    } finally {
      proxy.close();
    }
  });
});
