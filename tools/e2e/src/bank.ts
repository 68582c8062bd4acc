/**
 * The question bank as the tests read and change it through the API (with the admin key),
 * the way another client of the server would, behind the admin's back.
 */
import type { Product } from "./product.js";

/** A question with every field `QuestionInput` takes, as the API returns it. */
export interface BankQuestion {
  id: string;
  type: string;
  prompt: string;
  explanation: string | null;
  difficulty: number | null;
  tags: string[];
  audioPath: string | null;
  position: number;
  section: { id: string; name: string };
  answers: { text: string; isCorrect: boolean; position: number }[];
}

/** The selection that reads a {@link BankQuestion}. */
export const BANK_QUESTION_FIELDS =
  "id type prompt explanation difficulty tags audioPath position section { id name } answers { text isCorrect position }";

/** The first `first` questions, in the bank's order; of one section when `sectionId` is given. */
export async function listQuestions(
  product: Product,
  options: { first: number; sectionId?: string },
): Promise<BankQuestion[]> {
  const result = await product.gql<{ questions: { edges: { node: BankQuestion }[] } }>(
    `query ($first: Int!, $sectionId: ID) { questions(first: $first, sectionId: $sectionId) { edges { node { ${BANK_QUESTION_FIELDS} } } } }`,
    { first: options.first, sectionId: options.sectionId ?? null },
  );
  if (!result.data) throw new Error(`questions failed: ${JSON.stringify(result.errors)}`);
  return result.data.questions.edges.map((edge) => edge.node);
}

/** The question `id` as the bank has it now. @throws when the API refuses or has no such question */
export async function fetchQuestion(product: Product, id: string): Promise<BankQuestion> {
  const result = await product.gql<{ question: BankQuestion | null }>(
    `query ($id: ID!) { question(id: $id) { ${BANK_QUESTION_FIELDS} } }`,
    { id },
  );
  const question = result.data?.question;
  if (!question) throw new Error(`question ${id}: ${JSON.stringify(result.errors ?? "not found")}`);
  return question;
}

/** Replaces the question's prompt, keeping every other field. @throws when the API refuses */
export async function setPrompt(product: Product, question: BankQuestion, prompt: string): Promise<void> {
  const result = await product.gql(
    "mutation ($id: ID!, $input: QuestionInput!) { updateQuestion(id: $id, input: $input) { id } }",
    {
      id: question.id,
      input: {
        sectionId: question.section.id,
        type: question.type,
        prompt,
        explanation: question.explanation,
        difficulty: question.difficulty,
        tags: question.tags,
        audioPath: question.audioPath,
        position: question.position,
        answers: [...question.answers]
          .sort((a, b) => a.position - b.position)
          .map(({ text, isCorrect }) => ({ text, isCorrect })),
      },
    },
  );
  if (result.errors) throw new Error(`updateQuestion failed: ${JSON.stringify(result.errors)}`);
}
