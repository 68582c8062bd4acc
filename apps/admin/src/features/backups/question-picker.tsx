/**
 * Choosing questions for a backup: search the live bank by prompt or tags, tick the ones to
 * include. The choice survives new searches; the chosen questions are listed, each removable.
 * Results are not cached: they are a passing look-up, and must not mix with the bank's lists.
 */
import { skipToken, useQuery } from "@apollo/client/react";
import {
  type PickedQuestion,
  QuestionPicker as Picker,
  useQuestionSearchText,
} from "../../components/question-picker";
import { graphql } from "../../gql";
import { formatCount } from "../../lib/format";

const RESULTS = 20;

const QuestionSearchQuery = graphql(`
  query BackupQuestionSearch($search: String!, $first: Int!) {
    questions(search: $search, first: $first) {
      totalCount
      edges {
        node {
          id
          prompt
          section {
            id
            name
          }
        }
      }
    }
  }
`);

export interface QuestionPickerProps {
  picked: PickedQuestion[];
  onChange(picked: PickedQuestion[]): void;
  error?: string | null;
}

export function QuestionPicker({ picked, onChange, error }: QuestionPickerProps) {
  const text = useQuestionSearchText();
  const { search } = text;
  const {
    data,
    previousData,
    loading,
    error: searchError,
  } = useQuery(
    QuestionSearchQuery,
    search ? { variables: { search, first: RESULTS }, fetchPolicy: "no-cache" } : skipToken,
  );
  const found = search ? (data ?? previousData)?.questions : undefined;
  const results = found && {
    totalCount: found.totalCount,
    questions: found.edges.map(({ node }) => ({
      id: node.id,
      prompt: node.prompt,
      description: node.section.name,
    })),
  };

  return (
    <Picker
      text={text}
      results={results}
      loading={loading}
      searchError={searchError}
      labels={{
        label: "Questions",
        description: "Search prompts and tags, then tick the questions to back up.",
        search: "Find questions",
        placeholder: "e.g. meticulous",
        results: "Matching questions",
        noMatch: `No question has "${search}" in its prompt or tags.`,
        more: (listed, total) =>
          `The first ${listed} of ${formatCount(total)} matches; search more precisely to find others.`,
        noneChosen: "No question chosen yet.",
      }}
      resultsHeight={220}
      picked={picked}
      onChange={onChange}
      required
      error={error}
    />
  );
}
