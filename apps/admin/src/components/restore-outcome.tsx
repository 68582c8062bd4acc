/**
 * How a restore ended: for a success its message, what it added, changed and deleted, its
 * warnings, the backup it restored and the safety backup taken just before, and "Undo this
 * restore" (ADMIN) which restores that safety backup; for a failure, why, and that the bank was
 * left as it was (a restore writes in one transaction).
 */
import { useMutation } from "@apollo/client/react";
import { Alert, Anchor, Badge, Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconArrowBackUp, IconCircleCheck } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { graphql } from "../gql";
import type { RestoreJobOutcomeFragment } from "../gql/graphql";
import { errorWords } from "../lib/error-words";
import { formatCount, formatDateTime } from "../lib/format";
import { jobMessage } from "../lib/job-message";
import { useSession } from "../lib/session";
import { CopyValue } from "./copy-value";
import { RestoreErrorAlert } from "./restore-error-alert";

graphql(`
  fragment RestoreJobOutcome on Job {
    id
    status
    message
    error {
      code
      message
    }
    report
    backup {
      id
      createdAt
    }
    safetyBackup {
      id
      createdAt
    }
  }
`);

const UndoRestoreMutation = graphql(`
  mutation UndoRestore($jobId: ID!) {
    undoRestore(jobId: $jobId) {
      id
      ...JobProgress
    }
  }
`);

const COUNTS = [
  { kind: "ADDED", label: "added", color: "green" },
  { kind: "CHANGED", label: "changed", color: "blue" },
  { kind: "DELETED", label: "deleted", color: "red" },
  { kind: "UNCHANGED", label: "unchanged", color: "gray" },
] as const;

interface RestoreReport {
  counts: Partial<Record<(typeof COUNTS)[number]["kind"], number>> | null;
  warnings: { message: string; entity?: string; id?: string }[];
}

/** The parts of a RESTORE job's `report` this page shows; anything unexpected is left out. */
function readReport(report: unknown): RestoreReport {
  const value = (report ?? {}) as { counts?: unknown; warnings?: unknown };
  const counts =
    value.counts && typeof value.counts === "object" ? (value.counts as RestoreReport["counts"]) : null;
  const warnings = Array.isArray(value.warnings)
    ? value.warnings.filter(
        (warning): warning is RestoreReport["warnings"][number] => typeof warning?.message === "string",
      )
    : [];
  return { counts, warnings };
}

export interface RestoreOutcomeProps {
  job: RestoreJobOutcomeFragment;
  /** Told the undo's job id once the server accepted it. */
  onUndoStarted(jobId: string): void;
}

export function RestoreOutcome({ job, onUndoStarted }: RestoreOutcomeProps) {
  if (job.status === "SUCCEEDED") return <Succeeded job={job} onUndoStarted={onUndoStarted} />;
  const failed = job.status === "FAILED" || job.status === "INTERRUPTED";
  return (
    <Alert
      color={failed ? "red" : "gray"}
      icon={<IconAlertTriangle size={18} />}
      role="alert"
      title={
        job.status === "CANCELLED"
          ? "Restore cancelled"
          : job.status === "INTERRUPTED"
            ? "Restore interrupted"
            : "The restore failed"
      }
    >
      <Stack gap={4}>
        {job.error && (
          <Group gap={4} wrap="nowrap" align="flex-start">
            <Text size="sm">
              {errorWords(job.error.code)}: {job.error.message}
            </Text>
            <CopyValue what="error code" value={job.error.code} />
          </Group>
        )}
        <Text size="sm">
          Nothing was changed: a restore writes the bank in one transaction, all of it or none.
        </Text>
      </Stack>
    </Alert>
  );
}

function Succeeded({ job, onUndoStarted }: RestoreOutcomeProps) {
  const session = useSession();
  const report = readReport(job.report);
  const [confirming, setConfirming] = useState(false);
  const [undo, { loading, error, reset }] = useMutation(UndoRestoreMutation);

  const startUndo = async () => {
    try {
      const { data } = await undo({ variables: { jobId: job.id } });
      setConfirming(false);
      if (data) onUndoStarted(data.undoRestore.id);
    } catch {
      // Shown in the dialog from the mutation's error.
    }
  };

  return (
    <Stack gap="sm">
      <Alert color="green" icon={<IconCircleCheck size={18} />} role="status" title="Restore finished">
        <Stack gap={6}>
          <Text size="sm">{jobMessage(job)}</Text>
          {report.counts && (
            <Group gap={6} aria-label="What the restore did">
              {COUNTS.map(({ kind, label, color }) => (
                <Badge key={kind} variant="light" color={color} radius="sm" tt="none" data-count={kind}>
                  {formatCount(report.counts?.[kind] ?? 0)} {label}
                </Badge>
              ))}
            </Group>
          )}
          {(job.backup || job.safetyBackup) && (
            <Stack gap={2} mt={2}>
              {job.backup && (
                <Text size="sm">
                  Restored:{" "}
                  <Anchor component={Link} to={`/backups/${job.backup.id}`} size="sm">
                    backup of {formatDateTime(job.backup.createdAt)}
                  </Anchor>
                </Text>
              )}
              {job.safetyBackup && (
                <Text size="sm">
                  Safety backup, taken just before:{" "}
                  <Anchor component={Link} to={`/backups/${job.safetyBackup.id}`} size="sm">
                    {formatDateTime(job.safetyBackup.createdAt)}
                  </Anchor>
                </Text>
              )}
            </Stack>
          )}
        </Stack>
      </Alert>
      {report.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Warnings">
          <List size="sm" spacing={2}>
            {report.warnings.map((warning, index) => (
              <List.Item key={`${warning.id ?? ""}-${index}`}>{warning.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {session.canWriteBank && job.safetyBackup && (
        <Group>
          <Button
            variant="default"
            leftSection={<IconArrowBackUp size={16} />}
            onClick={() => {
              reset();
              setConfirming(true);
            }}
          >
            Undo this restore
          </Button>
        </Group>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Undo this restore?" centered>
        <Stack gap="md">
          <Text size="sm">
            The same scope goes back to how the safety backup
            {job.safetyBackup ? ` of ${formatDateTime(job.safetyBackup.createdAt)}` : ""} holds it, as it was
            just before this restore. Changes made since then in that scope are undone too.
          </Text>
          <Text size="sm" c="dimmed">
            The undo is a restore itself: the bank is backed up first, so it can be undone as well.
          </Text>
          {error && <RestoreErrorAlert error={error} title="The undo did not start" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              Keep the restore
            </Button>
            <Button color="orange" loading={loading} onClick={() => void startUndo()}>
              Undo the restore
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
