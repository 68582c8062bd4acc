/**
 * A PostgreSQL cluster of the tests' own: `initdb` into a fresh temporary folder, the server
 * started on 127.0.0.1 and a free port with its socket in that folder, trust authentication for
 * one superuser, and a database made for each caller. The server refuses to run as root, so when
 * the tests run as root the folder is given to the `postgres` user and every server binary runs
 * as that user (`runuser`). `fsync` is off: the cluster lives as long as the tests (unless
 * `durable`, for benchmarks, which must measure what a real server does). The binaries
 * come from `QVAULT_TEST_PG_BIN`, else the newest `/usr/lib/postgresql/<version>/bin` (Debian's
 * `postgresql` package), else the PATH.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PostgresCluster {
  /** The server's port on 127.0.0.1. */
  readonly port: number;
  /** `postgres://` URL of `database` on this cluster. */
  url(database: string): string;
  /** Creates a database of a fresh name (or `name`); returns its URL. */
  createDatabase(name?: string): string;
  /** Stops the server and removes its folder. */
  stop(): void;
}

const USER = "qvault";

function binDir(): string {
  if (process.env.QVAULT_TEST_PG_BIN) return process.env.QVAULT_TEST_PG_BIN;
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, "bin", "initdb")))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], "bin");
  }
  const found = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).stdout.trim();
  if (found) return join(found, "..");
  throw new Error(
    "PostgreSQL's server binaries were not found: install them (Debian: apt-get install -y postgresql), or set QVAULT_TEST_PG_BIN to the folder holding initdb and pg_ctl",
  );
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Initializes and starts a cluster; see the module's header. `durable`: with PostgreSQL's
 * default durability (fsync, synchronous commit, full-page writes) instead of without it.
 */
export async function startPostgresCluster(options: { durable?: boolean } = {}): Promise<PostgresCluster> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), "qvault-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[]) => {
    const [command, full] = asRoot
      ? ["runuser", ["-u", "postgres", "--", join(bin, tool), ...args]]
      : [join(bin, tool), args];
    return execFileSync(command, full, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  };
  const data = join(dir, "data");
  run("initdb", ["-D", data, "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"]);
  const port = await freePort();
  const fast = options.durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fast} -c max_connections=200`;
  run("pg_ctl", ["-D", data, "-o", settings, "-l", join(dir, "server.log"), "-w", "start"]);
  return {
    port,
    url: (database) => urlOn(port, database),
    createDatabase: (name) => createDatabaseOn(port, name),
    stop() {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function urlOn(port: number, database: string): string {
  return `postgres://${USER}@127.0.0.1:${port}/${database}`;
}

/** Creates a database of a fresh name (or `name`) on the cluster at `port`; returns its URL. */
export function createDatabaseOn(port: number, name = `t_${randomBytes(6).toString("hex")}`): string {
  execFileSync(join(binDir(), "createdb"), ["-h", "127.0.0.1", "-p", String(port), "-U", USER, name], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return urlOn(port, name);
}

function postgresUser(): { uid: number; gid: number } {
  const line = execFileSync("getent", ["passwd", "postgres"], { encoding: "utf8" }).trim();
  const [, , uid, gid] = line.split(":");
  if (!uid || !gid)
    throw new Error("the tests run as root, and there is no postgres user to run PostgreSQL as");
  return { uid: Number(uid), gid: Number(gid) };
}
