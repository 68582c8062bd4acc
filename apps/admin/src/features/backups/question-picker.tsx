/**
 * Choosing questions for a backup: search the live bank by prompt or tags, tick the ones to
 * include. The choice survives new searches; the chosen questions are listed, each removable.
 * Results are not cached: they are a passing look-up, and must not mix with the bank's lists.
 */
import { skipToken, useQuery } from "@apollo/client/react";
import {
  Button,
  Checkbox,
  CloseButton,
  Group,
  Input,
  Loader,
  Paper,
  ScrollArea,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { graphql } from "../../gql";
import { errorMessage } from "../../lib/api-errors";
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

export interface PickedQuestion {
  id: string;
  prompt: string;
}

export interface QuestionPickerProps {
  picked: PickedQuestion[];
  onChange(picked: PickedQuestion[]): void;
  error?: string | null;
}

export function QuestionPicker({ picked, onChange, error }: QuestionPickerProps) {
  const [typed, setTyped] = useState("");
  const [search] = useDebouncedValue(typed.trim(), 300);
  const {
    data,
    previousData,
    loading,
    error: searchError,
  } = useQuery(
    QuestionSearchQuery,
    search ? { variables: { search, first: RESULTS }, fetchPolicy: "no-cache" } : skipToken,
  );
  const results = search ? (data ?? previousData)?.questions : undefined;
  const pickedIds = new Set(picked.map((question) => question.id));

  const toggle = (question: PickedQuestion, checked: boolean) =>
    onChange(checked ? [...picked, question] : picked.filter((other) => other.id !== question.id));

  return (
    <Input.Wrapper
      label="Questions"
      description="Search prompts and tags, then tick the questions to back up."
      error={error}
      required
    >
      <Stack gap="xs" mt={6}>
        <TextInput
          aria-label="Find questions"
          placeholder="e.g. meticulous"
          leftSection={<IconSearch size={16} />}
          rightSection={
            loading ? (
              <Loader size={14} />
            ) : typed ? (
              <CloseButton size="sm" aria-label="Clear the search" onClick={() => setTyped("")} />
            ) : null
          }
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
        />
        {results && (
          <Paper withBorder radius="sm">
            <ScrollArea.Autosize mah={220} type="auto">
              <Stack gap={0} role="group" aria-label="Matching questions">
                {results.edges.map(({ node }) => (
                  <Checkbox
                    key={node.id}
                    px="sm"
                    py={6}
                    checked={pickedIds.has(node.id)}
                    onChange={(event) =>
                      toggle({ id: node.id, prompt: node.prompt }, event.currentTarget.checked)
                    }
                    label={
                      <Text size="sm" lineClamp={1}>
                        {node.prompt}
                      </Text>
                    }
                    description={node.section.name}
                    styles={{ labelWrapper: { minWidth: 0, flex: 1 } }}
                  />
                ))}
                {results.edges.length === 0 && (
                  <Text size="sm" c="dimmed" p="sm">
                    No question has "{search}" in its prompt or tags.
                  </Text>
                )}
              </Stack>
            </ScrollArea.Autosize>
            {results.totalCount > results.edges.length && (
              <Text size="xs" c="dimmed" px="sm" py={6} bg="var(--mantine-color-gray-0)">
                The first {results.edges.length} of {formatCount(results.totalCount)} matches; search more
                precisely to find others.
              </Text>
            )}
          </Paper>
        )}
        {searchError && (
          <Text size="sm" c="red">
            {errorMessage(searchError)}
          </Text>
        )}
        {picked.length === 0 ? (
          <Text size="sm" c="dimmed">
            No question chosen yet.
          </Text>
        ) : (
          <Paper withBorder radius="sm" bg="var(--mantine-color-blue-light)">
            <Group justify="space-between" px="sm" pt={6}>
              <Text size="sm" fw={600}>
                {picked.length} question{picked.length === 1 ? "" : "s"} chosen
              </Text>
              <Button variant="subtle" size="compact-xs" color="gray" onClick={() => onChange([])}>
                Clear all
              </Button>
            </Group>
            <ScrollArea.Autosize mah={130} type="auto">
              <Stack gap={0} px="sm" pb={6} role="list" aria-label="Chosen questions">
                {picked.map((question) => (
                  <Group key={question.id} gap="xs" wrap="nowrap" role="listitem">
                    <Text size="sm" truncate style={{ flex: 1 }} title={question.prompt}>
                      {question.prompt}
                    </Text>
                    <CloseButton
                      size="sm"
                      aria-label={`Remove "${question.prompt}"`}
                      onClick={() => toggle(question, false)}
                    />
                  </Group>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Paper>
        )}
      </Stack>
    </Input.Wrapper>
  );
}
