/**
 * "Back up now": what to back up (everything, chosen sections, or chosen questions) and a note.
 * Submitting starts a BACKUP job and hands it to the page, which shows its live progress; the
 * modal closes at once, since the job runs on the server whatever the browser does.
 */
import { useMutation } from "@apollo/client/react";
import {
  Alert,
  Button,
  Group,
  Modal,
  MultiSelect,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import type { PickedQuestion } from "../../components/question-picker";
import { graphql } from "../../gql";
import type { BackupScope, StartedBackupFragment } from "../../gql/graphql";
import { errorMessage, fieldIssues } from "../../lib/api-errors";
import { BACKUP_SCOPES } from "../../lib/backup-labels";
import { countOf } from "../../lib/plural";
import { QuestionPicker } from "./question-picker";
import { useSectionChoices } from "./use-section-choices";

const NOTE_LIMIT = 1000;

const StartBackupMutation = graphql(`
  mutation StartBackup($input: BackupInput!) {
    startBackup(input: $input) {
      id
      ...StartedBackup
    }
  }
`);

graphql(`
  fragment StartedBackup on Job {
    id
    kind
    createdAt
    ...JobProgress
  }
`);

const SCOPE_HINTS: Record<BackupScope, string> = {
  FULL: "Every section and question of the bank. Only what changed since the last backup is stored again.",
  SECTIONS: "The chosen sections, each with all its questions.",
  QUESTIONS: "Only the chosen questions, for example before editing them in bulk.",
};

/** What the page shows above the progress bar: "Everything", "2 sections", "3 questions". */
export interface StartedBackup {
  job: StartedBackupFragment;
  what: string;
  note: string | null;
}

export interface BackUpNowModalProps {
  opened: boolean;
  onClose(): void;
  onStarted(started: StartedBackup): void;
}

type FieldErrors = Partial<Record<"sectionIds" | "questionIds" | "note", string>>;

export function BackUpNowModal({ opened, onClose, onStarted }: BackUpNowModalProps) {
  const { choices } = useSectionChoices();
  // Three choices side by side do not fit a phone: stack them there.
  const narrow = useMediaQuery("(max-width: 36em)");
  const [scope, setScope] = useState<BackupScope>("FULL");
  const [sectionIds, setSectionIds] = useState<string[]>([]);
  const [questions, setQuestions] = useState<PickedQuestion[]>([]);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [start, { loading }] = useMutation(StartBackupMutation);

  const reset = () => {
    setScope("FULL");
    setSectionIds([]);
    setQuestions([]);
    setNote("");
    setErrors({});
    setProblem(null);
  };

  const describe = (): string => {
    if (scope === "SECTIONS") return countOf(sectionIds.length, "section");
    if (scope === "QUESTIONS") return countOf(questions.length, "question");
    return "Everything";
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const missing: FieldErrors = {};
    if (scope === "SECTIONS" && sectionIds.length === 0) missing.sectionIds = "Choose at least one section";
    if (scope === "QUESTIONS" && questions.length === 0) missing.questionIds = "Choose at least one question";
    setErrors(missing);
    if (Object.keys(missing).length > 0) return;
    const trimmed = note.trim();
    try {
      const { data } = await start({
        variables: {
          input: {
            scope,
            sectionIds: scope === "SECTIONS" ? sectionIds : null,
            questionIds: scope === "QUESTIONS" ? questions.map((question) => question.id) : null,
            note: trimmed || null,
          },
        },
      });
      if (!data) throw new Error("The server did not say which job it started");
      onStarted({ job: data.startBackup, what: describe(), note: trimmed || null });
      reset();
      onClose();
    } catch (error) {
      const issues = fieldIssues(error);
      const onFields: FieldErrors = {};
      for (const issue of issues) {
        const field = issue.field.split(".")[0];
        if (field === "sectionIds" || field === "questionIds" || field === "note")
          onFields[field] = issue.message;
      }
      setErrors(onFields);
      if (Object.keys(onFields).length === 0) setProblem(errorMessage(error));
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Back up now" size="lg" centered>
      <form onSubmit={submit} noValidate aria-label="Back up now">
        <Stack gap="md">
          <Stack gap={6}>
            <Text size="sm" fw={500} id="backup-scope-label">
              What to back up
            </Text>
            <SegmentedControl
              aria-labelledby="backup-scope-label"
              fullWidth
              orientation={narrow ? "vertical" : "horizontal"}
              value={scope}
              onChange={(value) => {
                setScope(value as BackupScope);
                setErrors({});
              }}
              data={[
                { value: "FULL", label: BACKUP_SCOPES.FULL },
                { value: "SECTIONS", label: BACKUP_SCOPES.SECTIONS },
                { value: "QUESTIONS", label: BACKUP_SCOPES.QUESTIONS },
              ]}
            />
            <Text size="xs" c="dimmed">
              {SCOPE_HINTS[scope]}
            </Text>
          </Stack>
          {scope === "SECTIONS" && (
            <MultiSelect
              label="Sections"
              placeholder={sectionIds.length ? undefined : "Choose sections"}
              data={choices}
              value={sectionIds}
              onChange={(value) => {
                setSectionIds(value);
                setErrors({});
              }}
              searchable
              clearable
              hidePickedOptions
              nothingFoundMessage="No section has that name"
              error={errors.sectionIds}
              required
              comboboxProps={{ withinPortal: true }}
            />
          )}
          {scope === "QUESTIONS" && (
            <QuestionPicker
              picked={questions}
              onChange={(value) => {
                setQuestions(value);
                setErrors({});
              }}
              error={errors.questionIds}
            />
          )}
          <Textarea
            label="Note"
            description="Optional: why this backup, e.g. “before the spring edit”."
            autosize
            minRows={2}
            maxRows={5}
            maxLength={NOTE_LIMIT}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            error={errors.note}
          />
          {problem && (
            <Alert
              color="red"
              icon={<IconAlertTriangle size={18} />}
              role="alert"
              title="The backup did not start"
            >
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={loading}>
              Start backup
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
