/** The closed sets of the API, registered once for type-graphql. */
import { QUESTION_TYPES, type QuestionType, ROLES, type Role } from "@qvault/question-bank";
import { registerEnumType } from "type-graphql";

const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const QuestionTypeEnum = asEnum<QuestionType>(QUESTION_TYPES);
export const RoleEnum = asEnum<Role>(ROLES);

registerEnumType(QuestionTypeEnum, {
  name: "QuestionType",
  description:
    "SINGLE_CHOICE and TRUE_FALSE have exactly one correct answer, MULTIPLE_CHOICE at least one; every answer of SHORT_ANSWER is an accepted one.",
});
registerEnumType(RoleEnum, {
  name: "Role",
  description: "VIEWER reads; OPERATOR also backs up and verifies; ADMIN may do everything.",
});
