/**
 * One section's (or every section's) questions matching a search, 25 at a time, with
 * "Load more" following the connection's cursor. Each row links to the question's editor.
 */
import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import { Button, Center, EmptyState, Group, Paper, Skeleton, Stack, Table, Text } from "@mantine/core";
import { IconSearchOff } from "@tabler/icons-react";
import { ConnectionFooter } from "../../components/list-footer";
import { LoadError } from "../../components/load-error";
import { graphql } from "../../gql";
import { QuestionRow } from "./question-row";

const PAGE_SIZE = 25;

export const QuestionListQuery = graphql(`
  query QuestionList($sectionId: ID, $search: String, $first: Int!, $after: String) {
    questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          ...QuestionRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export interface QuestionListProps {
  sectionId: string | null;
  search: string;
  /** Query string to keep on the editor's link, so closing it returns to the same list. */
  linkSearch: string;
  onClearSearch(): void;
}

export function QuestionList({ sectionId, search, linkSearch, onClearSearch }: QuestionListProps) {
  const variables = { sectionId, search: search || null, first: PAGE_SIZE };
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useQuery(QuestionListQuery, {
    variables,
    notifyOnNetworkStatusChange: true,
  });
  const shown = data ?? previousData;
  const connection = shown?.questions;
  const stale = !data && networkStatus === NetworkStatus.setVariables;

  if (error && !connection) {
    return <LoadError title="Cannot load questions" error={error} onRetry={() => void refetch()} />;
  }
  if (!connection) return <ListSkeleton />;

  if (connection.edges.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <EmptyState
          icon={<IconSearchOff />}
          title={search ? "No question matches this search" : "No questions here yet"}
          description={
            search
              ? `Nothing in ${sectionId ? "this section" : "the bank"} has "${search}" in its prompt or tags.`
              : "This section has no questions."
          }
        >
          {search && (
            <EmptyState.Actions>
              <Button variant="light" onClick={onClearSearch}>
                Clear the search
              </Button>
            </EmptyState.Actions>
          )}
        </EmptyState>
      </Paper>
    );
  }

  return (
    <Stack gap="sm">
      <Paper
        withBorder
        radius="md"
        style={{ overflow: "hidden", opacity: stale ? 0.6 : 1 }}
        aria-busy={stale}
      >
        <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" aria-label="Questions">
          <Table.Thead bg="var(--qvault-color-surface)">
            <Table.Tr>
              <Table.Th>Question</Table.Th>
              <Table.Th w={150} visibleFrom="sm">
                Type
              </Table.Th>
              <Table.Th w={90} visibleFrom="sm">
                Difficulty
              </Table.Th>
              <Table.Th w={220} visibleFrom="lg">
                Tags
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connection.edges.map(({ node }) => (
              <QuestionRow
                key={node.id}
                question={node}
                showSection={!sectionId}
                href={`/questions/${node.id}${linkSearch}`}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <ConnectionFooter
        connection={connection}
        fetchMore={fetchMore}
        networkStatus={networkStatus}
        variables={variables}
        error={error}
      />
    </Stack>
  );
}

function ListSkeleton() {
  return (
    <Paper withBorder radius="md" p="md" aria-busy>
      <Stack gap="md">
        {Array.from({ length: 8 }, (_, index) => (
          <Group key={index} gap="md" wrap="nowrap">
            <Skeleton height={14} style={{ flex: 1 }} />
            <Skeleton height={14} w={100} />
            <Skeleton height={14} w={50} />
          </Group>
        ))}
      </Stack>
      <Center mt="md">
        <Text size="sm" c="dimmed">
          Loading questions…
        </Text>
      </Center>
    </Paper>
  );
}
