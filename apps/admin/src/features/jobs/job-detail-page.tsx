/**
 * One job at /jobs/:jobId, opened from its row on Jobs: what it was asked to do (its input),
 * its whole message and error, when it was queued, started and finished, the phases it went
 * through (kept with the job: a finished one shows them too) with how long each took, its
 * report, and links to what it made or changed (the backup it wrote or restored from, a
 * restore's safety backup and live page). A job still running is followed with `jobProgress`,
 * which sends its current state first; its current phase's time counts up on the page.
 */
import { useQuery, useSubscription } from "@apollo/client/react";
import {
  Alert,
  Anchor,
  Button,
  Code,
  DataList,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconAlertTriangle, IconArrowLeft, IconFileReport, IconListSearch } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { DetailItem } from "../../components/backup-overview";
import { CancelJobButton } from "../../components/cancel-job-button";
import { CopyValue } from "../../components/copy-value";
import { isFinished, JobProgress } from "../../components/job-progress";
import { JobStatusBadge } from "../../components/job-status-badge";
import { LoadError } from "../../components/load-error";
import { RelativeTime } from "../../components/relative-time";
import { graphql } from "../../gql";
import { errorWords } from "../../lib/error-words";
import { formatDateTime, formatDuration } from "../../lib/format";
import { JOB_KINDS } from "../../lib/job-kinds";
import { jobMessage } from "../../lib/job-message";
import { useSession } from "../../lib/session";
import { InputList } from "./job-input";
import { Phases } from "./job-phases";
import { JobReportModal } from "./job-report-modal";
import { Results } from "./job-results";

graphql(`
  fragment JobDetailFields on Job {
    id
    kind
    ...JobRow
    updatedAt
    ...JobPhases
    input
    report
    backup {
      id
      createdAt
      note
    }
    safetyBackup {
      id
      createdAt
    }
  }
`);

const JobDetailQuery = graphql(`
  query JobDetail($id: ID!) {
    job(id: $id) {
      id
      ...JobDetailFields
    }
  }
`);

const JobDetailProgressSubscription = graphql(`
  subscription JobDetailProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      id
      ...JobDetailFields
    }
  }
`);

export function JobDetailPage() {
  const { jobId = "" } = useParams();
  const session = useSession();
  const { data, error, loading, refetch } = useQuery(JobDetailQuery, { variables: { id: jobId } });
  const queried = data?.job;
  const running = queried ? !isFinished(queried.status) : false;
  const [reportOpen, setReportOpen] = useState(false);
  const live = useSubscription(JobDetailProgressSubscription, {
    variables: { jobId },
    skip: !running,
  });
  const job = live.data?.jobProgress ?? queried;

  const back = (
    <Anchor component={Link} to="/jobs" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        All jobs
      </Group>
    </Anchor>
  );

  if (!job) {
    return (
      <Stack gap="md" maw={900}>
        {back}
        {error ? (
          <LoadError title="Cannot load this job" error={error} onRetry={() => void refetch()} />
        ) : loading ? (
          <Skeleton height={260} aria-label="Loading the job" />
        ) : (
          <Alert color="gray" icon={<IconListSearch />} title="No such job">
            There is no job with this id.
          </Alert>
        )}
      </Stack>
    );
  }

  const finished = isFinished(job.status);
  return (
    <Stack gap="lg" maw={900}>
      {back}
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div>
          <Group gap="sm">
            <Title order={2}>{JOB_KINDS[job.kind]}</Title>
            <JobStatusBadge status={job.status} />
          </Group>
          <Group gap={4} mt={4}>
            <Text size="sm" c="dimmed">
              Queued <RelativeTime iso={job.createdAt} />
            </Text>
            <CopyValue what="job id" value={job.id} />
          </Group>
        </div>
        <Group gap="sm">
          {!finished && session.canOperate && <CancelJobButton jobId={job.id} />}
          {job.kind === "VERIFY" && (job.status === "SUCCEEDED" || job.status === "FAILED") && (
            <Button
              variant="light"
              leftSection={<IconFileReport size={16} />}
              onClick={() => setReportOpen(true)}
            >
              Results
            </Button>
          )}
        </Group>
      </Group>

      <Paper withBorder radius="md" p="md">
        <JobProgress job={job} label={`Progress of the ${JOB_KINDS[job.kind].toLowerCase()}`} />
      </Paper>

      {job.error && (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title={errorWords(job.error.code)}
          role="alert"
        >
          <Stack gap={4}>
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {job.error.message}
            </Text>
            <Group gap={4}>
              <Text size="xs">Error code {job.error.code}</Text>
              <CopyValue what="error code" value={job.error.code} />
            </Group>
          </Stack>
        </Alert>
      )}

      <Paper withBorder radius="md" p="md" component="section" aria-label="About this job">
        <DataList withDivider labelWidth={140}>
          <DetailItem small label="Message">
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-message>
              {job.message ? jobMessage(job) : "—"}
            </Text>
          </DetailItem>
          <DetailItem small label="Queued">
            <When iso={job.createdAt} />
          </DetailItem>
          <DetailItem small label="Started">
            {job.startedAt ? <When iso={job.startedAt} /> : "Not yet"}
          </DetailItem>
          <DetailItem small label="Finished">
            {job.finishedAt ? <When iso={job.finishedAt} /> : "Not yet"}
          </DetailItem>
          {job.startedAt && job.finishedAt && (
            <DetailItem small label="Took">
              {formatDuration(new Date(job.finishedAt).getTime() - new Date(job.startedAt).getTime())}
            </DetailItem>
          )}
          <DetailItem small label="Made or changed">
            <Results job={job} />
          </DetailItem>
        </DataList>
      </Paper>

      {job.phases.length > 0 && <Phases phases={job.phases} />}

      <Paper withBorder radius="md" p="md" component="section" aria-label="Input">
        <Title order={3} size="h5" mb="sm">
          What it was asked to do
        </Title>
        <InputList input={job.input} />
      </Paper>

      {job.report != null && job.kind !== "VERIFY" && (
        <Paper withBorder radius="md" p="md" component="section" aria-label="Report">
          <details>
            <summary>
              <Text span size="sm" fw={600}>
                Its report, as the server stored it
              </Text>
            </summary>
            <Code block mt="xs" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {JSON.stringify(job.report, null, 2)}
            </Code>
          </details>
        </Paper>
      )}

      <JobReportModal job={reportOpen ? job : null} onClose={() => setReportOpen(false)} />
    </Stack>
  );
}

/** A time as words, and exactly. */
function When({ iso }: { iso: string }) {
  return (
    <>
      <RelativeTime iso={iso} /> ({formatDateTime(iso)})
    </>
  );
}
