/**
 * An S3-protocol server of the tests' own: s3rver, a real HTTP server that speaks the S3 REST
 * protocol, on 127.0.0.1 and a free port, its objects in a fresh temporary folder, in a child
 * process (a test that blocks its own event loop, running the CLI synchronously for example,
 * must not stall the server). Over https when `tls` is set: a self-signed certificate for
 * 127.0.0.1, made with openssl.
 *
 * s3rver ignores `If-None-Match: *`: what relies on conditional writes is not tested against it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export interface S3Server {
  /** `http://127.0.0.1:<port>` (or https). */
  readonly endpoint: string;
  readonly port: number;
  /** The folder holding the objects, `<folder>/<bucket>/…` (to damage or count them). */
  readonly directory: string;
  /** The self-signed certificate's file, with `tls`. */
  readonly certFile: string | null;
  /** The environment a qvault process needs to reach `s3://bucket/…` on this server. */
  env(): Record<string, string>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

/** The bucket of the repositories of suites that run on object storage (./test-repository.ts). */
export const TEST_REPOSITORY_BUCKET = "qvault-tests";

/** s3rver's fixed credentials. */
export const S3_TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** Starts a server holding the empty `buckets`; see the module's header. */
export async function startS3Server(options: { buckets?: string[]; tls?: boolean } = {}): Promise<S3Server> {
  const directory = mkdtempSync(join(tmpdir(), "qvault-s3-"));
  const objects = join(directory, "objects");
  let certFile: string | null = null;
  let keyFile: string | null = null;
  if (options.tls) {
    certFile = join(directory, "cert.pem");
    keyFile = join(directory, "key.pem");
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"].concat([
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ]),
      { stdio: "ignore" },
    );
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [
      new URL("./s3-server-process.mjs", import.meta.url).pathname,
      JSON.stringify({ directory: objects, buckets: options.buckets ?? [], key: keyFile, cert: certFile }),
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) =>
      reject(new Error(`the S3 test server exited with ${code} before it listened`)),
    );
    createInterface({ input: child.stdout! }).once("line", (line) => resolve(JSON.parse(line).port));
  });
  const endpoint = `${options.tls ? "https" : "http"}://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    directory: objects,
    certFile,
    env: () => ({
      QVAULT_S3_ENDPOINT: endpoint,
      QVAULT_S3_REGION: "us-east-1",
      QVAULT_S3_FORCE_PATH_STYLE: "true",
      AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
      ...(certFile ? { NODE_EXTRA_CA_CERTS: certFile } : {}),
    }),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
