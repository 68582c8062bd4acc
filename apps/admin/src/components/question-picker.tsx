/**
 * Choosing questions by searching for them: a search box, the matching questions to tick, and the
 * chosen ones listed, each removable. The choice survives new searches. The picker does not fetch:
 * its caller searches with `useQuestionSearchText`'s debounced text and passes the results in, so
 * the same picker serves the live bank and a backup.
 */
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
import { errorMessage } from "../lib/api-errors";
import { countOf } from "../lib/plural";

export interface PickedQuestion {
  id: string;
  prompt: string;
}

/** A question found by a search, with what is shown under its prompt (usually its section). */
export interface FoundQuestion extends PickedQuestion {
  description?: string;
}

/** The text typed in a picker's search box, and the same text trimmed and debounced for searching. */
export interface QuestionSearchText {
  typed: string;
  setTyped(typed: string): void;
  /** What to search for: `typed` trimmed, 300 ms after the last keystroke. */
  search: string;
}

export function useQuestionSearchText(): QuestionSearchText {
  const [typed, setTyped] = useState("");
  const [search] = useDebouncedValue(typed.trim(), 300);
  return { typed, setTyped, search };
}

export interface QuestionPickerLabels {
  /** Label of the whole field. */
  label: string;
  description: string;
  /** Accessible name of the search box. */
  search: string;
  placeholder: string;
  /** Accessible name of the group of matching questions. */
  results: string;
  /** Shown when the search finds nothing. */
  noMatch: string;
  /** Shown under the results when there are more than were listed. */
  more(listed: number, total: number): string;
  /** Shown when nothing is chosen; nothing is shown when omitted. */
  noneChosen?: string;
}

export interface QuestionPickerProps {
  text: QuestionSearchText;
  /** The questions found for `text.search`; the list is hidden while undefined. */
  results: { totalCount: number; questions: FoundQuestion[] } | undefined;
  loading: boolean;
  searchError?: unknown;
  labels: QuestionPickerLabels;
  /** Greatest height of the list of matching questions, in pixels. */
  resultsHeight: number;
  picked: PickedQuestion[];
  onChange(picked: PickedQuestion[]): void;
  required?: boolean;
  error?: string | null;
}

export function QuestionPicker({
  text,
  results,
  loading,
  searchError,
  labels,
  resultsHeight,
  picked,
  onChange,
  required,
  error,
}: QuestionPickerProps) {
  const pickedIds = new Set(picked.map((question) => question.id));
  const toggle = (question: PickedQuestion, checked: boolean) =>
    onChange(checked ? [...picked, question] : picked.filter((other) => other.id !== question.id));

  return (
    <Input.Wrapper label={labels.label} description={labels.description} error={error} required={required}>
      <Stack gap="xs" mt={6}>
        <TextInput
          aria-label={labels.search}
          placeholder={labels.placeholder}
          leftSection={<IconSearch size={16} />}
          rightSection={
            loading ? (
              <Loader size={14} />
            ) : text.typed ? (
              <CloseButton size="sm" aria-label="Clear the search" onClick={() => text.setTyped("")} />
            ) : null
          }
          value={text.typed}
          onChange={(event) => text.setTyped(event.currentTarget.value)}
        />
        {results && (
          <Paper withBorder radius="sm">
            <ScrollArea.Autosize mah={resultsHeight} type="auto">
              <Stack gap={0} role="group" aria-label={labels.results}>
                {results.questions.map((question) => (
                  <Checkbox
                    key={question.id}
                    wrapperProps={{ "data-question-id": question.id }}
                    px="sm"
                    py={6}
                    checked={pickedIds.has(question.id)}
                    onChange={(event) =>
                      toggle({ id: question.id, prompt: question.prompt }, event.currentTarget.checked)
                    }
                    label={
                      <Text size="sm" lineClamp={1}>
                        {question.prompt}
                      </Text>
                    }
                    description={question.description}
                    styles={{ labelWrapper: { minWidth: 0, flex: 1 } }}
                  />
                ))}
                {results.questions.length === 0 && (
                  <Text size="sm" c="dimmed" p="sm">
                    {labels.noMatch}
                  </Text>
                )}
              </Stack>
            </ScrollArea.Autosize>
            {results.totalCount > results.questions.length && (
              <Text size="xs" c="dimmed" px="sm" py={6} bg="var(--qvault-color-surface)">
                {labels.more(results.questions.length, results.totalCount)}
              </Text>
            )}
          </Paper>
        )}
        {searchError ? (
          <Text size="sm" c="red">
            {errorMessage(searchError)}
          </Text>
        ) : null}
        {picked.length === 0 ? (
          labels.noneChosen && (
            <Text size="sm" c="dimmed">
              {labels.noneChosen}
            </Text>
          )
        ) : (
          <Paper withBorder radius="sm" bg="var(--mantine-color-blue-light)">
            <Group justify="space-between" px="sm" pt={6}>
              <Text size="sm" fw={600}>
                {countOf(picked.length, "question")} chosen
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
