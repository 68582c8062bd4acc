/**
 * Vitest global setup of the projects that keep their repositories in object storage: one
 * S3-protocol server for the project's run (./s3.ts), its endpoint provided to the tests, stopped
 * at the end.
 */
import type { TestProject } from "vitest/node";
import { startS3Server, TEST_REPOSITORY_BUCKET } from "./s3.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startS3Server({ buckets: [TEST_REPOSITORY_BUCKET] });
  project.provide("s3Endpoint", server.endpoint);
  return () => server.stop();
}
