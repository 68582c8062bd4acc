/**
 * The answer choices of the editor. How correct answers are marked follows the type: a radio
 * for the one correct answer (single choice, true/false), checkboxes for multiple choice, and
 * nothing for short answer, where every listed answer is accepted.
 */
import {
  ActionIcon,
  Box,
  Button,
  Checkbox,
  Group,
  Input,
  Radio,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { QUESTION_TYPES } from "../../lib/question-types";
import { newAnswer, type QuestionFormValues } from "./question-form-values";

/** The API accepts at most this many answers per question. */
const MAX_ANSWERS = 20;

const DESCRIPTIONS = {
  one: "Mark the one correct answer.",
  some: "Tick every correct answer.",
  all: "Every answer listed here is accepted.",
} as const;

export interface AnswersFieldProps {
  form: UseFormReturnType<QuestionFormValues>;
  readOnly: boolean;
}

export function AnswersField({ form, readOnly }: AnswersFieldProps) {
  const { type, answers } = form.values;
  const correctness = QUESTION_TYPES[type].correct;
  const error = form.errors.answers;

  const update = (next: QuestionFormValues["answers"]) => {
    form.clearFieldError("answers");
    form.setFieldValue("answers", next);
  };
  const markOnly = (index: number) =>
    update(answers.map((answer, i) => ({ ...answer, isCorrect: i === index })));
  const toggle = (index: number, isCorrect: boolean) =>
    update(answers.map((answer, i) => (i === index ? { ...answer, isCorrect } : answer)));
  const remove = (index: number) => {
    form.clearFieldError("answers");
    form.removeListItem("answers", index);
  };
  const add = () => {
    form.clearFieldError("answers");
    form.insertListItem("answers", newAnswer(correctness === "one" && answers.length === 0));
  };

  const marker = (index: number): ReactNode => {
    const answer = answers[index]!;
    const label = `Answer ${index + 1} is correct`;
    if (correctness === "one") return <Radio value={String(index)} aria-label={label} />;
    if (correctness === "some")
      return (
        <Checkbox
          aria-label={label}
          checked={answer.isCorrect}
          onChange={(event) => toggle(index, event.currentTarget.checked)}
        />
      );
    return null;
  };

  const rows = (
    <Stack gap="xs" mt="xs">
      {answers.map((answer, index) => {
        const highlighted = answer.isCorrect && correctness !== "all";
        return (
          <Group key={answer.key} gap="sm" wrap="nowrap" align="flex-start">
            {correctness !== "all" && (
              <Box pt={9} w={20}>
                {marker(index)}
              </Box>
            )}
            <TextInput
              aria-label={`Answer ${index + 1}`}
              placeholder={`Answer ${index + 1}`}
              style={{ flex: 1 }}
              styles={highlighted ? { input: { borderColor: "var(--mantine-color-green-6)" } } : undefined}
              rightSection={
                highlighted ? (
                  <Text size="xs" c="green" fw={600} pr="xs">
                    correct
                  </Text>
                ) : null
              }
              rightSectionWidth={highlighted ? 64 : undefined}
              {...form.getInputProps(`answers.${index}.text`)}
            />
            {!readOnly && (
              <Tooltip label="Remove this answer">
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  size="lg"
                  mt={1}
                  aria-label={`Remove answer ${index + 1}`}
                  onClick={() => remove(index)}
                >
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        );
      })}
      {answers.length === 0 && (
        <Text size="sm" c="dimmed">
          No answers yet.
        </Text>
      )}
      {!readOnly && (
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={add}
            disabled={answers.length >= MAX_ANSWERS}
          >
            Add answer
          </Button>
        </Group>
      )}
    </Stack>
  );

  if (correctness === "one") {
    return (
      <Radio.Group
        label="Answers"
        description={DESCRIPTIONS.one}
        error={error}
        value={String(answers.findIndex((answer) => answer.isCorrect))}
        onChange={(value) => markOnly(Number(value))}
      >
        {rows}
      </Radio.Group>
    );
  }
  return (
    <Input.Wrapper
      label="Answers"
      description={DESCRIPTIONS[correctness]}
      error={error}
      role="group"
      aria-label="Answers"
    >
      {rows}
    </Input.Wrapper>
  );
}
