/**
 * One job in the table: kind, when it started and how long it took (under the kind, as words),
 * status, live progress, what it said, and what can be done with it (cancel while it runs; open
 * its verification report, its backup or its restore's page once it is over). The row opens
 * the job's own page (/jobs/:id), where its whole message, input and report are.
 */
import { Anchor, Badge, Button, Group, Stack, Table, Text, Tooltip } from "@mantine/core";
import { IconArchive, IconFileReport, IconRestore, IconX } from "@tabler/icons-react";
import { memo } from "react";
import { Link, useNavigate } from "react-router";
import { ElapsedTime } from "../../components/elapsed-time";
import { isFinished, JobProgress } from "../../components/job-progress";
import { JobStatusBadge } from "../../components/job-status-badge";
import { RelativeTime } from "../../components/relative-time";
import { graphql } from "../../gql";
import type { JobRowFragment } from "../../gql/graphql";
import { errorWords } from "../../lib/error-words";
import { formatDuration } from "../../lib/format";
import { JOB_KINDS } from "../../lib/job-kinds";
import { jobMessage } from "../../lib/job-message";

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
      createdAt
    }
  }
`);

export interface JobRowProps {
  job: JobRowFragment;
  /** Show Cancel (OPERATOR and ADMIN keys). */
  canCancel: boolean;
  cancelling: boolean;
  onCancel(job: JobRowFragment): unknown;
  onOpenReport(job: JobRowFragment): void;
}

/** Where a job's result lives: a restore's live page, the backup a backup made or imported. */
export function resultLink(
  job: Pick<JobRowFragment, "id" | "kind" | "backup">,
): { to: string; label: string } | null {
  if (job.kind === "RESTORE") return { to: `/restores/${job.id}`, label: "Restore page" };
  if (job.backup && (job.kind === "BACKUP" || job.kind === "IMPORT"))
    return { to: `/backups/${job.backup.id}`, label: "The backup" };
  return null;
}

/** When the job started, and how long it ran (or has been running): two clauses, never run together. */
function Timing({ job }: { job: JobRowFragment }) {
  const finished = isFinished(job.status);
  if (!job.startedAt) return <>{finished ? "Never started" : "Waiting to start"}</>;
  return (
    <>
      Started <RelativeTime iso={job.startedAt} />
      {" · "}
      {job.finishedAt ? (
        <>took {formatDuration(new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime())}</>
      ) : finished ? (
        "ended"
      ) : (
        <>
          running for <ElapsedTime since={job.startedAt} />
        </>
      )}
    </>
  );
}

/** Memoized: a live update re-renders the list, but only the rows whose job changed. */
export const JobRow = memo(function JobRow({
  job,
  canCancel,
  cancelling,
  onCancel,
  onOpenReport,
}: JobRowProps) {
  const navigate = useNavigate();
  const finished = isFinished(job.status);
  const href = `/jobs/${job.id}`;
  const result = resultLink(job);

  return (
    <Table.Tr
      data-job-id={job.id}
      data-kind={job.kind}
      style={{ cursor: "pointer" }}
      onClick={(event) => {
        // Links and buttons do their own thing (dialogs too, whose clicks React passes up
        // through the portal); a click elsewhere in the row opens the job.
        const target = event.target as HTMLElement;
        if (!event.currentTarget.contains(target) || target.closest("a, button")) return;
        navigate(href);
      }}
    >
      <Table.Td>
        <Anchor component={Link} to={href} size="sm" fw={600} c="var(--mantine-color-text)">
          {JOB_KINDS[job.kind]}
        </Anchor>
        <Text size="xs" c="dimmed">
          <Timing job={job} />
        </Text>
      </Table.Td>
      <Table.Td>
        <JobStatusBadge status={job.status} />
      </Table.Td>
      <Table.Td visibleFrom="md">
        <JobProgress job={job} label={`Progress of ${JOB_KINDS[job.kind].toLowerCase()} ${job.id}`} compact />
      </Table.Td>
      <Table.Td visibleFrom="sm">
        {job.error ? (
          <Stack gap={2} align="flex-start">
            <Tooltip label={`Error code ${job.error.code}`}>
              <Badge color="red" variant="light" radius="sm" size="sm" tt="none" data-code={job.error.code}>
                {errorWords(job.error.code)}
              </Badge>
            </Tooltip>
            <Text size="sm" c="red" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
              {job.error.message}
            </Text>
          </Stack>
        ) : (
          <Text size="sm" c="dimmed" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
            {job.message ? jobMessage(job) : "—"}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={6} justify="flex-end">
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
          {result && (
            <Anchor component={Link} to={result.to} size="sm" visibleFrom="sm">
              <Group gap={4} wrap="nowrap">
                {job.kind === "RESTORE" ? <IconRestore size={14} /> : <IconArchive size={14} />}
                {result.label}
              </Group>
            </Anchor>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
});
