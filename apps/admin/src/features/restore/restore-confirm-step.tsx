/**
 * Step 3 of the restore wizard: what is about to happen, in words, and the button that starts
 * it. Replacing everything asks the user to type "everything" first. The started job's page
 * (/restores/:jobId) follows it from there, and survives a reload; a reload before the server
 * answered is caught by the note `pending-restore.ts` keeps.
 */
import { useMutation } from "@apollo/client/react";
import { Alert, Button, DataList, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { IconAlertTriangle, IconArrowLeft, IconPlayerPlay, IconShieldCheck } from "@tabler/icons-react";
import { useState } from "react";
import { DetailItem } from "../../components/backup-overview";
import { RestoreErrorAlert } from "../../components/restore-error-alert";
import { graphql } from "../../gql";
import type { RestoreInput } from "../../gql/graphql";
import { errorCode } from "../../lib/api-errors";
import { formatCount, formatDateTime } from "../../lib/format";
import { countOf } from "../../lib/plural";
import { forgetPendingRestore, notePendingRestore } from "./pending-restore";
import { RESTORE_MODES } from "./restore-labels";
import type { PlanSummary } from "./restore-plan-step";

const StartRestoreMutation = graphql(`
  mutation StartRestore($input: RestoreInput!) {
    startRestore(input: $input) {
      id
      ...JobProgress
    }
  }
`);

/** The word a full Replace must be confirmed with. */
export const FULL_REPLACE_WORD = "everything";

export interface RestoreConfirmStepProps {
  input: RestoreInput;
  plan: PlanSummary;
  backupCreatedAt: string;
  /** "3 sections: Grammar, …" or "2 questions", for the summary. */
  scopeText: string;
  onBack(): void;
  onStarted(jobId: string): void;
}

export function RestoreConfirmStep({
  input,
  plan,
  backupCreatedAt,
  scopeText,
  onBack,
  onStarted,
}: RestoreConfirmStepProps) {
  const [start, { loading, error }] = useMutation(StartRestoreMutation);
  const [typed, setTyped] = useState("");
  const needsWord = input.scope === "FULL" && input.mode === "REPLACE";
  const confirmed = !needsWord || typed.trim().toLowerCase() === FULL_REPLACE_WORD;

  const submit = async () => {
    // Noted first: a reload before the answer comes finds the restore by this note.
    notePendingRestore(input);
    try {
      const { data } = await start({ variables: { input } });
      forgetPendingRestore();
      if (data) onStarted(data.startRestore.id);
    } catch (error) {
      // Shown below from the mutation's error. A refusal by the server started nothing; without
      // an answer (a reload aborts the request) the note stays, for the reloaded page to follow.
      if (errorCode(error) !== "NETWORK") forgetPendingRestore();
    }
  };

  return (
    <Stack gap="lg" maw={760}>
      <Paper withBorder radius="md" p="md">
        <DataList withDivider labelWidth={150} aria-label="The restore">
          <DetailItem small label="From">
            the backup of {formatDateTime(backupCreatedAt)}
          </DetailItem>
          <DetailItem small label="What">
            {scopeText}
          </DetailItem>
          <DetailItem small label="How">
            <Text span fw={600} inherit>
              {RESTORE_MODES[input.mode ?? "REPLACE"].label}.
            </Text>{" "}
            {RESTORE_MODES[input.mode ?? "REPLACE"].description}
          </DetailItem>
          <DetailItem small label="Changes">
            adds {formatCount(plan.added)}, changes {formatCount(plan.changed)}, deletes{" "}
            {formatCount(plan.deleted)}; {formatCount(plan.unchanged)} stay as they are
          </DetailItem>
        </DataList>
      </Paper>

      <Alert color="blue" icon={<IconShieldCheck size={18} />} title="Safe to undo">
        Before writing anything, qvault backs up what this restore touches (a safety backup). The restore is
        written in one transaction, all of it or nothing, and checked afterwards. Its result page offers “Undo
        this restore”.
      </Alert>

      {plan.deleted > 0 && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />}>
          {countOf(plan.deleted, "item")} the backup does not hold will be deleted.
        </Alert>
      )}

      {needsWord && (
        <TextInput
          label={`Type “${FULL_REPLACE_WORD}” to confirm`}
          description="This makes the whole bank exactly as in the backup: every section and question it lacks is deleted."
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          maw={420}
          data-autofocus
        />
      )}

      {error && <RestoreErrorAlert error={error} title="The restore did not start" />}

      <Group justify="space-between">
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
          Back
        </Button>
        <Button
          color={plan.deleted > 0 ? "red" : undefined}
          leftSection={<IconPlayerPlay size={16} />}
          disabled={!confirmed}
          loading={loading}
          onClick={() => void submit()}
        >
          Restore now
        </Button>
      </Group>
    </Stack>
  );
}
