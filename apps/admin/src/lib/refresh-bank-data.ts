/**
 * After a restore the bank is not what the cache remembers: questions, sections, their counts,
 * the backups (a safety backup was added) and the jobs. This drops those lists from the cache so
 * the next page that shows one asks the server again, and refetches the queries on show now
 * without blanking them (they keep their data until the fresh answer arrives).
 */
import type { ApolloClient } from "@apollo/client";

/** Root fields whose answers a restore may change. */
const STALE_AFTER_RESTORE = [
  "questions",
  "question",
  "sections",
  "section",
  "backups",
  "jobs",
  "systemHealth",
] as const;

/** Forgets what a restore changed and refetches what is on show. */
export async function refreshBankData(client: ApolloClient): Promise<void> {
  await client.refetchQueries({
    updateCache(cache) {
      for (const fieldName of STALE_AFTER_RESTORE) cache.evict({ id: "ROOT_QUERY", fieldName });
    },
    // Refetch each affected query ourselves and skip the broadcast of its now incomplete data,
    // which would show a loading state in its place until the answer came.
    onQueryUpdated(observable) {
      // A failed refetch shows as that query's error where it is rendered.
      observable.refetch().catch(() => undefined);
      return false;
    },
  });
}
