/**
 * The system's health, live: `healthChanged` sends the health as it is when it starts, then
 * again whenever the status, a check, the pending changes or the storage change. Nothing is
 * polled and nothing is asked over HTTP; after a lost connection the subscription starts again
 * and its first event brings the page up to date.
 */
import { useSubscription } from "@apollo/client/react";
import { graphql } from "../../gql";
import type { DashboardHealthFragment } from "../../gql/graphql";

graphql(`
  fragment DashboardHealth on SystemHealth {
    status
    checks {
      name
      status
      message
    }
    lastBackupAt
    lastFailure {
      code
      message
    }
    unresolvedFailures {
      id
      kind
      finishedAt
      error {
        code
        message
      }
    }
    pendingChanges
    pendingSince
    storage {
      bytesOnDisk
      logicalBytes
      compressionRatio
      dedupRatio
      snapshotCount
      recordCount
      freeBytes
    }
    nextScheduledBackupAt
  }
`);

const HealthChangedSubscription = graphql(`
  subscription DashboardHealthChanged {
    healthChanged {
      ...DashboardHealth
    }
  }
`);

export interface LiveHealth {
  /** The latest health, or null until the first event. */
  health: DashboardHealthFragment | null;
  error: unknown;
  /** Subscribes again, after an error. */
  restart(): void;
}

export function useLiveHealth(): LiveHealth {
  const { data, error, restart } = useSubscription(HealthChangedSubscription);
  return { health: data?.healthChanged ?? null, error: error ?? null, restart };
}
