/**
 * The newest backups, for the dashboard's last backup and its charts: one page of up to 100,
 * newest first, then every backup written while the page is open, put on top through the
 * `backupCreated` subscription (no refetch, no polling).
 */
import type { ApolloCache } from "@apollo/client";
import { useQuery, useSubscription } from "@apollo/client/react";
import { graphql } from "../../gql";
import type { DashboardBackupFragment } from "../../gql/graphql";
import { withBackupOnTop } from "../../lib/backup-connection";

/** How many backups the charts start with: the API's largest page. */
export const RECENT_BACKUPS = 100;

graphql(`
  fragment DashboardBackup on Backup {
    id
    createdAt
    trigger
    changedCount
    addedBytes
    logicalBytes
    durationMs
  }
`);

const RecentBackupsQuery = graphql(`
  query DashboardBackups($first: Int!) {
    backups(first: $first) {
      totalCount
      edges {
        cursor
        node {
          id
          ...DashboardBackup
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
  subscription DashboardBackupCreated {
    backupCreated {
      id
      ...DashboardBackup
    }
  }
`);

/** Puts a backup just written on top of the cached list, once. */
function addBackup(cache: ApolloCache, backup: DashboardBackupFragment): void {
  cache.updateQuery({ query: RecentBackupsQuery, variables: { first: RECENT_BACKUPS } }, (data) =>
    withBackupOnTop(data, backup),
  );
}

export interface RecentBackups {
  /** Newest first; null until loaded. */
  backups: DashboardBackupFragment[] | null;
  /** Every backup there is, beyond the ones loaded. */
  totalCount: number;
  error: unknown;
  refetch(): void;
}

export function useRecentBackups(): RecentBackups {
  const { data, error, refetch } = useQuery(RecentBackupsQuery, {
    variables: { first: RECENT_BACKUPS },
    fetchPolicy: "cache-and-network",
    nextFetchPolicy: "cache-first",
  });
  useSubscription(BackupCreatedSubscription, {
    onData: ({ client, data: created }) => {
      if (created.data) addBackup(client.cache, created.data.backupCreated);
    },
  });
  return {
    backups: data ? data.backups.edges.map((edge) => edge.node) : null,
    totalCount: data?.backups.totalCount ?? 0,
    error: error ?? null,
    refetch: () => void refetch(),
  };
}
