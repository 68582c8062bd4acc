/**
 * Editing one question: every field of `QuestionInput`, saved at once with updateQuestion.
 * Input errors from the server appear beside the field they name; anything else in an alert.
 * Keys below ADMIN see the same form, read-only, without Save.
 */
import { useMutation } from "@apollo/client/react";
import { Button, Fieldset, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconCheck } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { ReadOnlyAlert, SaveBar, SaveProblemAlert } from "../../components/save-bar";
import { graphql } from "../../gql";
import type { QuestionEditorFieldsFragment, QuestionType } from "../../gql/graphql";
import { errorMessage, fieldIssues } from "../../lib/api-errors";
import { DIFFICULTY_LABELS, QUESTION_TYPE_OPTIONS } from "../../lib/question-types";
import { type SaveProblem, sortIssues } from "../../lib/save-problem";
import { useSession } from "../../lib/session";
import { AnswersField } from "./answers-field";
import {
  answersForType,
  formFieldOf,
  type QuestionFormValues,
  toFormValues,
  toQuestionInput,
} from "./question-form-values";

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
  const form = useForm<QuestionFormValues>({ initialValues: toFormValues(question) });
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

  const changeType = (value: string | null) => {
    if (!value) return;
    const type = value as QuestionType;
    form.clearFieldError("answers");
    form.setValues({ type, answers: answersForType(type, form.values.answers) });
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
