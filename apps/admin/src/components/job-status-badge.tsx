/** A job's status as a coloured badge, the same on every page that lists jobs. */
import { Badge, Loader } from "@mantine/core";
import type { JobStatus } from "../gql/graphql";

const STATUS: Record<JobStatus, { label: string; color: string }> = {
  QUEUED: { label: "Queued", color: "gray" },
  RUNNING: { label: "Running", color: "blue" },
  SUCCEEDED: { label: "Succeeded", color: "green" },
  FAILED: { label: "Failed", color: "red" },
  CANCELLED: { label: "Cancelled", color: "gray" },
  INTERRUPTED: { label: "Interrupted", color: "orange" },
};

/** Every status with its label, for filters. */
export const JOB_STATUS_OPTIONS = (Object.keys(STATUS) as JobStatus[]).map((value) => ({
  value,
  label: STATUS[value].label,
}));

export function JobStatusBadge({ status }: { status: JobStatus }) {
  const { label, color } = STATUS[status];
  return (
    <Badge
      color={color}
      variant={status === "RUNNING" ? "filled" : "light"}
      radius="sm"
      tt="none"
      fw={600}
      leftSection={status === "RUNNING" ? <Loader size={10} color="white" type="oval" /> : null}
      data-status={status}
      style={{ minWidth: "max-content" }}
    >
      {label}
    </Badge>
  );
}
