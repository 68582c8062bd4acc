/**
 * Jobs, newest first, 20 at a time with "Load more", kept live by the `jobUpdates` subscription:
 * an update of a job on show changes its row in place (Apollo's cache holds one `Job` per id),
 * a new job that fits the filters goes on top, and a job that no longer fits the status filter
 * leaves the list. Nothing is polled.
 *
 * `jobUpdates` carries what happens after it is in place; the page follows the jobs it starts
 * itself with `jobProgress` too (see WatchedJob), and the Apollo client refetches the lists on
 * show when the WebSocket reconnects, so a gap in the stream does not leave a row stale.
 */
import type { ApolloCache } from "@apollo/client";
import { NetworkStatus } from "@apollo/client";
import { useMutation, useQuery, useSubscription } from "@apollo/client/react";
import { Button, EmptyState, Paper, Skeleton, Stack, Table, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconFilterOff, IconListCheck } from "@tabler/icons-react";
import { useCallback, useState } from "react";
import { ConnectionFooter } from "../../components/list-footer";
import { LoadError } from "../../components/load-error";
import { graphql } from "../../gql";
import type { JobListQueryVariables, JobRowFragment } from "../../gql/graphql";
import { errorMessage } from "../../lib/api-errors";
import { useSession } from "../../lib/session";
import { JobReportModal } from "./job-report-modal";
import { JobRow } from "./job-row";

const PAGE_SIZE = 20;

const JobListQuery = graphql(`
  query JobList($kind: JobKind, $status: JobStatus, $first: Int!, $after: String) {
    jobs(kind: $kind, status: $status, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          ...JobRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const JobUpdatesSubscription = graphql(`
  subscription JobUpdates {
    jobUpdates {
      id
      ...JobRow
    }
  }
`);

const CancelJobMutation = graphql(`
  mutation CancelJob($id: ID!) {
    cancelJob(id: $id) {
      id
      ...JobRow
    }
  }
`);

/** The filters of one job list: the query's variables without the page. */
export type JobFilter = Pick<JobListQueryVariables, "kind" | "status">;

/**
 * Fits `job` into the cached list for `filter`: on top when it is new there and fits, out when
 * it is there and no longer fits. Rows already there change in place without this.
 */
export function placeJob(cache: ApolloCache, filter: JobFilter, job: JobRowFragment): void {
  const fits = (!filter.kind || job.kind === filter.kind) && (!filter.status || job.status === filter.status);
  cache.updateQuery({ query: JobListQuery, variables: { ...filter, first: PAGE_SIZE } }, (data) => {
    if (!data) return undefined;
    const present = data.jobs.edges.some((edge) => edge.node.id === job.id);
    if (present === fits) return undefined;
    const edges = fits
      ? [{ __typename: "JobEdge" as const, cursor: job.id, node: job }, ...data.jobs.edges]
      : data.jobs.edges.filter((edge) => edge.node.id !== job.id);
    return { jobs: { ...data.jobs, edges, totalCount: data.jobs.totalCount + (fits ? 1 : -1) } };
  });
}

export interface JobListProps {
  filter: JobFilter;
  onClearFilters(): void;
}

export function JobList({ filter, onClearFilters }: JobListProps) {
  const session = useSession();
  const [reportOf, setReportOf] = useState<JobRowFragment | null>(null);
  const variables = { ...filter, first: PAGE_SIZE };
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useQuery(JobListQuery, {
    variables,
    fetchPolicy: "cache-and-network",
    nextFetchPolicy: "cache-first",
    notifyOnNetworkStatusChange: true,
  });
  useSubscription(JobUpdatesSubscription, {
    onData: ({ client, data: update }) => {
      const job = update.data?.jobUpdates;
      if (job) placeJob(client.cache, filter, job);
    },
  });
  const [cancel] = useMutation(CancelJobMutation);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const connection = (data ?? previousData)?.jobs;
  const stale = !data && networkStatus === NetworkStatus.setVariables;
  const filtered = Boolean(filter.kind || filter.status);

  const cancelJob = useCallback(
    async (job: JobRowFragment) => {
      setCancelling(job.id);
      try {
        await cancel({ variables: { id: job.id } });
      } catch (thrown) {
        notifications.show({
          color: "red",
          title: "The job was not cancelled",
          message: errorMessage(thrown),
        });
      } finally {
        setCancelling(null);
      }
    },
    [cancel],
  );

  if (error && !connection) {
    return <LoadError title="Cannot load the jobs" error={error} onRetry={() => void refetch()} />;
  }
  if (!connection) {
    return (
      <Paper withBorder radius="md" p="md" aria-busy aria-label="Loading jobs">
        <Stack gap="md">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} height={16} />
          ))}
        </Stack>
      </Paper>
    );
  }
  if (connection.edges.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <EmptyState
          icon={filtered ? <IconFilterOff /> : <IconListCheck />}
          title={filtered ? "No job matches these filters" : "No jobs yet"}
          description={
            filtered
              ? "Try another kind or status, or clear the filters. New jobs that match appear here live."
              : "Backups, restores and verifications appear here as they run, with live progress."
          }
        >
          {filtered && (
            <EmptyState.Actions>
              <Button variant="light" onClick={onClearFilters}>
                Clear the filters
              </Button>
            </EmptyState.Actions>
          )}
        </EmptyState>
      </Paper>
    );
  }

  return (
    <Stack gap="sm">
      <Paper
        withBorder
        radius="md"
        style={{ overflow: "auto", position: "relative", opacity: stale ? 0.6 : 1 }}
        aria-busy={stale}
      >
        {/* Fixed columns: live updates change cell contents many times a second, and the
            columns must not jump with them. */}
        <Table verticalSpacing="sm" horizontalSpacing="sm" aria-label="Jobs" layout="fixed">
          <Table.Thead bg="var(--qvault-color-surface)">
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th w={{ base: 100, sm: 120 }}>Status</Table.Th>
              <Table.Th w="26%" visibleFrom="md">
                Progress
              </Table.Th>
              <Table.Th w="30%" visibleFrom="sm">
                Message
              </Table.Th>
              <Table.Th w={{ base: 128, sm: 150 }}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connection.edges.map(({ node }) => (
              <JobRow
                key={node.id}
                job={node}
                canCancel={session.canOperate}
                cancelling={cancelling === node.id}
                onCancel={cancelJob}
                onOpenReport={setReportOf}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <ConnectionFooter
        connection={connection}
        fetchMore={fetchMore}
        networkStatus={networkStatus}
        variables={variables}
        error={error}
      />
      <JobReportModal job={reportOf} onClose={() => setReportOf(null)} />
    </Stack>
  );
}
