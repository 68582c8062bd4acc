/**
 * The questions one backup holds: all its sections or one, searched by text (prompt,
 * explanation, tags, answers), 25 at a time with "Load more". A click shows a question as stored.
 * The search lives in the URL (`?q=…`).
 */
import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { useMemo, useState } from "react";
import { ConnectionFooter } from "../../components/list-footer";
import { LoadError } from "../../components/load-error";
import { StoredQuestionList } from "../../components/stored-question-list";
import { graphql } from "../../gql";
import type { BackupSummaryFragment, SnapshotQuestionFragment } from "../../gql/graphql";
import { formatCount } from "../../lib/format";
import { useUrlSearch } from "../../lib/use-url-search";
import { SnapshotQuestionDrawer } from "./snapshot-question-drawer";

const PAGE_SIZE = 25;

const BackupQuestionsQuery = graphql(`
  query BackupQuestions($id: ID!, $sectionId: ID, $search: String, $first: Int!, $after: String) {
    backup(id: $id) {
      id
      questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            ...SnapshotQuestion
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`);

export interface SnapshotQuestionListProps {
  backup: Pick<BackupSummaryFragment, "id" | "sections">;
  sectionId: string | null;
  onSelectSection(sectionId: string | null): void;
}

export function SnapshotQuestionList({ backup, sectionId, onSelectSection }: SnapshotQuestionListProps) {
  const { typed, setTyped, search } = useUrlSearch(300);
  const [open, setOpen] = useState<SnapshotQuestionFragment | null>(null);
  const sections = useMemo(
    () => backup.sections.map((section) => ({ id: section.sectionId, name: section.name })),
    [backup.sections],
  );

  const variables = { id: backup.id, sectionId, search: search || null, first: PAGE_SIZE };
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useQuery(BackupQuestionsQuery, {
    variables,
    notifyOnNetworkStatusChange: true,
  });
  const connection = (data ?? previousData)?.backup?.questions;
  const rows = useMemo(
    () => connection?.edges.map(({ node }) => ({ ...node, answerCount: node.answers.length })) ?? null,
    [connection],
  );

  return (
    <StoredQuestionList
      holder="backup"
      sections={sections}
      sectionId={sectionId}
      onSelectSection={onSelectSection}
      typed={typed}
      onType={setTyped}
      search={search}
      rows={rows}
      stale={!data && networkStatus === NetworkStatus.setVariables}
      failure={
        error && (
          <LoadError
            title="Cannot load the questions of this backup"
            error={error}
            onRetry={() => void refetch()}
          />
        )
      }
      footer={
        connection && (
          <ConnectionFooter
            connection={connection}
            fetchMore={fetchMore}
            networkStatus={networkStatus}
            variables={variables}
            format={formatCount}
          />
        )
      }
      onOpen={(row) => setOpen(row)}
    >
      <SnapshotQuestionDrawer question={open} sections={sections} onClose={() => setOpen(null)} />
    </StoredQuestionList>
  );
}
