/**
 * "Clean up now": a cleanup with the saved retention policy, its dry run first. The button
 * starts `pruneBackups(dryRun: true)`, which deletes nothing; its report (which backups would be
 * deleted, how many bytes freed) is shown for confirmation, and only "Delete and clean up" starts
 * the real cleanup. Both are jobs followed live with `jobProgress`. ADMIN keys only (the API's
 * rule); the button is disabled with the rest of the form for other keys.
 */
import { useMutation, useSubscription } from "@apollo/client/react";
import { Alert, Anchor, Button, Group, List, Loader, Modal, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { isFinished } from "../../components/job-progress";
import { graphql } from "../../gql";
import { errorMessage } from "../../lib/api-errors";
import { errorWords } from "../../lib/error-words";
import { formatBytes, formatDateTime } from "../../lib/format";
import { countOf } from "../../lib/plural";

const PruneBackupsMutation = graphql(`
  mutation PruneBackups($dryRun: Boolean!) {
    pruneBackups(dryRun: $dryRun) {
      id
      status
    }
  }
`);

const CleanupProgressSubscription = graphql(`
  subscription CleanupProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      id
      status
      message
      error {
        code
        message
      }
      report
    }
  }
`);

/** What a cleanup's report says, as far as this dialog uses it. */
interface CleanupReport {
  dryRun?: boolean;
  forget?: { id: string; time: string }[];
  bytesFreed?: number;
}

/** How many of the backups it would delete are listed. */
const LISTED = 8;

type Stage = { step: "idle" } | { step: "dry-run" | "cleanup"; jobId: string };

export function CleanupNow() {
  const [stage, setStage] = useState<Stage>({ step: "idle" });
  const [start, { loading: starting, error: startError, reset }] = useMutation(PruneBackupsMutation);
  const jobId = stage.step === "idle" ? null : stage.jobId;
  const { data } = useSubscription(CleanupProgressSubscription, {
    variables: { jobId: jobId ?? "" },
    skip: !jobId,
  });
  const job = data?.jobProgress.id === jobId ? data.jobProgress : null;
  const finished = job ? isFinished(job.status) : false;
  const report = (finished ? job?.report : null) as CleanupReport | null;
  const forget = report?.forget ?? [];

  const run = async (dryRun: boolean) => {
    reset();
    try {
      const { data: started } = await start({ variables: { dryRun } });
      if (started) setStage({ step: dryRun ? "dry-run" : "cleanup", jobId: started.pruneBackups.id });
    } catch {
      // Shown in the dialog from the mutation's error.
    }
  };
  const close = () => {
    reset();
    setStage({ step: "idle" });
  };

  return (
    <>
      <Group gap="sm" align="center">
        <Button
          variant="default"
          leftSection={<IconTrash size={16} />}
          loading={starting && stage.step === "idle"}
          onClick={() => void run(true)}
        >
          Clean up now…
        </Button>
        <Text size="sm" c="dimmed" style={{ flex: "1 1 240px" }}>
          Applies the saved retention policy now. A dry run shows what it would delete first.
        </Text>
      </Group>
      {startError && stage.step === "idle" && (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The cleanup did not start">
          {errorMessage(startError)}
        </Alert>
      )}
      <Modal
        opened={stage.step !== "idle"}
        onClose={close}
        title={stage.step === "cleanup" ? "Cleaning up" : "Clean up now?"}
        centered
        size="lg"
      >
        {!job || !finished ? (
          <Group gap="sm" role="status">
            <Loader size="sm" />
            <Text size="sm">
              {stage.step === "cleanup"
                ? "Deleting and cleaning up…"
                : "Working out what a cleanup would delete…"}
            </Text>
          </Group>
        ) : job.status !== "SUCCEEDED" ? (
          <Stack gap="md">
            <Alert
              color="red"
              icon={<IconAlertTriangle size={18} />}
              title={job.error ? errorWords(job.error.code) : "Stopped"}
            >
              {job.error?.message ?? job.message ?? "The cleanup did not finish."}
            </Alert>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Close
              </Button>
            </Group>
          </Stack>
        ) : stage.step === "dry-run" ? (
          <Stack gap="md" data-dry-run={jobId}>
            <Text size="sm">
              {forget.length === 0
                ? "The saved policy keeps every backup: nothing would be deleted."
                : `The saved policy would delete ${countOf(forget.length, "backup")}.`}{" "}
              A cleanup would free <strong>{formatBytes(report?.bytesFreed ?? 0)}</strong>.
            </Text>
            {forget.length > 0 && (
              <List size="sm" spacing={2} aria-label="Backups it would delete">
                {forget.slice(0, LISTED).map((backup) => (
                  <List.Item key={backup.id}>The backup of {formatDateTime(backup.time)}</List.Item>
                ))}
                {forget.length > LISTED && (
                  <List.Item>and {countOf(forget.length - LISTED, "older one")}</List.Item>
                )}
              </List>
            )}
            <Text size="xs" c="dimmed">
              This was a dry run: nothing is deleted yet.{" "}
              <Anchor component={Link} to={`/jobs/${job.id}`} size="xs">
                Its report
              </Anchor>
            </Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close} data-autofocus>
                Cancel
              </Button>
              <Button
                color={forget.length > 0 ? "red" : undefined}
                loading={starting}
                onClick={() => void run(false)}
              >
                {forget.length > 0 ? "Delete and clean up" : "Clean up"}
              </Button>
            </Group>
            {startError && <Alert color="red">{errorMessage(startError)}</Alert>}
          </Stack>
        ) : (
          <Stack gap="md">
            <Alert color="green" icon={<IconCircleCheck size={18} />} title="Cleanup finished" role="status">
              {forget.length === 0 ? "No backup was deleted" : `${countOf(forget.length, "backup")} deleted`};{" "}
              {formatBytes(report?.bytesFreed ?? 0)} freed.
            </Alert>
            <Group justify="space-between">
              <Anchor component={Link} to={`/jobs/${job.id}`} size="sm">
                The cleanup's report
              </Anchor>
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
