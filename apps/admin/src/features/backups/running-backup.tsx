/**
 * A backup started from this page, watched live: `jobProgress` sends the job's state at once,
 * then every update, and completes after the final one, so nothing is polled. When the backup
 * is written it goes on top of the history (the `backupCreated` subscription may have put it
 * there already; adding it twice is a no-op), and a notice in the card says how it ended.
 */
import { useSubscription } from "@apollo/client/react";
import { Alert, Button, CloseButton, Group, Paper, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconPlugConnectedX } from "@tabler/icons-react";
import { useEffect, useRef } from "react";
import { Link } from "react-router";
import { CancelJobButton } from "../../components/cancel-job-button";
import { isFinished, JobProgress } from "../../components/job-progress";
import { JobStatusBadge } from "../../components/job-status-badge";
import { graphql } from "../../gql";
import type { BackupRowFragment } from "../../gql/graphql";
import { errorMessage } from "../../lib/api-errors";
import { errorWords } from "../../lib/error-words";
import { formatBytes, formatCount, formatDuration } from "../../lib/format";
import { countOf } from "../../lib/plural";
import type { StartedBackup } from "./back-up-now-modal";
import { addToHistory, type HistoryFilter } from "./backup-history";

const RunningBackupSubscription = graphql(`
  subscription RunningBackup($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      id
      ...JobProgress
      message
      error {
        code
        message
      }
      backup {
        id
        ...BackupRow
      }
    }
  }
`);

function outcome(backup: BackupRowFragment): string {
  return (
    `Backed up ${countOf(backup.questionCount, "question")} in ${countOf(backup.sectionCount, "section")}: ${formatCount(backup.changedCount)} new or changed, ` +
    `${formatBytes(backup.addedBytes)} added, in ${formatDuration(backup.durationMs)}.`
  );
}

export interface RunningBackupProps {
  started: StartedBackup;
  /** The history list on show, which the new backup joins. */
  filter: HistoryFilter;
  onDismiss(): void;
  /** Once, when the backup has ended (however it ended). */
  onFinished(): void;
}

export function RunningBackup({ started, filter, onDismiss, onFinished }: RunningBackupProps) {
  const { data, error } = useSubscription(RunningBackupSubscription, {
    variables: { jobId: started.job.id },
    onData: ({ client, data: update }) => {
      const job = update.data?.jobProgress;
      if (job?.status === "SUCCEEDED" && job.backup) addToHistory(client.cache, filter, job.backup);
    },
  });
  const job = data?.jobProgress ?? started.job;
  const live = data?.jobProgress;
  const finished = isFinished(job.status);
  const announced = useRef(false);
  useEffect(() => {
    if (!finished || announced.current) return;
    announced.current = true;
    onFinished();
  }, [finished, onFinished]);

  return (
    <Paper withBorder radius="md" p="md" aria-label="Running backup" role="region">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Text fw={600}>Backup of {started.what.toLowerCase()}</Text>
              <JobStatusBadge status={job.status} />
            </Group>
            {started.note && (
              <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                “{started.note}”
              </Text>
            )}
          </div>
          {finished ? (
            <CloseButton aria-label="Dismiss" onClick={onDismiss} />
          ) : (
            <CancelJobButton jobId={job.id} />
          )}
        </Group>
        <JobProgress job={job} label="Backup progress" />
        {live?.status === "SUCCEEDED" && (
          <Alert color="green" icon={<IconCircleCheck size={18} />} role="status" title="Backup finished">
            <Group justify="space-between" gap="xs">
              <Text size="sm">{live.backup ? outcome(live.backup) : live.message}</Text>
              {live.backup && (
                <Button
                  component={Link}
                  to={`/backups/${live.backup.id}`}
                  size="xs"
                  variant="light"
                  color="green"
                >
                  Open the backup
                </Button>
              )}
            </Group>
          </Alert>
        )}
        {live && (live.status === "FAILED" || live.status === "INTERRUPTED") && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" title="The backup failed">
            {live.error
              ? `${errorWords(live.error.code)}: ${live.error.message}`
              : (live.message ?? "Nothing was written.")}
          </Alert>
        )}
        {live?.status === "CANCELLED" && (
          <Alert color="gray" role="status" title="Backup cancelled">
            It was stopped before it finished; nothing of it was kept.
          </Alert>
        )}
        {error && !finished && (
          <Alert color="yellow" icon={<IconPlugConnectedX size={18} />} title="Live progress lost">
            {errorMessage(error)}. The backup goes on on the server; the Jobs page shows how it ends.
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
