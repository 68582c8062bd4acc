/**
 * The questions one backup holds: all its sections or one, searched by text (prompt,
 * explanation, tags, answers), 25 at a time with "Load more". A click shows a question as stored.
 */
import { NetworkStatus } from "@apollo/client";
import { useQuery } from "@apollo/client/react";
import {
  Badge,
  Button,
  CloseButton,
  EmptyState,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconFolder, IconSearch, IconSearchOff } from "@tabler/icons-react";
import { useEffect, useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { LoadError } from "../../components/load-error";
import { graphql } from "../../gql";
import type { BackupSummaryFragment, SnapshotQuestionFragment } from "../../gql/graphql";
import { formatCount } from "../../lib/format";
import { QUESTION_TYPES } from "../../lib/question-types";
import { SnapshotQuestionDrawer } from "./snapshot-question-drawer";

const PAGE_SIZE = 25;
const ALL = "all";

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
  const [params, setParams] = useSearchParams();
  const search = params.get("q") ?? "";
  const [typed, setTyped] = useState(search);
  const [debounced] = useDebouncedValue(typed.trim(), 300);
  const [open, setOpen] = useState<SnapshotQuestionFragment | null>(null);
  const sectionNames = useMemo(
    () => new Map(backup.sections.map((section) => [section.sectionId, section.name])),
    [backup.sections],
  );

  useEffect(() => {
    if (debounced === search) return;
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (debounced) next.set("q", debounced);
        else next.delete("q");
        return next;
      },
      { replace: true },
    );
  }, [debounced, search, setParams]);

  const variables = { id: backup.id, sectionId, search: search || null, first: PAGE_SIZE };
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useQuery(BackupQuestionsQuery, {
    variables,
    notifyOnNetworkStatusChange: true,
  });
  const connection = (data ?? previousData)?.backup?.questions;
  const stale = !data && networkStatus === NetworkStatus.setVariables;

  let body: React.ReactNode;
  if (error && !connection) {
    body = (
      <LoadError
        title="Cannot load the questions of this backup"
        error={error}
        onRetry={() => void refetch()}
      />
    );
  } else if (!connection) {
    body = (
      <Stack gap="sm" aria-busy aria-label="Loading questions">
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} height={18} />
        ))}
      </Stack>
    );
  } else if (connection.edges.length === 0) {
    body = (
      <EmptyState
        icon={<IconSearchOff />}
        title={search ? "No question matches this search" : "No questions here"}
        description={
          search
            ? `Nothing in ${sectionId ? "this section of " : ""}this backup has "${search}" in its text or tags.`
            : "This backup holds no questions in this section."
        }
      />
    );
  } else {
    body = (
      <Stack gap="sm">
        <Table
          highlightOnHover
          verticalSpacing="sm"
          aria-label="Questions in this backup"
          style={{ opacity: stale ? 0.6 : 1 }}
          aria-busy={stale}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Question</Table.Th>
              <Table.Th w={150} visibleFrom="sm">
                Type
              </Table.Th>
              <Table.Th w={90} ta="right" visibleFrom="md">
                Answers
              </Table.Th>
              <Table.Th w={140} visibleFrom="md">
                Digest
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connection.edges.map(({ node }) => (
              <Table.Tr
                key={node.digest + node.id}
                style={{ cursor: "pointer" }}
                onClick={() => setOpen(node)}
                data-question-id={node.id}
              >
                <Table.Td>
                  <Text
                    component="button"
                    type="button"
                    size="sm"
                    fw={500}
                    lineClamp={2}
                    ta="left"
                    p={0}
                    bd={0}
                    bg="transparent"
                    style={{ cursor: "pointer" }}
                  >
                    {node.prompt}
                  </Text>
                  {!sectionId && (
                    <Text size="xs" c="dimmed" mt={2}>
                      {sectionNames.get(node.sectionId) ?? node.sectionId}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Badge
                    variant="light"
                    color={QUESTION_TYPES[node.type].color}
                    radius="sm"
                    tt="none"
                    fw={600}
                  >
                    {QUESTION_TYPES[node.type].label}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" visibleFrom="md">
                  <Text size="sm">{node.answers.length}</Text>
                </Table.Td>
                <Table.Td visibleFrom="md">
                  <Text size="xs" ff="monospace" c="dimmed" title={node.digest}>
                    {node.digest.slice(0, 12)}…
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Group justify="space-between">
          <Text size="sm" c="dimmed" aria-live="polite">
            Showing {formatCount(connection.edges.length)} of {formatCount(connection.totalCount)}
          </Text>
          {connection.pageInfo.hasNextPage && (
            <Button
              variant="default"
              loading={networkStatus === NetworkStatus.fetchMore}
              onClick={() =>
                void fetchMore({ variables: { ...variables, after: connection.pageInfo.endCursor } })
              }
            >
              Load more
            </Button>
          )}
        </Group>
      </Stack>
    );
  }

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <Title order={3} size="h5">
          Questions in this backup
        </Title>
        <Group gap="sm" wrap="wrap">
          <Select
            aria-label="Section"
            data={[
              { value: ALL, label: "All sections" },
              ...backup.sections.map((section) => ({ value: section.sectionId, label: section.name })),
            ]}
            value={sectionId ?? ALL}
            onChange={(value) => onSelectSection(value && value !== ALL ? value : null)}
            allowDeselect={false}
            leftSection={<IconFolder size={16} />}
            w={240}
          />
          <TextInput
            aria-label="Search this backup"
            placeholder="Search text, tags and answers"
            leftSection={<IconSearch size={16} />}
            rightSection={
              typed ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setTyped("")} /> : null
            }
            value={typed}
            onChange={(event) => setTyped(event.currentTarget.value)}
            w={{ base: "100%", sm: 300 }}
          />
        </Group>
      </Group>
      {body}
      <SnapshotQuestionDrawer question={open} sectionNames={sectionNames} onClose={() => setOpen(null)} />
    </Paper>
  );
}
