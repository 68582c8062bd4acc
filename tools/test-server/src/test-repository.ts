/**
 * Where a test's repository lives, chosen by `QVAULT_TEST_REPOSITORY`: `folder` (the default), a
 * folder in the test's data folder, or `s3`, a fresh prefix of a bucket on the S3-protocol server
 * the test project's global setup started (./s3-setup.ts). Projects run suites once per kind of
 * storage by setting the variable (the root vitest.config.ts).
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { inject } from "vitest";
import { S3_TEST_CREDENTIALS, TEST_REPOSITORY_BUCKET } from "./s3.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The endpoint of the S3-protocol server the global setup started, or "" when none runs. */
    s3Endpoint: string;
  }
}

export type TestRepositoryKind = "folder" | "s3";

export function testRepositoryKind(): TestRepositoryKind {
  return process.env.QVAULT_TEST_REPOSITORY === "s3" ? "s3" : "folder";
}

/**
 * A new repository location for a test whose data folder is `dataDir`, and the environment a
 * qvault process needs to reach it (QVAULT_REPOSITORY, QVAULT_S3_*, the SDK's credentials).
 */
export function testRepository(dataDir: string): { location: string; env: Record<string, string> } {
  if (testRepositoryKind() === "folder") {
    const location = join(dataDir, "repository");
    return { location, env: { QVAULT_REPOSITORY: location } };
  }
  const endpoint = inject("s3Endpoint");
  if (!endpoint)
    throw new Error("QVAULT_TEST_REPOSITORY=s3, but no S3-protocol server was started for this project");
  const location = `s3://${TEST_REPOSITORY_BUCKET}/${randomBytes(6).toString("hex")}`;
  return {
    location,
    env: {
      QVAULT_REPOSITORY: location,
      QVAULT_S3_ENDPOINT: endpoint,
      QVAULT_S3_FORCE_PATH_STYLE: "true",
      AWS_ACCESS_KEY_ID: S3_TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3_TEST_CREDENTIALS.secretAccessKey,
    },
  };
}
