import { defineConfig } from "vitest/config";

/** Unit tests of the admin's pure parts (formatting, the theme's contrast, form rules); no DOM. */
export default defineConfig({
  test: {
    name: "admin",
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
