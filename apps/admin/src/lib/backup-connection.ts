/**
 * A backup just written, put on top of a cached `backups` connection (newest first): lists that
 * follow `backupCreated` update the cache with it instead of refetching.
 */

/** The part of a `backups` query's data this changes. */
export interface BackupsData<Node extends { id: string }> {
  backups: {
    totalCount: number;
    edges: { __typename?: "BackupEdge"; cursor: string; node: Node }[];
  };
}

/**
 * `data` with `backup` as its first edge and one more in `totalCount`; undefined (leave the
 * cache as it is) when there is no data yet or the backup is already there, so that a backup
 * that arrives twice is listed once.
 */
export function withBackupOnTop<Node extends { id: string }, Data extends BackupsData<Node>>(
  data: Data | null | undefined,
  backup: Node,
): Data | undefined {
  if (!data || data.backups.edges.some((edge) => edge.node.id === backup.id)) return undefined;
  return {
    ...data,
    backups: {
      ...data.backups,
      totalCount: data.backups.totalCount + 1,
      edges: [{ __typename: "BackupEdge" as const, cursor: backup.id, node: backup }, ...data.backups.edges],
    },
  };
}
