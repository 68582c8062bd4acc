/** Writes the built schema to apps/api/schema.graphql, which the admin's code generator reads. */
import { writeFileSync } from "node:fs";
import { printSchema } from "graphql";
import { buildQvaultSchema } from "./graphql/schema.js";

const target = new URL("../schema.graphql", import.meta.url);
writeFileSync(target, `${printSchema(await buildQvaultSchema())}\n`);
console.log(`wrote ${target.pathname}`);
