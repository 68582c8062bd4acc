import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "question-bank",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // test/postgres: what only PostgreSQL has, in the "question-bank (postgres)" project.
    exclude: ["test/postgres/**"],
    testTimeout: 30_000,
  },
});
