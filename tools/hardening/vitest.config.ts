import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

// The API's own hardening tests (apps/api/test/hardening) run in this project too; they load the
// API's sources, and type-graphql loads graphql's CommonJS build: tests must use that same copy.
const apiRequire = createRequire(new URL("../../apps/api/package.json", import.meta.url));

export default defineConfig({
  resolve: { alias: { graphql: apiRequire.resolve("graphql") } },
  test: {
    name: "hardening",
    include: ["test/**/*.test.ts", "../../apps/api/test/hardening/**/*.test.ts"],
    // Each suite runs real servers, real file systems or hundreds of repository copies; on
    // 2 cores they must not compete with each other.
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
  },
});
