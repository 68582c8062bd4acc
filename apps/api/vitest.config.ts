import { createRequire } from "node:module";
import { defineConfig } from "vitest/config";

const require = createRequire(import.meta.url);

export default defineConfig({
  // type-graphql loads graphql's CommonJS build; tests must use that same copy.
  resolve: { alias: { graphql: require.resolve("graphql") } },
  test: {
    name: "api",
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // The hardening suites run in the hardening project (`pnpm test:hardening`), once.
    // The postgres folder runs in the "api (postgres)" project only.
    exclude: ["test/hardening/**", "test/postgres/**"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
