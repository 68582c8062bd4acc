import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** Where `pnpm dev` sends /graphql (HTTP and WebSocket): a running `@qvault/api`. */
const apiUrl = process.env.QVAULT_API_URL ?? "http://127.0.0.1:4000";

/**
 * `/backups/:id/archive` and `/backups/import` are the API's; every other `/backups…` path is a
 * page of the admin, which the dev server serves itself.
 */
function archiveRoutesOnly(request: { url?: string }): string | undefined {
  const path = request.url?.split("?")[0] ?? "";
  return /^\/backups\/(import|[^/]+\/archive)$/.test(path) ? undefined : path;
}

/** Libraries that change rarely get their own chunks, so a release of the admin reloads only its code. */
const vendorChunks = [
  { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ },
  {
    name: "mantine",
    test: /node_modules[\\/](@mantine[\\/](?!charts)|@floating-ui|react-transition-group|@tabler)/,
  },
  { name: "graphql", test: /node_modules[\\/](@apollo|graphql|graphql-ws|rxjs|@wry|optimism|tslib)[\\/]/ },
  // Last, so what it shares with the groups above stays there: only the dashboard's charts,
  // loaded when they are shown, bring the chart library.
  { name: "charts", test: /node_modules[\\/](@mantine[\\/]charts|recharts)[\\/]/ },
];

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/graphql": { target: apiUrl, ws: true, changeOrigin: true },
      "/backups": { target: apiUrl, changeOrigin: true, bypass: archiveRoutesOnly },
    },
  },
  // brotli-wasm finds its .wasm file next to its own module (`new URL(…, import.meta.url)`):
  // the build emits both as assets, but the dev server's pre-bundling would move the module away.
  optimizeDeps: { exclude: ["brotli-wasm"] },
  // The archive viewer's worker is an ES module (`new Worker(url, { type: "module" })`).
  worker: { format: "es" },
  build: {
    outDir: "dist",
    sourcemap: true,
    rolldownOptions: { output: { codeSplitting: { groups: vendorChunks } } },
  },
});
