/**
 * What the API offers, read from the committed schema.graphql: every operation, and every place a
 * client can put a value (an argument, or a field of an input an argument takes), with a document
 * that reaches it through variables. The hardening suites are driven by these lists, so a new
 * operation or argument without a row in their tables fails them.
 */
import { readFileSync } from "node:fs";
import {
  buildSchema,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  getNamedType,
  isCompositeType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from "graphql";

export const schema = buildSchema(readFileSync(new URL("../../schema.graphql", import.meta.url), "utf8"));

export type OperationKind = "query" | "mutation" | "subscription";

export interface Operation {
  kind: OperationKind;
  name: string;
  field: GraphQLField<unknown, unknown>;
}

const ROOTS: [OperationKind, GraphQLObjectType | null | undefined][] = [
  ["query", schema.getQueryType()],
  ["mutation", schema.getMutationType()],
  ["subscription", schema.getSubscriptionType()],
];

/** Every root field of the schema: queries, mutations, subscriptions. */
export function operations(): Operation[] {
  return ROOTS.flatMap(([kind, type]) =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ kind, name: field.name, field })),
  );
}

/** `Type.field` for every field that takes arguments: root operations and nested ones (`Backup.questions`). */
export function owners(): string[] {
  return Object.values(schema.getTypeMap())
    .filter(isObjectType)
    .filter((type) => !type.name.startsWith("__"))
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => field.args.length > 0)
        .map((field) => `${type.name}.${field.name}`),
    );
}

export type ValuePath = (string | number)[];

/** One place a client puts a value. */
export interface ArgumentPath {
  /** `Mutation.createQuestion`, `Backup.questions` */
  owner: string;
  /** Where the value sits in the variables, e.g. ["input", "answers", 0, "text"]. */
  path: ValuePath;
  type: GraphQLInputType;
  /** Its row in a table: `Query.backups(first)` for an argument, `QuestionInput.prompt` for an input field. */
  key: string;
}

function fieldOf(owner: string): GraphQLField<unknown, unknown> {
  const [typeName, fieldName] = owner.split(".") as [string, string];
  const field = (schema.getType(typeName) as GraphQLObjectType).getFields()[fieldName];
  if (!field) throw new Error(`no field ${owner}`);
  return field;
}

/** Every argument of `owner` and every field of the inputs they take, depth first. */
export function argumentPaths(owner: string): ArgumentPath[] {
  const found: ArgumentPath[] = [];
  const walk = (type: GraphQLInputType, path: ValuePath, key: string) => {
    found.push({ owner, path, type, key });
    let inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      path = [...path, 0];
      inner = inner.ofType;
    }
    const named = getNamedType(inner);
    if (isInputObjectType(named))
      for (const field of Object.values(named.getFields()))
        walk(field.type, [...path, field.name], `${named.name}.${field.name}`);
  };
  for (const arg of fieldOf(owner).args) walk(arg.type, [arg.name], `${owner}(${arg.name})`);
  return found;
}

/**
 * How a nested field is reached from a root one, with the variables that takes. A type with a
 * field that takes arguments and no row here fails the suites.
 */
export const REACH: Record<string, { defs: string; call: string }> = {
  Backup: { defs: "$reachId: ID!", call: "backup(id: $reachId)" },
  Section: { defs: "$reachId: ID!", call: "section(id: $reachId)" },
  Question: { defs: "$reachId: ID!", call: "question(id: $reachId)" },
  BackupSettings: { defs: "", call: "backupSettings" },
  RestorePlan: { defs: "$reachInput: RestoreInput!", call: "restorePlan(input: $reachInput)" },
};

/** A document that calls `owner` with every argument as a variable of the argument's name. */
export function documentOf(owner: string): { kind: OperationKind; document: string } {
  const [typeName, fieldName] = owner.split(".") as [string, string];
  const field = fieldOf(owner);
  const list = (items: string[]) => (items.length ? `(${items.join(", ")})` : "");
  const defs = field.args.map((arg) => `$${arg.name}: ${arg.type}`);
  const call = `${fieldName}${list(field.args.map((arg) => `${arg.name}: $${arg.name}`))}${
    isCompositeType(getNamedType(field.type)) ? " { __typename }" : ""
  }`;
  const root = ROOTS.find(([, type]) => type?.name === typeName);
  if (root) return { kind: root[0], document: `${root[0]}${list(defs)} { ${call} }` };
  const reach = REACH[typeName];
  if (!reach) throw new Error(`no way to reach ${typeName} in REACH`);
  return {
    kind: "query",
    document: `query${list([reach.defs, ...defs].filter(Boolean))} { ${reach.call} { ${call} } }`,
  };
}
