/**
 * The foot of a paged list: how many are shown of how many, "Load more", and a load error.
 * `ConnectionFooter` wires it to a cursor connection and the `useQuery` that loads it.
 */
import { NetworkStatus, type ObservableQuery, type OperationVariables } from "@apollo/client";
import type { useQuery } from "@apollo/client/react";
import { Alert, Button, Group, Text } from "@mantine/core";
import { errorMessage } from "../lib/api-errors";

export interface ListFooterProps {
  shown: number;
  total: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  error?: unknown;
  /** How the two counts read. @default String */
  format?: (count: number) => string;
}

export function ListFooter(props: ListFooterProps) {
  const format = props.format ?? String;
  return (
    <>
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          Showing {format(props.shown)} of {format(props.total)}
        </Text>
        {props.hasMore && (
          <Button variant="default" loading={props.loading} onClick={props.onLoadMore}>
            Load more
          </Button>
        )}
      </Group>
      {props.error ? (
        <Alert color="red" variant="light">
          {errorMessage(props.error)}
        </Alert>
      ) : null}
    </>
  );
}

/** What `ConnectionFooter` reads of a cursor connection. */
export interface PagedConnection {
  totalCount: number;
  edges: readonly unknown[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

export interface ConnectionFooterProps<TData, TVariables extends OperationVariables>
  extends Pick<ListFooterProps, "error" | "format"> {
  /** The connection on show (its pages so far). */
  connection: PagedConnection;
  /** The `useQuery` that loads it: "Load more" asks it for the page after the last edge. */
  fetchMore: useQuery.Result<TData, TVariables>["fetchMore"];
  networkStatus: NetworkStatus;
  variables: TVariables;
  /** How the next page joins the ones shown, for a query that does not cache (`no-cache`). */
  updateQuery?: ObservableQuery.FetchMoreOptions<TData, TVariables>["updateQuery"];
}

/** `ListFooter` for a connection: its counts, "Load more" with the next cursor, busy while it loads. */
export function ConnectionFooter<TData, TVariables extends OperationVariables>({
  connection,
  fetchMore,
  networkStatus,
  variables,
  updateQuery,
  ...rest
}: ConnectionFooterProps<TData, TVariables>) {
  return (
    <ListFooter
      shown={connection.edges.length}
      total={connection.totalCount}
      hasMore={connection.pageInfo.hasNextPage}
      loading={networkStatus === NetworkStatus.fetchMore}
      onLoadMore={() =>
        void fetchMore({ variables: { ...variables, after: connection.pageInfo.endCursor }, updateQuery })
      }
      {...rest}
    />
  );
}
