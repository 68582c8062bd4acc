/**
 * Follows one job to its end with `jobProgress`, which sends the job's current state first:
 * unlike `jobUpdates`, it cannot miss a job that ends before the subscription is in place. The
 * jobs this page starts are followed this way, so their rows always reach their final state.
 * Renders nothing.
 */
import { useSubscription } from "@apollo/client/react";
import { isFinished } from "../../components/job-progress";
import { graphql } from "../../gql";
import type { JobRowFragment } from "../../gql/graphql";
import { type JobFilter, placeJob } from "./job-list";

const WatchedJobSubscription = graphql(`
  subscription WatchedJob($jobId: ID!) {
    jobProgress(jobId: $jobId) {
      id
      ...JobRow
    }
  }
`);

export interface WatchedJobProps {
  jobId: string;
  /** The list on show, which the job joins or leaves as its status changes. */
  filter: JobFilter;
  onFinished(job: JobRowFragment): void;
}

export function WatchedJob({ jobId, filter, onFinished }: WatchedJobProps) {
  useSubscription(WatchedJobSubscription, {
    variables: { jobId },
    onData: ({ client, data }) => {
      const job = data.data?.jobProgress;
      if (!job) return;
      placeJob(client.cache, filter, job);
      if (isFinished(job.status)) onFinished(job);
    },
  });
  return null;
}
