/**
 * Choosing questions of one backup to restore: its questions (all, or those matching a search of
 * their text, tags and answers), ticked one by one. The choice survives new searches and is
 * listed, each removable. Results are a passing look-up of the backup, not cached.
 */
import { useQuery } from "@apollo/client/react";
import { type PickedQuestion, QuestionPicker, useQuestionSearchText } from "../../components/question-picker";
import { graphql } from "../../gql";
import { formatCount } from "../../lib/format";

const RESULTS = 20;

const BackupQuestionSearchQuery = graphql(`
  query RestoreQuestionSearch($id: ID!, $search: String, $first: Int!) {
    backup(id: $id) {
      id
      questions(search: $search, first: $first) {
        totalCount
        edges {
          node {
            id
            sectionId
            prompt
          }
        }
      }
    }
  }
`);

export interface BackupQuestionPickerProps {
  backupId: string;
  sectionNames: ReadonlyMap<string, string>;
  picked: PickedQuestion[];
  onChange(picked: PickedQuestion[]): void;
}

export function BackupQuestionPicker({
  backupId,
  sectionNames,
  picked,
  onChange,
}: BackupQuestionPickerProps) {
  const text = useQuestionSearchText();
  const { search } = text;
  const { data, previousData, loading, error } = useQuery(BackupQuestionSearchQuery, {
    variables: { id: backupId, search: search || null, first: RESULTS },
    fetchPolicy: "no-cache",
  });
  const found = (data ?? previousData)?.backup?.questions;
  const results = found && {
    totalCount: found.totalCount,
    questions: found.edges.map(({ node }) => ({
      id: node.id,
      prompt: node.prompt,
      description: sectionNames.get(node.sectionId),
    })),
  };

  return (
    <QuestionPicker
      text={text}
      results={results}
      loading={loading}
      searchError={error}
      labels={{
        label: "Questions to restore",
        description: "Search the backup's questions, then tick them.",
        search: "Search the backup's questions",
        placeholder: "Text, tags or answers",
        results: "Questions in the backup",
        noMatch: `No question of this backup has "${search}" in its text, tags or answers.`,
        more: (listed, total) => `The first ${listed} of ${formatCount(total)}; search to find others.`,
      }}
      resultsHeight={260}
      picked={picked}
      onChange={onChange}
    />
  );
}
