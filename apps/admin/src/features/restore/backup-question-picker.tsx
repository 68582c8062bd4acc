/**
 * Choosing questions of one backup to restore: its questions (all, or those matching a search of
 * their text, tags and answers), ticked one by one. The choice survives new searches and is
 * listed, each removable. Results are a passing look-up of the backup, not cached.
 */
import { useQuery } from "@apollo/client/react";
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

export interface PickedQuestion {
  id: string;
  prompt: string;
}

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
  const [typed, setTyped] = useState("");
  const [search] = useDebouncedValue(typed.trim(), 300);
  const { data, previousData, loading, error } = useQuery(BackupQuestionSearchQuery, {
    variables: { id: backupId, search: search || null, first: RESULTS },
    fetchPolicy: "no-cache",
  });
  const results = (data ?? previousData)?.backup?.questions;
  const pickedIds = new Set(picked.map((question) => question.id));
  const toggle = (question: PickedQuestion, checked: boolean) =>
    onChange(checked ? [...picked, question] : picked.filter((other) => other.id !== question.id));

  return (
    <Input.Wrapper label="Questions to restore" description="Search the backup's questions, then tick them.">
      <Stack gap="xs" mt={6}>
        <TextInput
          aria-label="Search the backup's questions"
          placeholder="Text, tags or answers"
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
            <ScrollArea.Autosize mah={260} type="auto">
              <Stack gap={0} role="group" aria-label="Questions in the backup">
                {results.edges.map(({ node }) => (
                  <Checkbox
                    key={node.id}
                    wrapperProps={{ "data-question-id": node.id }}
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
                    description={sectionNames.get(node.sectionId)}
                    styles={{ labelWrapper: { minWidth: 0, flex: 1 } }}
                  />
                ))}
                {results.edges.length === 0 && (
                  <Text size="sm" c="dimmed" p="sm">
                    No question of this backup has "{search}" in its text, tags or answers.
                  </Text>
                )}
              </Stack>
            </ScrollArea.Autosize>
            {results.totalCount > results.edges.length && (
              <Text size="xs" c="dimmed" px="sm" py={6} bg="var(--mantine-color-gray-0)">
                The first {results.edges.length} of {formatCount(results.totalCount)}; search to find others.
              </Text>
            )}
          </Paper>
        )}
        {error && (
          <Text size="sm" c="red">
            {errorMessage(error)}
          </Text>
        )}
        {picked.length > 0 && (
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
