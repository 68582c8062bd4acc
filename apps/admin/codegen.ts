/**
 * Typed GraphQL documents: reads the API's committed schema and every `graphql()` call in
 * src/, and writes src/gql/ (committed, so a build never needs to run this). Run
 * `pnpm --filter @qvault/admin codegen` after changing an operation or the schema.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "../api/schema.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "./src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: "string", SafeInt: "number", JSON: "unknown" },
        avoidOptionals: { field: true, inputValue: false },
        nonOptionalTypename: false,
        skipTypename: false,
      },
    },
  },
};

export default config;
