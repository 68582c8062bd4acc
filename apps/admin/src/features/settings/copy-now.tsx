/**
 * "Copy now": a COPY job to the saved copy location (`startCopy`), followed live with
 * `jobProgress`; what it copied, or why it failed, shown below the button. OPERATOR keys and
 * above (the API's rule); the copy location itself is saved with the form.
 */
import { useMutation, useSubscription } from "@apollo/client/react";
import { Alert, Anchor, Button, Group, Loader, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconCopy } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { isFinished } from "../../components/job-progress";
import { graphql } from "../../gql";
import { errorMessage } from "../../lib/api-errors";
import { errorWords } from "../../lib/error-words";
import { useSession } from "../../lib/session";

const StartCopyMutation = graphql(`
  mutation StartCopy {
    startCopy {
      id
      status
    }
  }
`);

const CopyProgressSubscription = graphql(`
  subscription CopyProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      id
      status
      done
      total
      message
      error {
        code
        message
      }
    }
  }
`);

export function CopyNow({ copyTo }: { copyTo: string | null }) {
  const session = useSession();
  const [jobId, setJobId] = useState<string | null>(null);
  const [start, { loading, error, reset }] = useMutation(StartCopyMutation);
  const { data } = useSubscription(CopyProgressSubscription, {
    variables: { jobId: jobId ?? "" },
    skip: !jobId,
  });
  const job = data?.jobProgress.id === jobId ? data.jobProgress : null;
  const running = jobId !== null && (!job || !isFinished(job.status));
  const run = async () => {
    reset();
    setJobId(null);
    try {
      const { data: started } = await start();
      if (started) setJobId(started.startCopy.id);
    } catch {
      // Shown below from the mutation's error.
    }
  };
  return (
    <>
      <Group gap="sm" align="center">
        <Button
          variant="default"
          leftSection={<IconCopy size={16} />}
          loading={loading || running}
          disabled={!copyTo || !session.canOperate}
          onClick={() => void run()}
        >
          Copy now
        </Button>
        <Text size="sm" c="dimmed" style={{ flex: "1 1 240px" }}>
          {copyTo ? `Copies the backups ${copyTo} lacks into it now.` : "Save a copy location first."}
        </Text>
      </Group>
      {error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The copy did not start">
          {errorMessage(error)}
        </Alert>
      )}
      {running && (
        <Group gap="sm" role="status">
          <Loader size="sm" />
          <Text size="sm">Copying{job?.total ? `: ${job.done} of ${job.total} backups` : "…"}</Text>
        </Group>
      )}
      {job && isFinished(job.status) && (
        <Alert
          color={job.status === "SUCCEEDED" ? "green" : "red"}
          icon={job.status === "SUCCEEDED" ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
          title={
            job.status === "SUCCEEDED" ? "Copy finished" : job.error ? errorWords(job.error.code) : "Stopped"
          }
          role="status"
        >
          {job.error?.message ?? job.message}{" "}
          <Anchor component={Link} to={`/jobs/${job.id}`} size="sm">
            The job
          </Anchor>
        </Alert>
      )}
    </>
  );
}
