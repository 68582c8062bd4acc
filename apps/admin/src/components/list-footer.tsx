/** The foot of a paged list: how many are shown of how many, "Load more", and a load error. */
import { Alert, Button, Group, Text } from "@mantine/core";
import { errorMessage } from "../lib/api-errors";

export function ListFooter(props: {
  shown: number;
  total: number;
  hasMore: boolean;
  loading: boolean;
  onLoadMore: () => void;
  error?: unknown;
  /** How the two counts read. @default String */
  format?: (count: number) => string;
}) {
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
