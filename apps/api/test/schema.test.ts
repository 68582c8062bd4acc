import { readFileSync } from "node:fs";
import { printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { buildQvaultSchema } from "../src/graphql/schema.js";

describe("schema.graphql", () => {
  it("is the schema the server builds (run `pnpm --filter @qvault/api schema` after changing the API)", async () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(committed).toBe(`${printSchema(await buildQvaultSchema())}\n`);
  });

  it("keeps the outline's names for the bank", async () => {
    const schema = await buildQvaultSchema();
    const query = schema.getQueryType()!.getFields();
    const mutation = schema.getMutationType()!.getFields();
    expect(Object.keys(query)).toEqual(
      expect.arrayContaining(["sections", "section", "questions", "question", "apiKeys", "me"]),
    );
    expect(Object.keys(mutation)).toEqual(
      expect.arrayContaining([
        "createSection",
        "updateSection",
        "deleteSection",
        "createQuestion",
        "updateQuestion",
        "deleteQuestion",
        "importQuestions",
        "createApiKey",
        "revokeApiKey",
      ]),
    );
  });
});
