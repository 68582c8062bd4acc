import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/api", "apps/cli", "tools/e2e", "tools/hardening"],
  },
});
