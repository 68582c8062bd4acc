import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/** Where `pnpm dev` sends /graphql (HTTP and WebSocket): a running `@qvault/api`. */
const apiUrl = process.env.QVAULT_API_URL ?? "http://127.0.0.1:4000";

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
    proxy: { "/graphql": { target: apiUrl, ws: true, changeOrigin: true } },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    rolldownOptions: { output: { codeSplitting: { groups: vendorChunks } } },
  },
});
