/**
 * Editing one question: every field of `QuestionInput`, saved at once with updateQuestion.
 * Input errors from the server appear beside the field they name; anything else in an alert.
 * Keys below ADMIN see the same form, read-only, without Save.
 */
import { useMutation } from "@apollo/client/react";
import {
  Button,
  Fieldset,
  Group,
  List,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconCheck } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { ReadOnlyAlert, SaveBar, SaveProblemAlert } from "../../components/save-bar";
import { graphql } from "../../gql";
import type { QuestionEditorFieldsFragment, QuestionType } from "../../gql/graphql";
import { errorMessage, fieldIssues } from "../../lib/api-errors";
import { DIFFICULTY_LABELS, QUESTION_TYPE_OPTIONS, QUESTION_TYPES } from "../../lib/question-types";
import { type SaveProblem, sortIssues } from "../../lib/save-problem";
import { useSession } from "../../lib/session";
import { AnswersField } from "./answers-field";
import {
  duplicateAnswerErrors,
  formFieldOf,
  type QuestionFormValues,
  toFormValues,
  toQuestionInput,
} from "./question-form-values";
import { planTypeChange, type TypeChange } from "./type-change";

const SaveQuestionMutation = graphql(`
  mutation SaveQuestion($id: ID!, $input: QuestionInput!) {
    updateQuestion(id: $id, input: $input) {
      id
      ...QuestionEditorFields
      ...QuestionRow
    }
  }
`);

const DIFFICULTY_OPTIONS = Object.entries(DIFFICULTY_LABELS).map(([value, label]) => ({ value, label }));

export interface QuestionFormProps {
  question: QuestionEditorFieldsFragment;
  sections: { id: string; name: string }[];
  onClose(): void;
  /** Told whether the form differs from the saved question, so closing can warn. */
  onDirtyChange?(dirty: boolean): void;
}

