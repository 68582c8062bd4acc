/**
 * One job in the table: kind, status, live progress, when it started and how long it took,
 * what it said, and what can be done with it (cancel while it runs; open its backup or its
 * verification report once it is over).
 */
import { Anchor, Badge, Button, Group, Table, Text, Tooltip } from "@mantine/core";
import { IconArchive, IconFileReport, IconX } from "@tabler/icons-react";
import { memo } from "react";
import { Link } from "react-router";
import { isFinished, JobProgress } from "../../components/job-progress";
import { JobStatusBadge } from "../../components/job-status-badge";
import { graphql } from "../../gql";
import type { JobRowFragment } from "../../gql/graphql";
import { formatDateTime, formatDuration, formatRelative } from "../../lib/format";
import { useNow } from "../../lib/use-now";
import { JOB_KINDS } from "./job-labels";

graphql(`
  fragment JobRow on Job {
    id
    kind
    status
    ...JobProgress
    message
    error {
      code
      message
    }
    createdAt
    startedAt
    finishedAt
    backup {
      id
    }
  }
`);

export interface JobRowProps {
  job: JobRowFragment;
  now: number;
  /** Show Cancel (OPERATOR and ADMIN keys). */
  canCancel: boolean;
  cancelling: boolean;
  onCancel(job: JobRowFragment): unknown;
  onOpenReport(job: JobRowFragment): void;
}

/** Ticks every second while the job runs, so its duration counts up. */
function RunningFor({ since }: { since: string }) {
  const now = useNow(1000);
  return <>{formatDuration(Math.max(0, now - new Date(since).getTime()))}</>;
}

/** Memoized: a live update re-renders the list, but only the rows whose job changed. */
export const JobRow = memo(function JobRow({
  job,
  now,
  canCancel,
  cancelling,
  onCancel,
  onOpenReport,
}: JobRowProps) {
  const finished = isFinished(job.status);
  const duration =
    job.startedAt && job.finishedAt ? (
      formatDuration(new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime())
    ) : job.startedAt && !finished ? (
      <RunningFor since={job.startedAt} />
    ) : (
      "—"
    );

  return (
    <Table.Tr data-job-id={job.id} data-kind={job.kind}>
      <Table.Td>
        <Text size="sm" fw={500}>
          {JOB_KINDS[job.kind]}
        </Text>
        <Text size="xs" c="dimmed" ff="monospace" truncate title={job.id}>
          {job.id}
        </Text>
      </Table.Td>
      <Table.Td>
        <JobStatusBadge status={job.status} />
      </Table.Td>
      <Table.Td>
        <JobProgress job={job} label={`Progress of ${JOB_KINDS[job.kind].toLowerCase()} ${job.id}`} compact />
      </Table.Td>
      <Table.Td visibleFrom="md">
        {job.startedAt ? (
          <Tooltip label={formatDateTime(job.startedAt)}>
            <Text size="sm" style={{ whiteSpace: "nowrap" }}>
              {formatRelative(job.startedAt, now)}
            </Text>
          </Tooltip>
        ) : (
          <Text size="sm" c="dimmed">
            {finished ? "—" : "Not yet"}
          </Text>
        )}
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {duration}
        </Text>
      </Table.Td>
      <Table.Td>
        {job.error ? (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Badge color="red" variant="outline" radius="sm" size="sm" tt="none" style={{ flexShrink: 0 }}>
              {job.error.code}
            </Badge>
            <Text size="sm" c="red.8" lineClamp={2} title={job.error.message}>
              {job.error.message}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed" lineClamp={2} title={job.message ?? undefined}>
            {job.message ?? "—"}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap" justify="flex-end">
          {!finished && canCancel && (
            <Button
              size="compact-sm"
              variant="default"
              color="red"
              leftSection={<IconX size={14} />}
              loading={cancelling}
              onClick={() => onCancel(job)}
            >
              Cancel
            </Button>
          )}
          {job.kind === "VERIFY" && (job.status === "SUCCEEDED" || job.status === "FAILED") && (
            <Button
              size="compact-sm"
              variant="light"
              color={job.status === "SUCCEEDED" ? "gray" : "red"}
              leftSection={<IconFileReport size={14} />}
              onClick={() => onOpenReport(job)}
            >
              Results
            </Button>
          )}
          {job.backup && (
            <Anchor component={Link} to={`/backups/${job.backup.id}`} size="sm">
              <Group gap={4} wrap="nowrap">
                <IconArchive size={14} />
                Backup
              </Group>
            </Anchor>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
});
