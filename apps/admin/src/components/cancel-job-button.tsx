/**
 * "Cancel" for a job followed live (a running backup, a restore): sends `cancelJob` and shows a
 * notice when the server refuses. The job's new state comes back with its `JobProgress`
 * fragment, so whatever shows the job updates from the cache. The caller decides when it shows
 * (while the job runs, for keys that may operate).
 */
import { useMutation } from "@apollo/client/react";
import { Button } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { graphql } from "../gql";
import { errorMessage } from "../lib/api-errors";

const CancelJobButtonMutation = graphql(`
  mutation CancelJobButton($id: ID!) {
    cancelJob(id: $id) {
      id
      ...JobProgress
    }
  }
`);

export function CancelJobButton({ jobId }: { jobId: string }) {
  const [cancel, { loading }] = useMutation(CancelJobButtonMutation);
  return (
    <Button
      size="xs"
      variant="default"
      loading={loading}
      onClick={() =>
        void cancel({ variables: { id: jobId } }).catch((thrown: unknown) =>
          notifications.show({ color: "red", title: "Could not cancel", message: errorMessage(thrown) }),
        )
      }
    >
      Cancel
    </Button>
  );
}
