import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: ["packages/*", "apps/api", "apps/admin", "apps/cli", "tools/e2e", "tools/hardening"],
  },
});
