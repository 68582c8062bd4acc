/** Links to what a job made or changed: a restore's page, the backups it made or used. */
import { Anchor, Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { JobDetailFieldsFragment } from "../../gql/graphql";
import { formatDateTime } from "../../lib/format";

/** Links to what the job made or changed. */
export function Results({ job }: { job: JobDetailFieldsFragment }) {
  const links: ReactNode[] = [];
  if (job.kind === "RESTORE") {
    links.push(
      <Anchor key="restore" component={Link} to={`/restores/${job.id}`} size="sm">
        The restore's page
      </Anchor>,
    );
    if (job.backup)
      links.push(
        <Anchor key="backup" component={Link} to={`/backups/${job.backup.id}`} size="sm">
          The backup of {formatDateTime(job.backup.createdAt)} it restores from
        </Anchor>,
      );
    if (job.safetyBackup)
      links.push(
        <Anchor key="safety" component={Link} to={`/backups/${job.safetyBackup.id}`} size="sm">
          The safety backup of {formatDateTime(job.safetyBackup.createdAt)}, which undoes it
        </Anchor>,
      );
  } else if (job.backup) {
    links.push(
      <Anchor key="backup" component={Link} to={`/backups/${job.backup.id}`} size="sm">
        The backup of {formatDateTime(job.backup.createdAt)}
      </Anchor>,
    );
  }
  if (links.length === 0) return <>Nothing to open</>;
  return <Stack gap={2}>{links}</Stack>;
}
