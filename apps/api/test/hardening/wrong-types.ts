/**
 * Values of the wrong GraphQL type for an input type, chosen and random: each must fail variable
 * coercion (a string for an Int, a fraction for an ID, null for a non-null, an unknown enum value,
 * an object with a field the input does not have). Derived from the type, so every argument gets
 * them without a table.
 */
import fc from "fast-check";
import {
  type GraphQLInputType,
  type GraphQLNamedInputType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from "graphql";

const INT_LIMIT = 2 ** 31;
const fraction = fc
  .double({ noInteger: true, noNaN: true, noDefaultInfinity: true })
  .filter((n) => Number.isFinite(n) && !Number.isInteger(n));
const nonEmptyObject = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue(), {
  minKeys: 1,
  maxKeys: 3,
});
const notIso = fc.string({ maxLength: 30 }).filter((s) => !/^\d{4}-\d\d-\d\dT/.test(s));

function hasRequiredField(type: GraphQLNamedInputType): boolean {
  return (
    isInputObjectType(type) &&
    Object.values(type.getFields()).some(
      (field) => isNonNullType(field.type) && field.defaultValue === undefined,
    )
  );
}

function namedExamples(type: GraphQLNamedInputType): unknown[] {
  if (isEnumType(type))
    return ["NOT_A_VALUE", type.getValues()[0]!.name.toLowerCase(), 1, { value: type.getValues()[0]!.name }];
  if (isInputObjectType(type)) return ["text", 7, { notAField: 1 }, ...(hasRequiredField(type) ? [{}] : [])];
  switch (type.name) {
    case "Int":
      return ["1", 1.5, true, INT_LIMIT, -INT_LIMIT - 1, {}];
    case "String":
      return [1, true, {}, ["a"]];
    case "ID":
      return [1.5, true, {}, ["a"]];
    case "Boolean":
      return ["true", 0, {}];
    case "DateTime":
      return ["yesterday", 1_700_000_000_000, true];
    default:
      throw new Error(`no wrong values for the scalar ${type.name}`);
  }
}

function namedArbitrary(type: GraphQLNamedInputType): fc.Arbitrary<unknown> {
  if (isEnumType(type)) {
    const names = new Set(type.getValues().map((value) => value.name));
    return fc.oneof(
      fc.string({ maxLength: 20 }).filter((s) => !names.has(s)),
      fc.integer(),
      fc.boolean(),
    );
  }
  if (isInputObjectType(type)) {
    const fields = new Set(Object.keys(type.getFields()));
    return fc.oneof(
      fc.string(),
      fc.integer(),
      fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
      nonEmptyObject.filter((o) => Object.keys(o).some((key) => !fields.has(key))),
    );
  }
  switch (type.name) {
    case "Int":
      return fc.oneof(
        fc.string(),
        fraction,
        fc.boolean(),
        fc.integer({ min: INT_LIMIT, max: Number.MAX_SAFE_INTEGER }),
        nonEmptyObject,
      );
    case "String":
      return fc.oneof(
        fc.integer(),
        fraction,
        fc.boolean(),
        nonEmptyObject,
        fc.array(fc.string(), { minLength: 1 }),
      );
    case "ID":
      return fc.oneof(fraction, fc.boolean(), nonEmptyObject, fc.array(fc.string(), { minLength: 1 }));
    case "Boolean":
      return fc.oneof(fc.string(), fc.integer(), nonEmptyObject);
    case "DateTime":
      return fc.oneof(notIso, fc.integer(), fc.boolean());
    default:
      throw new Error(`no wrong values for the scalar ${type.name}`);
  }
}

/** Chosen values of the wrong type for `type`. */
export function wrongExamples(type: GraphQLInputType): unknown[] {
  const values: unknown[] = [];
  let inner = type;
  if (isNonNullType(inner)) {
    values.push(null);
    inner = inner.ofType;
  }
  if (isListType(inner)) {
    const item = inner.ofType as GraphQLInputType;
    // A single value stands for a list of one, so a bad item is bad bare and in a list.
    return [...values, ...wrongExamples(item).map((value) => [value])];
  }
  return [...values, ...namedExamples(inner as GraphQLNamedInputType)];
}

/** Random values of the wrong type for `type`. */
export function wrongArbitrary(type: GraphQLInputType): fc.Arbitrary<unknown> {
  let inner = type;
  const options: fc.Arbitrary<unknown>[] = [];
  if (isNonNullType(inner)) {
    options.push(fc.constant(null));
    inner = inner.ofType;
  }
  if (isListType(inner)) {
    const item = wrongArbitrary(inner.ofType as GraphQLInputType);
    options.push(item.map((value) => [value]));
  } else options.push(namedArbitrary(inner as GraphQLNamedInputType));
  return fc.oneof(...options);
}
