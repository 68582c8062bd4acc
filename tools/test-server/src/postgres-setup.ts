/**
 * Vitest global setup of the projects that run on PostgreSQL: one cluster for the project's
 * run (./postgres.ts), its port provided to the tests, stopped at the end.
 */
import type { TestProject } from "vitest/node";
import { startPostgresCluster } from "./postgres.js";

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgresCluster();
  project.provide("postgresPort", cluster.port);
  return () => cluster.stop();
}
