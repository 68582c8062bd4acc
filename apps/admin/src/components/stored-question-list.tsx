/**
 * The questions a backup holds, as a list to browse: a section to pick, a search field, then the
 * questions (prompt, type, answer count, digest), or a skeleton, a failure or an empty state. It
 * renders what it is given: a backup's page reads the questions from the API, the archive viewer
 * from a file in the browser, and each pages and searches its own way.
 */
import {
  Badge,
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
import { IconFolder, IconSearch, IconSearchOff } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { QuestionType } from "../gql/graphql";
import { QUESTION_TYPES } from "../lib/question-types";

/** One question of the list: what a row shows. */
export interface StoredQuestionRow {
  id: string;
  sectionId: string;
  prompt: string;
  type: QuestionType;
  answerCount: number;
  /** The digest of the question's record. */
  digest: string;
}

const ALL = "all";

export interface StoredQuestionListProps<Row extends StoredQuestionRow> {
  /** What holds the questions, as the titles and labels name it: "Questions in this file". */
  holder: "file" | "backup";
  sections: readonly { id: string; name: string }[];
  /** The section shown; null for all. */
  sectionId: string | null;
  onSelectSection(sectionId: string | null): void;
  /** The search field's text, as typed. */
  typed: string;
  onType(text: string): void;
  /** The longest search the field takes. */
  searchMaxLength?: number;
  /** The search the rows answer, "" for none. */
  search: string;
  /** The rows loaded so far, in order; null until the first page is there. */
  rows: readonly Row[] | null;
  /** True while the rows are of an earlier search or section: they are shown dimmed. */
  stale: boolean;
  /** Why the first page could not be read; shown instead of the rows. */
  failure: ReactNode;
  /** Below the rows: how many are shown, "Load more", a later failure. */
  footer: ReactNode;
  /** Beside the title: a count, a spinner. */
  titleAside?: ReactNode;
  onOpen(row: Row): void;
  /** After the list: the drawer its rows open. */
  children?: ReactNode;
}

export function StoredQuestionList<Row extends StoredQuestionRow>(props: StoredQuestionListProps<Row>) {
  const { holder, sections, sectionId, typed, onType } = props;
  return (
    <Paper withBorder radius="md" p="md">
      <Group justify="space-between" align="flex-end" mb="md" wrap="wrap">
        <Group gap="xs">
          <Title order={3} size="h5">
            Questions in this {holder}
          </Title>
          {props.titleAside}
        </Group>
        <Group gap="sm" wrap="wrap">
          <Select
            aria-label="Section"
            data={[
              { value: ALL, label: "All sections" },
              ...sections.map((section) => ({ value: section.id, label: section.name })),
            ]}
            value={sectionId ?? ALL}
            onChange={(value) => props.onSelectSection(value && value !== ALL ? value : null)}
            allowDeselect={false}
            leftSection={<IconFolder size={16} />}
            w={240}
          />
          <TextInput
            aria-label={`Search this ${holder}`}
            placeholder="Search text, tags and answers"
            leftSection={<IconSearch size={16} />}
            rightSection={
              typed ? <CloseButton size="sm" aria-label="Clear search" onClick={() => onType("")} /> : null
            }
            value={typed}
            maxLength={props.searchMaxLength}
            onChange={(event) => onType(event.currentTarget.value)}
            w={{ base: "100%", sm: 300 }}
          />
        </Group>
      </Group>
      <ListBody {...props} />
      {props.children}
    </Paper>
  );
}

function ListBody<Row extends StoredQuestionRow>({
  holder,
  sections,
  sectionId,
  search,
  rows,
  stale,
  failure,
  footer,
  onOpen,
}: StoredQuestionListProps<Row>) {
  if (failure && !rows) return failure;
  if (!rows) {
    return (
      <Stack gap="sm" aria-busy aria-label="Loading questions">
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} height={18} />
        ))}
      </Stack>
    );
  }
  if (rows.length === 0) {
    return (
      <EmptyState
        icon={<IconSearchOff />}
        title={search ? "No question matches this search" : "No questions here"}
        description={
          search
            ? `Nothing in ${sectionId ? "this section of " : ""}this ${holder} has "${search}" in its text or tags.`
            : `This ${holder} holds no questions in this section.`
        }
      />
    );
  }
  const sectionNames = new Map(sections.map((section) => [section.id, section.name]));
  return (
    <Stack gap="sm">
      <Table
        highlightOnHover
        verticalSpacing="sm"
        aria-label={`Questions in this ${holder}`}
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
          {rows.map((row) => (
            <Table.Tr
              key={row.digest + row.id}
              style={{ cursor: "pointer" }}
              onClick={() => onOpen(row)}
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
                <Badge variant="light" color={QUESTION_TYPES[row.type].color} radius="sm" tt="none" fw={600}>
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
      {footer}
    </Stack>
  );
}
