/**
 * A RESTORE job followed live: its phases (planning, validating, safety backup, applying,
 * verifying, done), the shared progress bar, Cancel while it runs, and how it ended. The job
 * comes over `jobProgress(jobId)`, which sends the current state first: a page that mounts this
 * after a reload picks the job up where it is, or shows how it ended. Once a restore succeeds
 * the cached bank data is refreshed (`refreshBankData`). Used by the restore wizard's page and
 * by a question's "Restore this version".
 */
import { useApolloClient, useSubscription } from "@apollo/client/react";
import { Alert, Button, Group, Loader, Skeleton, Stack, Text, ThemeIcon } from "@mantine/core";
import {
  IconAlertTriangle,
  IconCheck,
  IconChevronRight,
  IconPlugConnectedX,
  IconX,
} from "@tabler/icons-react";
import { useRef } from "react";
import { graphql } from "../gql";
import type { RestoreJobProgressSubscription } from "../gql/graphql";
import { errorCode, errorMessage } from "../lib/api-errors";
import { refreshBankData } from "../lib/refresh-bank-data";
import { useSession } from "../lib/session";
import { CancelJobButton } from "./cancel-job-button";
import { isFinished, JobProgress } from "./job-progress";
import { JobStatusBadge } from "./job-status-badge";
import { RestoreOutcome } from "./restore-outcome";

const RestoreJobSubscription = graphql(`
  subscription RestoreJobProgress($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      id
      kind
      ...JobProgress
      ...RestoreJobOutcome
    }
  }
`);

/** A restore's phases in order, as the API names them. */
export const RESTORE_PHASES = [
  { phase: "planning", label: "Planning" },
  { phase: "validating", label: "Validating" },
  { phase: "safety backup", label: "Safety backup" },
  { phase: "applying", label: "Applying" },
  { phase: "verifying", label: "Verifying" },
  { phase: "done", label: "Done" },
] as const;

export type RestoreJobState = RestoreJobProgressSubscription["jobProgress"];

export interface RestoreJobProps {
  jobId: string;
  /** Called once the job has ended (after a success, once the cache was refreshed). */
  onFinished?(job: RestoreJobState): void;
  /** Told the undo's job id once the server accepted it. */
  onUndoStarted(jobId: string): void;
  /** Each state as it arrives, e.g. for a page title. */
  onUpdate?(job: RestoreJobState): void;
}

export function RestoreJob({ jobId, onFinished, onUndoStarted, onUpdate }: RestoreJobProps) {
  const client = useApolloClient();
  const session = useSession();
  const handled = useRef<string | null>(null);
  const { data, error, restart } = useSubscription(RestoreJobSubscription, {
    variables: { jobId },
    onData: ({ data: update }) => {
      const job = update.data?.jobProgress;
      if (!job) return;
      onUpdate?.(job);
      if (!isFinished(job.status) || handled.current === job.id) return;
      handled.current = job.id;
      const finish = job.status === "SUCCEEDED" ? refreshBankData(client) : Promise.resolve();
      // A failed refetch shows where that query is rendered; the job has ended either way.
      void finish.catch(() => undefined).then(() => onFinished?.(job));
    },
  });
  const job = data?.jobProgress;

  if (!job) {
    if (error)
      return (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Cannot follow this restore">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {errorCode(error) === "NOT_FOUND" ? "There is no job with this id." : errorMessage(error)}
            </Text>
            <Button size="xs" variant="default" onClick={restart}>
              Try again
            </Button>
          </Stack>
        </Alert>
      );
    return <Skeleton height={96} aria-label="Loading the restore" />;
  }
  if (job.kind !== "RESTORE")
    return (
      <Alert color="gray" icon={<IconAlertTriangle size={18} />} title="Not a restore">
        Job {job.id} is a {job.kind.toLowerCase()} job; the Jobs page shows it.
      </Alert>
    );

  const finished = isFinished(job.status);

  return (
    <Stack gap="md" data-job-id={job.id}>
      <Group justify="space-between" wrap="nowrap">
        <JobStatusBadge status={job.status} />
        {!finished && session.canOperate && <CancelJobButton jobId={job.id} />}
      </Group>
      <RestorePhases job={job} />
      <JobProgress job={job} label="Restore progress" />
      {finished && <RestoreOutcome job={job} onUndoStarted={onUndoStarted} />}
      {error && !finished && (
        <Alert color="yellow" icon={<IconPlugConnectedX size={18} />} title="Live progress lost">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {errorMessage(error)}. The restore goes on on the server; follow it again to see how it ends.
            </Text>
            <Button size="xs" variant="default" onClick={restart}>
              Follow again
            </Button>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}

type PhaseState = "done" | "active" | "failed" | "pending";

/** Where each phase is: done, the one running (or where it stopped), or still to come. */
function phaseStates(job: Pick<RestoreJobState, "status" | "phase">): PhaseState[] {
  const current = RESTORE_PHASES.findIndex((step) => step.phase === job.phase);
  return RESTORE_PHASES.map((_, index) => {
    if (job.status === "SUCCEEDED" || index < current) return "done";
    if (index > current) return "pending";
    if (job.status === "RUNNING") return "active";
    return job.status === "QUEUED" ? "pending" : "failed";
  });
}

/** The phases in a row that wraps: a tick for those done, a spinner for the running one. */
function RestorePhases({ job }: { job: RestoreJobState }) {
  const states = phaseStates(job);
  return (
    <Group gap={6} role="list" aria-label="Restore phases">
      {RESTORE_PHASES.map((step, index) => {
        const state = states[index]!;
        return (
          <Group
            key={step.phase}
            gap={6}
            wrap="nowrap"
            role="listitem"
            data-phase={step.phase}
            data-state={state}
          >
            {state === "active" ? (
              <Loader size={16} />
            ) : (
              <ThemeIcon
                size={18}
                radius="xl"
                variant={state === "pending" ? "light" : "filled"}
                color={state === "failed" ? "red" : state === "done" ? "blue" : "gray"}
              >
                {state === "failed" ? <IconX size={12} /> : state === "done" ? <IconCheck size={12} /> : null}
              </ThemeIcon>
            )}
            <Text
              size="sm"
              fw={state === "active" ? 600 : 500}
              c={state === "pending" ? "dimmed" : undefined}
            >
              {step.label}
            </Text>
            {index < RESTORE_PHASES.length - 1 && (
              <IconChevronRight size={14} color="var(--mantine-color-gray-5)" aria-hidden />
            )}
          </Group>
        );
      })}
    </Group>
  );
}
