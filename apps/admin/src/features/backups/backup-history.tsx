/**
 * The history of backups, newest first, 20 at a time with "Load more" following the cursor. A
 * backup written while the page is open (by anyone: a manual backup, an automatic one) arrives
 * over the `backupCreated` subscription and goes on top without a reload.
 */

import type { ApolloCache } from "@apollo/client";
import { NetworkStatus } from "@apollo/client";
import { useQuery, useSubscription } from "@apollo/client/react";
import { Button, EmptyState, Group, Paper, Skeleton, Stack, Table, VisuallyHidden } from "@mantine/core";
import { IconArchive, IconFilterOff } from "@tabler/icons-react";
import { useMemo } from "react";
import { ConnectionFooter } from "../../components/list-footer";
import { LoadError } from "../../components/load-error";
import { graphql } from "../../gql";
import type { BackupHistoryQueryVariables, BackupRowFragment } from "../../gql/graphql";
import { withBackupOnTop } from "../../lib/backup-connection";
import { useSession } from "../../lib/session";
import { BackupRow } from "./backup-row";

const PAGE_SIZE = 20;

export const BackupHistoryQuery = graphql(`
  query BackupHistory($trigger: BackupTrigger, $sectionId: ID, $first: Int!, $after: String) {
    backups(trigger: $trigger, sectionId: $sectionId, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          ...BackupRow
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const BackupCreatedSubscription = graphql(`
  subscription BackupCreated {
    backupCreated {
      id
      ...BackupRow
    }
  }
`);

/** The filters of one history list: the query's variables without the page. */
export type HistoryFilter = Pick<BackupHistoryQueryVariables, "trigger" | "sectionId">;

function matches(backup: BackupRowFragment, filter: HistoryFilter): boolean {
  if (filter.trigger && backup.trigger !== filter.trigger) return false;
  if (filter.sectionId && !backup.sections.some((section) => section.sectionId === filter.sectionId))
    return false;
  return true;
}

/**
 * Puts `backup` on top of the cached list for `filter`, when it belongs there and is not there
 * yet: the history is newest first, and a backup just written is the newest. Lists for other
 * filters are left alone; the history revalidates a list whenever it is shown again.
 */
export function addToHistory(cache: ApolloCache, filter: HistoryFilter, backup: BackupRowFragment): void {
  if (!matches(backup, filter)) return;
  cache.updateQuery({ query: BackupHistoryQuery, variables: { ...filter, first: PAGE_SIZE } }, (data) =>
    withBackupOnTop(data, backup),
  );
}

export interface BackupHistoryProps {
  filter: HistoryFilter;
  onClearFilters(): void;
}

export function BackupHistory({ filter, onClearFilters }: BackupHistoryProps) {
  const session = useSession();
  const variables = { ...filter, first: PAGE_SIZE };
  const { data, previousData, error, networkStatus, fetchMore, refetch } = useQuery(BackupHistoryQuery, {
    variables,
    fetchPolicy: "cache-and-network",
    nextFetchPolicy: "cache-first",
    notifyOnNetworkStatusChange: true,
  });
  useSubscription(BackupCreatedSubscription, {
    onData: ({ client, data: created }) => {
      if (created.data) addToHistory(client.cache, filter, created.data.backupCreated);
    },
  });
  const connection = (data ?? previousData)?.backups;
  const times = useMemo(
    () => new Map((connection?.edges ?? []).map(({ node }) => [node.id, node.createdAt])),
    [connection],
  );
  const stale = !data && networkStatus === NetworkStatus.setVariables;
  const filtered = Boolean(filter.trigger || filter.sectionId);

  if (error && !connection) {
    return <LoadError title="Cannot load the backups" error={error} onRetry={() => void refetch()} />;
  }
  if (!connection) return <HistorySkeleton />;

  if (connection.edges.length === 0) {
    return (
      <Paper withBorder radius="md" p="xl">
        <EmptyState
          icon={filtered ? <IconFilterOff /> : <IconArchive />}
          title={filtered ? "No backup matches these filters" : "No backups yet"}
          description={
            filtered
              ? "Try another trigger or section, or clear the filters."
              : session.canOperate
                ? "Back up the bank now, and the backup appears here."
                : "Backups appear here once an operator or the automatic backup takes one."
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
        <Table highlightOnHover verticalSpacing="sm" horizontalSpacing="md" aria-label="Backups">
          <Table.Thead bg="var(--qvault-color-surface)">
            <Table.Tr>
              <Table.Th>Time</Table.Th>
              <Table.Th visibleFrom="sm">Trigger</Table.Th>
              <Table.Th visibleFrom="xl">Scope</Table.Th>
              <Table.Th visibleFrom="sm" miw={160}>
                Note
              </Table.Th>
              <Table.Th ta="right" visibleFrom="md">
                Questions
              </Table.Th>
              <Table.Th ta="right" visibleFrom="md">
                Changed
              </Table.Th>
              <Table.Th ta="right" visibleFrom="sm">
                Added
              </Table.Th>
              <Table.Th ta="right" visibleFrom="xl">
                Duration
              </Table.Th>
              {session.canManageBackups && (
                <Table.Th w={90}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {connection.edges.map(({ node }) => (
              <BackupRow key={node.id} backup={node} manage={session.canManageBackups} times={times} />
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
    </Stack>
  );
}

function HistorySkeleton() {
  return (
    <Paper withBorder radius="md" p="md" aria-busy aria-label="Loading backups">
      <Stack gap="md">
        {Array.from({ length: 6 }, (_, index) => (
          <Group key={index} gap="md" wrap="nowrap">
            <Skeleton height={14} w={160} />
            <Skeleton height={14} w={70} />
            <Skeleton height={14} style={{ flex: 1 }} />
            <Skeleton height={14} w={60} />
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