export function QuestionForm({ question, sections, onClose, onDirtyChange }: QuestionFormProps) {
  const session = useSession();
  const readOnly = !session.canWriteBank;
  const form = useForm<QuestionFormValues>({
    initialValues: toFormValues(question),
    // Checked again on Save; the server accepts repeated answers, the editor does not.
    validate: (values) => duplicateAnswerErrors(values.answers),
  });
  /** A type switch that changes the answers, waiting for the user to confirm it. */
  const [pendingType, setPendingType] = useState<(TypeChange & { type: QuestionType }) | null>(null);
  // Repeated answers are marked as they are typed, and unmarked once they differ.
  const answers = form.values.answers;
  useEffect(() => {
    const duplicates = duplicateAnswerErrors(answers);
    answers.forEach((_, index) => {
      const path = `answers.${index}.text`;
      const shown = form.errors[path];
      if (duplicates[path]) {
        if (shown !== duplicates[path]) form.setFieldError(path, duplicates[path]);
      } else if (typeof shown === "string" && shown.startsWith("Same as answer")) form.clearFieldError(path);
    });
  }, [answers, form]);
  const [save, { loading: saving }] = useMutation(SaveQuestionMutation);
  const dirty = form.isDirty();
  useEffect(() => onDirtyChange?.(dirty), [dirty, onDirtyChange]);
  /** Why the last Save failed: input problems are marked on their fields, the rest explained here. */
  const [problem, setProblem] = useState<SaveProblem | null>(null);

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    const moved = values.sectionId !== question.section.id;
    try {
      const { data } = await save({
        variables: { id: question.id, input: toQuestionInput(values, question) },
        // Counts and lists of both sections change when a question moves.
        refetchQueries: moved ? ["QuestionSections", "QuestionList"] : [],
      });
      notifications.show({
        color: "green",
        icon: <IconCheck size={18} />,
        title: "Question saved",
        message: data ? `Saved as version ${data.updateQuestion.version}.` : "Saved.",
      });
    } catch (error) {
      const issues = fieldIssues(error);
      if (issues.length === 0) {
        const message = errorMessage(error);
        setProblem({ kind: "other", message });
        notifications.show({ color: "red", title: "The question was not saved", message });
        return;
      }
      const { fieldErrors, elsewhere } = sortIssues(issues, formFieldOf, (issue) =>
        capitalize(issue.message),
      );
      form.setErrors(fieldErrors);
      setProblem(
        elsewhere.length > 0
          ? {
              kind: "other",
              message: `The question was not saved: ${elsewhere.map((issue) => `${issue.field}: ${issue.message}`).join("; ")}`,
            }
          : { kind: "fields", message: "The question was not saved: fix the marked fields." },
      );
    }
  });

  const applyType = (type: QuestionType, change: TypeChange) => {
    form.clearFieldError("answers");
    form.setValues({ type, answers: change.answers });
    setPendingType(null);
  };
  /** Switches at once when the answers stay as they are; otherwise says what would happen first. */
  const changeType = (value: string | null) => {
    if (!value || value === form.values.type) return;
    const type = value as QuestionType;
    const change = planTypeChange(type, form.values.answers);
    if (change.changes.length === 0) applyType(type, change);
    else setPendingType({ ...change, type });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Question editor">
      <Stack gap="lg">
        {readOnly && <ReadOnlyAlert role={session.role} what="the bank" />}
        <Fieldset variant="unstyled" disabled={readOnly}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
              <Select
                label="Section"
                data={sections.map((section) => ({ value: section.id, label: section.name }))}
                allowDeselect={false}
                {...form.getInputProps("sectionId")}
              />
              <Select
                label="Type"
                data={QUESTION_TYPE_OPTIONS}
                allowDeselect={false}
                {...form.getInputProps("type")}
                onChange={changeType}
              />
              <Select
                label="Difficulty"
                placeholder="Not set"
                data={DIFFICULTY_OPTIONS}
                clearable
                {...form.getInputProps("difficulty")}
              />
            </SimpleGrid>
            <Textarea label="Prompt" autosize minRows={3} maxRows={12} {...form.getInputProps("prompt")} />
            <AnswersField form={form} readOnly={readOnly} />
            <Textarea
              label="Explanation"
              description="Shown to learners after they answer."
              autosize
              minRows={2}
              maxRows={10}
              {...form.getInputProps("explanation")}
            />
            <TagsInput
              label="Tags"
              placeholder={readOnly ? undefined : "Type a tag, then Enter"}
              splitChars={[","]}
              clearable={!readOnly}
              {...form.getInputProps("tags")}
            />
            <TextInput
              label="Audio file"
              description="For listening questions: the path of the recording, e.g. audio/1/00001.mp3."
              placeholder="None"
              {...form.getInputProps("audioPath")}
            />
          </Stack>
        </Fieldset>
        <Modal
          opened={pendingType !== null}
          onClose={() => setPendingType(null)}
          title={
            pendingType ? `Change the type to ${QUESTION_TYPES[pendingType.type].label.toLowerCase()}?` : ""
          }
          centered
        >
          <Stack gap="sm">
            <Text size="sm">This changes the answers:</Text>
            <List size="sm" spacing={4} aria-label="What happens to the answers">
              {pendingType?.changes.map((change) => (
                <List.Item key={change}>{change}</List.Item>
              ))}
            </List>
            <Text size="sm" c="dimmed">
              Nothing is saved until you press Save.
            </Text>
            <Group justify="flex-end" mt="xs">
              <Button variant="default" onClick={() => setPendingType(null)} data-autofocus>
                Keep {QUESTION_TYPES[form.values.type].label.toLowerCase()}
              </Button>
              <Button onClick={() => pendingType && applyType(pendingType.type, pendingType)}>
                Change the type
              </Button>
            </Group>
          </Stack>
        </Modal>
        <SaveProblemAlert problem={problem} />
        <SaveBar problem={problem} status={readOnly ? "" : dirty ? "Unsaved changes" : "No changes"}>
          <Button variant="default" onClick={onClose}>
            {readOnly ? "Close" : "Cancel"}
          </Button>
          {!readOnly && (
            <Button type="submit" loading={saving}>
              Save
            </Button>
          )}
        </SaveBar>
      </Stack>
    </form>
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
