/**
 * Finds the restore a reload interrupted (see `pending-restore.ts`): the newest restores (once,
 * over HTTP) and the jobs queued or running now and from now on (`jobUpdates`, which sends those
 * first) are searched for the job the note asked for. Found, it is handed to `onFound`; not
 * found within `giveUpMs`, the note is forgotten and `gaveUp` is true.
 */
import { useQuery, useSubscription } from "@apollo/client/react";
import { useEffect, useState } from "react";
import { graphql } from "../../gql";
import { forgetPendingRestore, isPendingRestoreJob, type PendingRestore } from "./pending-restore";

const RecentRestoresQuery = graphql(`
  query PendingRestoreRecent {
    jobs(kind: RESTORE, first: 10) {
      edges {
        node {
          id
          kind
          input
          createdAt
        }
      }
    }
  }
`);

const RestoreUpdatesSubscription = graphql(`
  subscription PendingRestoreUpdates {
    jobUpdates {
      id
      kind
      input
      createdAt
    }
  }
`);

export function usePendingRestore(
  pending: PendingRestore | null,
  onFound: (jobId: string) => void,
  giveUpMs = 15_000,
): { gaveUp: boolean } {
  const [gaveUp, setGaveUp] = useState(false);
  const [foundId, setFoundId] = useState<string | null>(null);
  const looking = pending !== null && !gaveUp && foundId === null;
  const recent = useQuery(RecentRestoresQuery, { skip: !looking, fetchPolicy: "network-only" });
  // Each update is checked as it comes: the next one would replace it.
  useSubscription(RestoreUpdatesSubscription, {
    skip: !looking,
    onData: ({ data }) => {
      const job = data.data?.jobUpdates;
      if (pending && job && isPendingRestoreJob(pending, job)) setFoundId(job.id);
    },
  });
  const fromList = pending
    ? recent.data?.jobs.edges.map((edge) => edge.node).find((job) => isPendingRestoreJob(pending, job))
    : undefined;
  const found = foundId ?? fromList?.id ?? null;

  useEffect(() => {
    if (!found) return;
    forgetPendingRestore();
    onFound(found);
  }, [found, onFound]);

  useEffect(() => {
    if (!looking) return;
    const timer = window.setTimeout(() => {
      forgetPendingRestore();
      setGaveUp(true);
    }, giveUpMs);
    return () => window.clearTimeout(timer);
  }, [looking, giveUpMs]);

  return { gaveUp };
}
