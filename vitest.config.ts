import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from "vitest/config";
import api from "./apps/api/vitest.config.ts";
import cli from "./apps/cli/vitest.config.ts";
import questionBank from "./packages/question-bank/vitest.config.ts";
import e2e from "./tools/e2e/vitest.config.ts";
import hardening from "./tools/hardening/vitest.config.ts";

/**
 * A project's suites again in another setting: its config, with `env` set and servers of its
 * own started by `setups` (in tools/test-server/src), its name marked with `kind`; `include` names
 * the suites that run again.
 */
function again(
  kind: string,
  env: Record<string, string>,
  ...setups: string[]
): (dir: string, config: ViteUserConfig, include: string[]) => TestProjectInlineConfiguration {
  return (dir, config, include) => ({
    ...config,
    root: `./${dir}`,
    test: {
      ...config.test,
      name: `${config.test?.name} (${kind})`,
      include,
      exclude: [],
      env,
      globalSetup: setups.map(
        (setup) => new URL(`./tools/test-server/src/${setup}`, import.meta.url).pathname,
      ),
    },
  });
}

/**
 * On PostgreSQL: QVAULT_TEST_DATABASE=postgres and a cluster of its own; `include` names the
 * suites that run on both databases and those on PostgreSQL alone (the others test what only
 * SQLite has).
 */
const onPostgres = again("postgres", { QVAULT_TEST_DATABASE: "postgres" }, "postgres-setup.ts");

/** With their repositories in object storage: QVAULT_TEST_REPOSITORY=s3 and an S3-protocol server of its own. */
const onS3 = again("s3", { QVAULT_TEST_REPOSITORY: "s3" }, "s3-setup.ts");

/** On PostgreSQL with their repositories in object storage: both servers, as several instances run. */
const onPostgresAndS3 = again(
  "postgres, s3",
  { QVAULT_TEST_DATABASE: "postgres", QVAULT_TEST_REPOSITORY: "s3" },
  "postgres-setup.ts",
  "s3-setup.ts",
);

export default defineConfig({
  test: {
    projects: [
      "packages/*",
      "apps/api",
      "apps/admin",
      "apps/cli",
      "tools/e2e",
      "tools/hardening",
      onPostgres("packages/question-bank", questionBank, [
        "test/journal.test.ts",
        "test/media.test.ts",
        "test/pagination.test.ts",
        "test/question-bank.test.ts",
        "test/record-digests.test.ts",
        "test/restore.test.ts",
        "test/postgres/**/*.test.ts",
      ]),
      onPostgres("apps/api", api, ["test/*.test.ts", "test/postgres/**/*.test.ts"]),
      onPostgres("apps/cli", cli, ["test/*.test.ts", "test/postgres/**/*.test.ts"]),
      // The admin in the browser, on a bank in PostgreSQL.
      onPostgres("tools/e2e", e2e, ["test/*.test.ts"]),
      // The suites whose subject is the database; the repository's corruption and storage faults,
      // and a newcomer's fresh checkout on the default database, are the same on both.
      onPostgres("tools/hardening", hardening, [
        "test/crashes.test.ts",
        "test/regressions.test.ts",
        "../../apps/api/test/hardening/**/*.test.ts",
      ]),
      // The questions' audio on PostgreSQL with the repository, and so the media folder, in object storage.
      onPostgresAndS3("apps/api", api, ["test/media.test.ts"]),
      // The server killed mid-work with its repository in object storage.
      onS3("tools/hardening", hardening, ["test/crashes.test.ts"]),
    ],
  },
});
