/**
 * A button that starts a job now ("Copy now", "Drill now"), followed live with `jobProgress`;
 * what it did, or why it failed, shown below the button, with a link to the job. OPERATOR keys
 * and above (the API's rule).
 */
import { useMutation, useSubscription } from "@apollo/client/react";
import { Alert, Anchor, Button, Group, Loader, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconCopy, IconLifebuoy } from "@tabler/icons-react";
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

const StartDrillMutation = graphql(`
  mutation StartDrill {
    startDrill {
      id
      status
    }
  }
`);

const JobNowProgressSubscription = graphql(`
  subscription JobNowProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      id
      status
      phase
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

interface JobNowProps {
  /** Starts the job; its id. */
  start: () => Promise<string | null>;
  loading: boolean;
  error: Error | undefined;
  reset: () => void;
  label: string;
  icon: React.ReactNode;
  /** What the button does, or why it cannot be pressed yet. */
  hint: string;
  ready: boolean;
  running: (job: { phase: string | null; done: number; total: number | null } | null) => string;
  notStarted: string;
  finished: string;
}

function JobNow(props: JobNowProps) {
  const session = useSession();
  const [jobId, setJobId] = useState<string | null>(null);
  const { data } = useSubscription(JobNowProgressSubscription, {
    variables: { jobId: jobId ?? "" },
    skip: !jobId,
  });
  const job = data?.jobProgress.id === jobId ? data.jobProgress : null;
  const running = jobId !== null && (!job || !isFinished(job.status));
  const run = async () => {
    props.reset();
    setJobId(null);
    try {
      setJobId(await props.start());
    } catch {
      // Shown below from the mutation's error.
    }
  };
  return (
    <>
      <Group gap="sm" align="center">
        <Button
          variant="default"
          leftSection={props.icon}
          loading={props.loading || running}
          disabled={!props.ready || !session.canOperate}
          onClick={() => void run()}
        >
          {props.label}
        </Button>
        <Text size="sm" c="dimmed" style={{ flex: "1 1 240px" }}>
          {props.hint}
        </Text>
      </Group>
      {props.error && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={props.notStarted}>
          {errorMessage(props.error)}
        </Alert>
      )}
      {running && (
        <Group gap="sm" role="status">
          <Loader size="sm" />
          <Text size="sm">{props.running(job)}</Text>
        </Group>
      )}
      {job && isFinished(job.status) && (
        <Alert
          color={job.status === "SUCCEEDED" ? "green" : "red"}
          icon={job.status === "SUCCEEDED" ? <IconCircleCheck size={18} /> : <IconAlertTriangle size={18} />}
          title={
            job.status === "SUCCEEDED" ? props.finished : job.error ? errorWords(job.error.code) : "Stopped"
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

/** "Copy now": a COPY job to the saved copy location (`startCopy`). */
export function CopyNow({ copyTo }: { copyTo: string | null }) {
  const [start, { loading, error, reset }] = useMutation(StartCopyMutation);
  return (
    <JobNow
      start={async () => (await start()).data?.startCopy.id ?? null}
      loading={loading}
      error={error}
      reset={reset}
      label="Copy now"
      icon={<IconCopy size={16} />}
      ready={copyTo !== null}
      hint={copyTo ? `Copies the backups ${copyTo} lacks into it now.` : "Save a copy location first."}
      running={(job) => `Copying${job?.total ? `: ${job.done} of ${job.total} backups` : "…"}`}
      notStarted="The copy did not start"
      finished="Copy finished"
    />
  );
}

/** "Drill now": a DRILL job (`startDrill`): the newest backup restored into a scratch bank and compared. */
export function DrillNow() {
  const [start, { loading, error, reset }] = useMutation(StartDrillMutation);
  return (
    <JobNow
      start={async () => (await start()).data?.startDrill.id ?? null}
      loading={loading}
      error={error}
      reset={reset}
      label="Drill now"
      icon={<IconLifebuoy size={16} />}
      ready
      hint="Restores the newest backup into a scratch bank beside this one and compares every record; the bank itself is not touched."
      running={(job) => `Drilling${job?.phase ? `: ${job.phase}` : "…"}`}
      notStarted="The drill did not start"
      finished="Drill passed"
    />
  );
}
