/**
 * Two instances behind nginx with the README's configuration (docs/nginx/qvault.conf, its
 * addresses replaced by the instances' own): queries and subscriptions pass through, clients
 * connected through it to either instance watch the same backup to its end, and when one
 * instance dies the address keeps answering. Needs Debian's nginx (.ci/run installs it). Runs in
 * the "api (postgres)" project only.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  createServerClient,
  REPO_ROOT,
  type ServerProcess,
  startServerProcess,
  TEST_ADMIN_TOKEN,
} from "@qvault/test-server";
import { testDatabaseLocation } from "@qvault/test-server/database";
import { afterAll, beforeAll, expect, it } from "vitest";

const NGINX = "/usr/sbin/nginx";
const CONFIG = join(REPO_ROOT, "docs/nginx/qvault.conf");

let folder: string;
let instances: ServerProcess[] = [];
let nginx: ChildProcess | null = null;
let address: string;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The README's configuration, with the instances' ports and the address nginx listens on. */
function configFor(ports: number[], listen: number): string {
  const text = readFileSync(CONFIG, "utf8");
  const servers = [...text.matchAll(/^\s*server 127\.0\.0\.1:\d+ (.*);$/gm)];
  expect(servers).toHaveLength(2);
  let replaced = text;
  servers.forEach((match, i) => {
    replaced = replaced.replace(match[0], `    server 127.0.0.1:${ports[i]} ${match[1]};`);
  });
  expect(replaced).toMatch(/listen 8080;/);
  return replaced.replace("listen 8080;", `listen 127.0.0.1:${listen};`);
}

beforeAll(async () => {
  expect(existsSync(NGINX), "these tests need Debian's nginx: apt-get install nginx").toBe(true);
  folder = mkdtempSync(join(tmpdir(), "qvault-nginx-"));
  const database = testDatabaseLocation(folder);
  for (let i = 0; i < 2; i++)
    instances.push(
      await startServerProcess({
        env: {
          QVAULT_DATABASE_URL: database,
          QVAULT_REPOSITORY: join(folder, "repository"),
          QVAULT_SEED_QUESTIONS: "200",
          QVAULT_AUTO_BACKUP: "false",
          QVAULT_INSTANCE_TIMEOUT_MS: "3000",
        },
      }),
    );
  const listen = await freePort();
  const prefix = join(folder, "nginx");
  mkdirSync(join(prefix, "temp"), { recursive: true });
  writeFileSync(
    join(prefix, "qvault.conf"),
    configFor(
      instances.map((server) => Number(new URL(server.url).port)),
      listen,
    ),
  );
  // nginx's main file, as Debian's wraps conf.d: the qvault file goes inside the http block.
  writeFileSync(
    join(prefix, "nginx.conf"),
    `daemon off;
pid ${join(prefix, "nginx.pid")};
error_log stderr warn;
events {}
http {
  access_log off;
  client_body_temp_path ${join(prefix, "temp")};
  proxy_temp_path ${join(prefix, "temp")};
  include ${join(prefix, "qvault.conf")};
}
`,
  );
  nginx = spawn(NGINX, ["-p", prefix, "-c", join(prefix, "nginx.conf")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let errors = "";
  nginx.stderr!.on("data", (chunk) => {
    errors += chunk;
  });
  address = `http://127.0.0.1:${listen}`;
  for (let i = 0; ; i++) {
    const answer = await fetch(`${address}/healthz`).catch(() => null);
    if (answer?.ok) break;
    if (i > 100 || nginx.exitCode !== null) throw new Error(`nginx did not start: ${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(async () => {
  nginx?.kill("SIGTERM");
  await Promise.all(instances.map((server) => server.stop()));
  instances = [];
  if (folder) rmSync(folder, { recursive: true, force: true });
});

it("passes queries and subscriptions through, and clients on both instances watch one backup to its end", async () => {
  const client = createServerClient(address, TEST_ADMIN_TOKEN);
  try {
    const { questions } = await client.data<{ questions: { totalCount: number } }>(
      "{ questions(first: 1) { totalCount } }",
    );
    expect(questions.totalCount).toBe(200);
    // Round robin: consecutive connections go to one instance, then the other.
    const watchers = await Promise.all(
      [0, 1, 2, 3].map(
        () =>
          new Promise<{ ended: Promise<string[]> }>((resolve) => {
            const ws = client.ws();
            const statuses: string[] = [];
            const ended = new Promise<string[]>((done, fail) => {
              ws.subscribe(
                { query: "subscription { jobUpdates { kind status } }" },
                {
                  next: ({ data }) => {
                    const job = (data as { jobUpdates: { kind: string; status: string } }).jobUpdates;
                    statuses.push(job.status);
                    if (job.kind === "BACKUP" && job.status === "SUCCEEDED") done(statuses);
                  },
                  error: fail,
                  complete: () => {},
                },
              );
            });
            const off = ws.on("connected", () => {
              off();
              resolve({ ended });
            });
          }),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { startBackup } = await client.data<{ startBackup: { id: string } }>(
      "mutation { startBackup(input: { scope: FULL }) { id } }",
    );
    for (const watcher of watchers) expect(await watcher.ended).toContain("SUCCEEDED");
    expect((await client.waitForJob(startBackup.id)).status).toBe("SUCCEEDED");
  } finally {
    await client.close();
  }
});

it("keeps answering at the one address when an instance dies", async () => {
  await instances[0]!.kill();
  const client = createServerClient(address, TEST_ADMIN_TOKEN);
  try {
    for (let i = 0; i < 6; i++) {
      const { backups } = await client.data<{ backups: { totalCount: number } }>(
        "{ backups(first: 1) { totalCount } }",
      );
      expect(backups.totalCount).toBeGreaterThan(0);
    }
  } finally {
    await client.close();
  }
});
