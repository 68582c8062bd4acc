/**
 * The import rules of the workspace, checked by `pnpm lint` (dependency-cruiser):
 * dependencies point one way (apps -> vault -> question-bank -> core), so
 * - an app never imports another app;
 * - core imports nothing of ours;
 * - a feature of the admin never imports another feature (shared parts live in components/ and lib/);
 * - no import cycle, anywhere.
 */
module.exports = {
  forbidden: [
    {
      name: "app-imports-app",
      comment: "An app never imports another app: what two apps share belongs in a package.",
      severity: "error",
      from: { path: "^apps/([^/]+)/" },
      to: { path: "^apps/([^/]+)/", pathNot: "^apps/$1/" },
    },
    {
      name: "core-imports-ours",
      comment: "@qvault/core depends on no package of ours.",
      severity: "error",
      from: { path: "^packages/core/" },
      to: { path: "^(packages/(?!core/)|apps/|tools/)" },
    },
    {
      name: "feature-imports-feature",
      comment:
        "An admin feature never imports another feature; shared parts live in src/components and src/lib.",
      severity: "error",
      from: { path: "^apps/admin/src/features/([^/]+)/" },
      to: { path: "^apps/admin/src/features/", pathNot: "^apps/admin/src/features/$1/" },
    },
    {
      name: "no-cycles",
      comment:
        "Modules that import each other, directly or through others, cannot be understood or loaded one at a time.",
      severity: "error",
      // TypeORM's entities name each other in their relations (lazily, `() => Section`): that
      // two-way link is how the ORM is built, not a cycle of loading.
      from: { pathNot: "^packages/question-bank/src/entities/" },
      to: { circular: true },
    },
  ],
  options: {
    // Build output is where an import of another package's files lands: kept as a leaf of the
    // graph (so an import of apps/x/dist still counts as importing app x), never cruised itself.
    doNotFollow: { path: ["node_modules", "(^|/)dist/"] },
    exclude: { path: "(^|/)node_modules/|\\.d\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".d.ts"],
    },
  },
};
