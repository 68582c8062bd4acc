/**
 * The questions of the open archive, read by the worker: all sections or one, searched by text
 * (prompt, explanation, tags, answers, as core's browse does for backups), 25 at a time with
 * "Load more". A click reads that question's record and shows it as stored. Answers about an
 * earlier search or section are dropped.
 */
import {
  Alert,
  Badge,
  CloseButton,
  EmptyState,
  Group,
  Loader,
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
import { memo, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { ListFooter } from "../../components/list-footer";
import { formatCount } from "../../lib/format";
import { QUESTION_TYPES } from "../../lib/question-types";
import { ArchiveFailureAlert } from "./archive-failure-alert";
import type { ArchiveFailure, OpenedArchive, QuestionPage, QuestionRow } from "./archive-protocol";
import { ArchiveQuestionDrawer } from "./archive-question-drawer";
import { type ArchiveFile, failureOf } from "./use-archive-file";

const PAGE_SIZE = 25;
const ALL = "all";
/** What core's browse accepts. */
const SEARCH_LIMIT = 200;

export interface ArchiveQuestionListProps {
  browse: ArchiveFile["browse"];
  readQuestion: ArchiveFile["readQuestion"];
  sections: OpenedArchive["sections"];
  sectionId: string | null;
  onSelectSection(sectionId: string | null): void;
}

/** Memoized: the page re-renders on each report of the check's progress, which this does not show. */
export const ArchiveQuestionList = memo(function ArchiveQuestionList({
  browse,
  readQuestion,
  sections,
  sectionId,
  onSelectSection,
}: ArchiveQuestionListProps) {
  const [typed, setTyped] = useState("");
  const [search] = useDebouncedValue(typed.trim(), 300);
  /** The page on show, with the search it answers. */
  const [page, setPage] = useState<(QuestionPage & { search: string }) | null>(null);
  const [loading, setLoading] = useState<"first" | "more" | null>("first");
  const [failure, setFailure] = useState<ArchiveFailure | null>(null);
  const [open, setOpen] = useState<QuestionRow | null>(null);
  const latest = useRef(0);
  const sectionNames = useMemo(
    () => new Map(sections.map((section) => [section.id, section.name])),
    [sections],
  );

  const load = useCallback(
    async (after: string | null) => {
      const ticket = ++latest.current;
      setLoading(after ? "more" : "first");
      setFailure(null);
      try {
        const next = await browse({
          sectionId,
          search: search || null,
          first: PAGE_SIZE,
          after,
        });
        if (ticket !== latest.current) return;
        setPage((previous) =>
          after && previous
            ? { ...next, search, rows: [...previous.rows, ...next.rows] }
            : { ...next, search },
        );
      } catch (error) {
        if (ticket === latest.current) setFailure(failureOf(error));
      } finally {
        if (ticket === latest.current) setLoading(null);
      }
    },
    [browse, sectionId, search],
  );

  useEffect(() => {
    void load(null);
  }, [load]);

  const stale = loading === "first" && page !== null;
  let body: React.ReactNode;
  if (failure && !page) {
    body = (
      <ArchiveFailureAlert
        failure={failure}
        action={{ label: "Try again", onClick: () => void load(null) }}
      />
    );
  } else if (!page) {
    body = (
      <Stack gap="sm" aria-busy aria-label="Loading questions">
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} height={18} />
        ))}
      </Stack>
    );
  } else if (page.rows.length === 0) {
    body = (
      <EmptyState
        icon={<IconSearchOff />}
        title={search ? "No question matches this search" : "No questions here"}
        description={
          search
            ? `Nothing in ${sectionId ? "this section of " : ""}this file has "${search}" in its text or tags.`
            : "This file holds no questions in this section."
        }
      />
    );
  } else {
    body = (
      <Stack gap="sm">
        <Table
          highlightOnHover
          verticalSpacing="sm"
          aria-label="Questions in this file"
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
            {page.rows.map((row) => (
              <Table.Tr
                key={row.id}
                style={{ cursor: "pointer" }}
                onClick={() => setOpen(row)}
                data-question-id={row.id}
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
                    {row.prompt}
                  </Text>
                  {!sectionId && (
                    <Text size="xs" c="dimmed" mt={2}>
                      {sectionNames.get(row.sectionId) ?? row.sectionId}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Badge
                    variant="light"
                    color={QUESTION_TYPES[row.type].color}
                    radius="sm"
                    tt="none"
                    fw={600}
                  >
                    {QUESTION_TYPES[row.type].label}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right" visibleFrom="md">
                  <Text size="sm">{row.answerCount}</Text>
                </Table.Td>
                <Table.Td visibleFrom="md">
                  <Text size="xs" ff="monospace" c="dimmed" title={row.digest}>
                    {row.digest.slice(0, 12)}…
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <ListFooter
          shown={page.rows.length}
          total={page.totalCount}
          hasMore={page.hasNextPage}
          loading={loading === "more"}
          onLoadMore={() => void load(page.endCursor)}
        />
        {failure && (
          <Alert color="red" variant="light">
            {failure.message}
          </Alert>
        )}
      </Stack>
    );
  }

  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <Group gap="xs">
          <Title order={3} size="h5">
            Questions in this file
          </Title>
          {page && !stale && (
            <Text size="sm" c="dimmed" data-search={page.search}>
              {formatCount(page.totalCount)}
              {page.search ? " matching" : ""}
            </Text>
          )}
          {loading === "first" && <Loader size="xs" aria-label="Reading questions" />}
        </Group>
        <Group gap="sm" wrap="wrap">
          <Select
            aria-label="Section"
            data={[
              { value: ALL, label: "All sections" },
              ...sections.map((section) => ({ value: section.id, label: section.name })),
            ]}
            value={sectionId ?? ALL}
            onChange={(value) => onSelectSection(value && value !== ALL ? value : null)}
            allowDeselect={false}
            leftSection={<IconFolder size={16} />}
            w={240}
          />
          <TextInput
            aria-label="Search this file"
            placeholder="Search text, tags and answers"
            leftSection={<IconSearch size={16} />}
            rightSection={
              typed ? <CloseButton size="sm" aria-label="Clear search" onClick={() => setTyped("")} /> : null
            }
            value={typed}
            maxLength={SEARCH_LIMIT}
            onChange={(event) => setTyped(event.currentTarget.value)}
            w={{ base: "100%", sm: 300 }}
          />
        </Group>
      </Group>
      {body}
      <ArchiveQuestionDrawer
        readQuestion={readQuestion}
        row={open}
        sectionNames={sectionNames}
        onClose={() => setOpen(null)}
      />
    </Paper>
  );
});
