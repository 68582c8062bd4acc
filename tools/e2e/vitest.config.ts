import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "e2e",
    include: ["test/**/*.test.ts"],
    // A real server and a real browser: starting both takes seconds, a slow CI machine more.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // One product and one browser per file; files must not fight over CPU on 2 cores.
    fileParallelism: false,
  },
});
