/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query SignInCheck {\n    me {\n      id\n      name\n      role\n    }\n  }\n": typeof types.SignInCheckDocument,
    "\n  query QuestionEditor($id: ID!) {\n    question(id: $id) {\n      id\n      ...QuestionEditorFields\n    }\n    sections {\n      id\n      name\n    }\n  }\n": typeof types.QuestionEditorDocument,
    "\n  fragment QuestionEditorFields on Question {\n    id\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    position\n    version\n    updatedAt\n    answers {\n      id\n      text\n      isCorrect\n      position\n    }\n    section {\n      id\n      name\n    }\n  }\n": typeof types.QuestionEditorFieldsFragmentDoc,
    "\n  mutation SaveQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n      ...QuestionEditorFields\n      ...QuestionRow\n    }\n  }\n": typeof types.SaveQuestionDocument,
    "\n  query QuestionList($sectionId: ID, $search: String, $first: Int!, $after: String) {\n    questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...QuestionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.QuestionListDocument,
    "\n  fragment QuestionRow on Question {\n    id\n    prompt\n    type\n    difficulty\n    tags\n    section {\n      id\n      name\n    }\n  }\n": typeof types.QuestionRowFragmentDoc,
    "\n  query QuestionSections {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n": typeof types.QuestionSectionsDocument,
    "\n  query SessionMe {\n    me {\n      id\n      name\n      role\n    }\n  }\n": typeof types.SessionMeDocument,
};
const documents: Documents = {
    "\n  query SignInCheck {\n    me {\n      id\n      name\n      role\n    }\n  }\n": types.SignInCheckDocument,
    "\n  query QuestionEditor($id: ID!) {\n    question(id: $id) {\n      id\n      ...QuestionEditorFields\n    }\n    sections {\n      id\n      name\n    }\n  }\n": types.QuestionEditorDocument,
    "\n  fragment QuestionEditorFields on Question {\n    id\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    position\n    version\n    updatedAt\n    answers {\n      id\n      text\n      isCorrect\n      position\n    }\n    section {\n      id\n      name\n    }\n  }\n": types.QuestionEditorFieldsFragmentDoc,
    "\n  mutation SaveQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n      ...QuestionEditorFields\n      ...QuestionRow\n    }\n  }\n": types.SaveQuestionDocument,
    "\n  query QuestionList($sectionId: ID, $search: String, $first: Int!, $after: String) {\n    questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...QuestionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.QuestionListDocument,
    "\n  fragment QuestionRow on Question {\n    id\n    prompt\n    type\n    difficulty\n    tags\n    section {\n      id\n      name\n    }\n  }\n": types.QuestionRowFragmentDoc,
    "\n  query QuestionSections {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n": types.QuestionSectionsDocument,
    "\n  query SessionMe {\n    me {\n      id\n      name\n      role\n    }\n  }\n": types.SessionMeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignInCheck {\n    me {\n      id\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  query SignInCheck {\n    me {\n      id\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuestionEditor($id: ID!) {\n    question(id: $id) {\n      id\n      ...QuestionEditorFields\n    }\n    sections {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query QuestionEditor($id: ID!) {\n    question(id: $id) {\n      id\n      ...QuestionEditorFields\n    }\n    sections {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuestionEditorFields on Question {\n    id\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    position\n    version\n    updatedAt\n    answers {\n      id\n      text\n      isCorrect\n      position\n    }\n    section {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment QuestionEditorFields on Question {\n    id\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    position\n    version\n    updatedAt\n    answers {\n      id\n      text\n      isCorrect\n      position\n    }\n    section {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n      ...QuestionEditorFields\n      ...QuestionRow\n    }\n  }\n"): (typeof documents)["\n  mutation SaveQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n      ...QuestionEditorFields\n      ...QuestionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuestionList($sectionId: ID, $search: String, $first: Int!, $after: String) {\n    questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...QuestionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query QuestionList($sectionId: ID, $search: String, $first: Int!, $after: String) {\n    questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...QuestionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuestionRow on Question {\n    id\n    prompt\n    type\n    difficulty\n    tags\n    section {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment QuestionRow on Question {\n    id\n    prompt\n    type\n    difficulty\n    tags\n    section {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuestionSections {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n"): (typeof documents)["\n  query QuestionSections {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionMe {\n    me {\n      id\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  query SessionMe {\n    me {\n      id\n      name\n      role\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;