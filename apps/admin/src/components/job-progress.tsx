/**
 * A job's progress as a bar: the phase it is in, items done of the phase's total, the rate and
 * the time left, as the API last reported them. It renders what it is given and fetches
 * nothing: the caller keeps the job current (a `jobProgress` or `jobUpdates` subscription).
 *
 * The bar fills per phase (a backup reads 5,000 questions, then writes them): the API reports
 * counts of the current phase only. Without a total the bar is indeterminate (striped, no
 * `aria-valuenow`). A finished job shows a full green bar, or stops red or grey where it ended.
 */
import { Group, Progress, Stack, Text } from "@mantine/core";
import { graphql } from "../gql";
import type { JobProgressFragment, JobStatus } from "../gql/graphql";
import { formatBytes, formatDuration, formatProgressCount, formatRate } from "../lib/format";

graphql(`
  fragment JobProgress on Job {
    id
    status
    phase
    done
    total
    bytesDone
    ratePerSecond
    etaMs
  }
`);

/** The statuses after which a job changes no more. */
export const FINAL_JOB_STATUSES: readonly JobStatus[] = ["SUCCEEDED", "FAILED", "CANCELLED", "INTERRUPTED"];

/** True once `status` is final. */
export function isFinished(status: JobStatus): boolean {
  return FINAL_JOB_STATUSES.includes(status);
}

const BAR_COLORS: Record<JobStatus, string> = {
  QUEUED: "gray",
  RUNNING: "blue",
  SUCCEEDED: "green",
  FAILED: "red",
  CANCELLED: "gray",
  INTERRUPTED: "orange",
};

/** The bar's fill in percent, or null when it cannot be known. */
export function progressPercent(job: Pick<JobProgressFragment, "status" | "done" | "total">): number | null {
  if (job.status === "SUCCEEDED") return 100;
  if (job.status === "QUEUED") return 0;
  // Unknown totals: still working shows as indeterminate, anything else ended here.
  if (!job.total) return job.status === "RUNNING" ? null : 0;
  return Math.min(100, Math.round((job.done / job.total) * 100));
}

function phaseLabel(job: JobProgressFragment): string {
  if (job.status === "QUEUED") return "Waiting to start";
  if (job.status === "SUCCEEDED") return "Done";
  if (job.status === "FAILED") return job.phase ? `Failed while ${job.phase}` : "Failed";
  if (job.status === "CANCELLED") return "Cancelled";
  if (job.status === "INTERRUPTED") return "Interrupted";
  if (!job.phase) return "Starting";
  return job.phase.charAt(0).toUpperCase() + job.phase.slice(1);
}

/** "1,200 of 5,000 · 16,423/s · about 1 s left", leaving out what is unknown. */
function details(job: JobProgressFragment): string {
  const parts: string[] = [];
  if (job.status !== "QUEUED" && (job.done > 0 || job.total != null))
    parts.push(formatProgressCount(job.done, job.total));
  if (job.status === "RUNNING") {
    if (job.ratePerSecond != null) parts.push(formatRate(job.ratePerSecond));
    if (job.etaMs != null && job.etaMs > 0) parts.push(`about ${formatDuration(job.etaMs)} left`);
  }
  return parts.join(" · ");
}

export interface JobProgressProps {
  job: JobProgressFragment;
  /** Names the bar for assistive technology and tests, e.g. "Backup progress". */
  label: string;
  /** A one-line variant for table cells: no bytes, smaller text. @default false */
  compact?: boolean;
}

export function JobProgress({ job, label, compact = false }: JobProgressProps) {
  const percent = progressPercent(job);
  const running = job.status === "RUNNING";
  const text = details(job);
  const textSize = compact ? "xs" : "sm";

  return (
    <Stack gap={compact ? 4 : 6} data-job-status={job.status} miw={compact ? 160 : undefined}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size={textSize} fw={compact ? 500 : 600} truncate>
          {phaseLabel(job)}
          {percent != null && !compact && job.status !== "QUEUED" ? ` · ${percent}%` : ""}
        </Text>
        {text && (
          <Text size={textSize} c="dimmed" style={{ whiteSpace: "nowrap" }}>
            {text}
          </Text>
        )}
      </Group>
      <Progress.Root size={compact ? "sm" : "lg"} radius="xl">
        <Progress.Section
          value={percent ?? 100}
          color={BAR_COLORS[job.status]}
          striped={running || job.status === "QUEUED"}
          animated={running}
          withAria={false}
          role="progressbar"
          aria-label={label}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent ?? undefined}
          aria-valuetext={percent == null ? `${phaseLabel(job)}, ${text || "working"}` : `${percent}%`}
          style={{ transition: "width 200ms ease" }}
        />
      </Progress.Root>
      {!compact && job.bytesDone > 0 && (
        <Text size="xs" c="dimmed">
          {formatBytes(job.bytesDone)} processed
        </Text>
      )}
    </Stack>
  );
}
