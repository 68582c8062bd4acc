import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "cli",
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    // test/postgres: what needs PostgreSQL, in the "cli (postgres)" project.
    exclude: ["test/postgres/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
