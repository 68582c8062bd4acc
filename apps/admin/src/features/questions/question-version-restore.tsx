/**
 * "Restore this version" of a question: a dialog that first shows what restoring it from that
 * backup would change (the restore plan of this one question, side by side), then starts the
 * restore (QUESTIONS scope, REPLACE) and follows it with the shared restore progress, result and
 * undo. A finished restore refreshes the cached bank, so the editor behind shows the question as
 * restored; `onRestored` lets the history list ask again.
 */
import { skipToken, useMutation, useQuery } from "@apollo/client/react";
import { Alert, Anchor, Button, Group, List, Modal, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconExternalLink, IconRestore } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { RestoreChangeDiff } from "../../components/restore-change-diff";
import { RestoreErrorAlert } from "../../components/restore-error-alert";
import { RestoreJob } from "../../components/restore-job";
import { graphql } from "../../gql";
import type { RestoreInput } from "../../gql/graphql";
import { errorMessage } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/format";

const QuestionVersionPlanQuery = graphql(`
  query QuestionVersionPlan($input: RestoreInput!) {
    restorePlan(input: $input) {
      added
      changed
      deleted
      validation {
        ok
        errors {
          message
        }
        warnings {
          message
        }
      }
      items(first: 10) {
        edges {
          node {
            ...RestoreChangeDiff
          }
        }
      }
    }
  }
`);

const RestoreQuestionVersionMutation = graphql(`
  mutation RestoreQuestionVersion($input: RestoreInput!) {
    startRestore(input: $input) {
      id
      ...JobProgress
    }
  }
`);

export interface QuestionVersionRestoreProps {
  questionId: string;
  /** The version to restore; null closes the dialog. */
  version: { backupId: string; createdAt: string } | null;
  sectionNames: ReadonlyMap<string, string>;
  dirty: boolean;
  onClose(): void;
  onRestored(): void;
}

export function QuestionVersionRestore({
  questionId,
  version,
  sectionNames,
  dirty,
  onClose,
  onRestored,
}: QuestionVersionRestoreProps) {
  const [jobId, setJobId] = useState<string | null>(null);
  // Keep the last version while the dialog fades out.
  const [shown, setShown] = useState(version);
  if (version && version !== shown) setShown(version);
  const close = () => {
    setJobId(null);
    onClose();
  };
  return (
    <Modal
      opened={version !== null}
      onClose={close}
      size="xl"
      title={
        <Text fw={650}>
          {jobId ? "Restoring the version" : "Restore the version"}
          {shown ? ` of ${formatDateTime(shown.createdAt)}` : ""}
          {jobId ? "" : "?"}
        </Text>
      }
      closeButtonProps={{ "aria-label": "Close" }}
    >
      {shown &&
        (jobId ? (
          <Stack gap="md">
            <RestoreJob
              key={jobId}
              jobId={jobId}
              onFinished={(job) => {
                if (job.status === "SUCCEEDED") onRestored();
              }}
              onUndoStarted={setJobId}
            />
            <Group justify="space-between">
              <Anchor component={Link} to={`/restores/${jobId}`} size="sm">
                <Group gap={4}>
                  Open on its own page <IconExternalLink size={14} />
                </Group>
              </Anchor>
              <Button variant="default" onClick={close}>
                Close
              </Button>
            </Group>
          </Stack>
        ) : (
          <ConfirmVersion
            input={{
              backupId: shown.backupId,
              scope: "QUESTIONS",
              questionIds: [questionId],
              mode: "REPLACE",
            }}
            sectionNames={sectionNames}
            dirty={dirty}
            onCancel={close}
            onStarted={setJobId}
            skip={version === null}
          />
        ))}
    </Modal>
  );
}

interface ConfirmVersionProps {
  input: RestoreInput;
  sectionNames: ReadonlyMap<string, string>;
  dirty: boolean;
  skip: boolean;
  onCancel(): void;
  onStarted(jobId: string): void;
}

function ConfirmVersion({ input, sectionNames, dirty, skip, onCancel, onStarted }: ConfirmVersionProps) {
  const { data, error, refetch } = useQuery(
    QuestionVersionPlanQuery,
    skip ? skipToken : { variables: { input }, fetchPolicy: "no-cache" },
  );
  const [start, { loading, error: startError }] = useMutation(RestoreQuestionVersionMutation);
  const plan = data?.restorePlan;
  const changes = plan ? plan.added + plan.changed + plan.deleted > 0 : false;
  const items = plan?.items.edges.map((edge) => edge.node).filter((item) => item.kind !== "UNCHANGED") ?? [];

  const submit = async () => {
    try {
      const { data: started } = await start({ variables: { input } });
      if (started) onStarted(started.startRestore.id);
    } catch {
      // Shown below from the mutation's error.
    }
  };

  return (
    <Stack gap="md">
      <Text size="sm">
        The question goes back to how this backup holds it. qvault backs it up as it is now first, so the
        result offers “Undo this restore”.
      </Text>
      {dirty && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
          The editor has unsaved changes; the restored version replaces them.
        </Alert>
      )}
      {!plan ? (
        error ? (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Cannot preview this restore">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{errorMessage(error)}</Text>
              <Button size="xs" variant="default" onClick={() => void refetch()}>
                Try again
              </Button>
            </Stack>
          </Alert>
        ) : (
          <Skeleton height={160} aria-label="Previewing the restore" />
        )
      ) : (
        <>
          {items.map((item) => (
            <RestoreChangeDiff key={`${item.entity}:${item.id}`} item={item} sectionNames={sectionNames} />
          ))}
          {!changes && (
            <Text size="sm" c="dimmed">
              Nothing to restore: the question is already as this version holds it.
            </Text>
          )}
          {[...plan.validation.errors, ...plan.validation.warnings].length > 0 && (
            <Alert
              color={plan.validation.ok ? "yellow" : "red"}
              icon={<IconAlertTriangle size={18} />}
              title={plan.validation.ok ? "Warnings" : "This version cannot be restored"}
            >
              <List size="sm" spacing={2}>
                {[...plan.validation.errors, ...plan.validation.warnings].map((issue, index) => (
                  <List.Item key={index}>{issue.message}</List.Item>
                ))}
              </List>
            </Alert>
          )}
        </>
      )}
      {startError && <RestoreErrorAlert error={startError} title="The restore did not start" />}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <Button
          leftSection={<IconRestore size={16} />}
          disabled={!plan || !changes || !plan.validation.ok}
          loading={loading}
          onClick={() => void submit()}
        >
          Restore this version
        </Button>
      </Group>
    </Stack>
  );
}
