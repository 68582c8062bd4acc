/**
 * Pin, unpin and delete one backup (ADMIN keys). Deleting asks first. A pinned backup cannot be
 * deleted: the button says so, and if the server knows it pinned when this page did not (another
 * admin pinned it meanwhile), its CONFLICT is explained and the backup re-read.
 */
import type { ApolloCache } from "@apollo/client";
import { useApolloClient, useMutation } from "@apollo/client/react";
import { ActionIcon, Alert, Button, Group, Modal, Stack, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconPin, IconPinFilled, IconPinnedOff, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { graphql } from "../../gql";
import { errorCode, errorMessage } from "../../lib/api-errors";
import { formatDateTime } from "../../lib/format";

const PinBackupMutation = graphql(`
  mutation PinBackup($id: ID!, $pinned: Boolean!) {
    pinBackup(id: $id, pinned: $pinned) {
      id
      pinned
    }
  }
`);

const DeleteBackupMutation = graphql(`
  mutation DeleteBackup($id: ID!) {
    deleteBackup(id: $id)
  }
`);

const BackupPinnedQuery = graphql(`
  query BackupPinned($id: ID!) {
    backup(id: $id) {
      id
      pinned
    }
  }
`);

/** Removes the backup from every cached history list and forgets it. */
function forgetBackup(cache: ApolloCache, backupId: string): void {
  cache.modify({
    fields: {
      backups(existing, { readField }) {
        const connection = existing as { edges: { node: unknown }[]; totalCount: number };
        const edges = connection.edges.filter(
          (edge) => readField("id", edge.node as Parameters<typeof readField>[1]) !== backupId,
        );
        if (edges.length === connection.edges.length) return existing;
        return { ...connection, edges, totalCount: connection.totalCount - 1 };
      },
    },
  });
  cache.evict({ id: cache.identify({ __typename: "Backup", id: backupId }) });
  cache.gc();
}

export interface BackupActionsProps {
  backup: { id: string; pinned: boolean; createdAt: string };
  /** Icons for a table row, labelled buttons for the backup's page. */
  variant: "icons" | "buttons";
  /** Called once the backup is deleted (the backup's page leaves). */
  onDeleted?(): void;
}

export function BackupActions({ backup, variant, onDeleted }: BackupActionsProps) {
  const client = useApolloClient();
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [pin, { loading: pinning }] = useMutation(PinBackupMutation);
  const [remove, { loading: deleting }] = useMutation(DeleteBackupMutation);
  const when = formatDateTime(backup.createdAt);

  const togglePin = async () => {
    try {
      await pin({ variables: { id: backup.id, pinned: !backup.pinned } });
    } catch (error) {
      notifications.show({ color: "red", title: "The backup was not changed", message: errorMessage(error) });
    }
  };

  const confirmDelete = async () => {
    setProblem(null);
    try {
      await remove({ variables: { id: backup.id }, update: (cache) => forgetBackup(cache, backup.id) });
      setConfirming(false);
      notifications.show({
        color: "green",
        title: "Backup deleted",
        message: `The backup of ${when} is gone.`,
      });
      onDeleted?.();
    } catch (error) {
      if (errorCode(error) === "CONFLICT") {
        setProblem(errorMessage(error));
        // The page thought it unpinned; learn the truth so the pin shows.
        void client.query({
          query: BackupPinnedQuery,
          variables: { id: backup.id },
          fetchPolicy: "network-only",
        });
      } else setProblem(errorMessage(error));
    }
  };

  const pinLabel = backup.pinned ? "Unpin this backup" : "Pin this backup";
  const deleteHint = backup.pinned
    ? "Pinned backups cannot be deleted; unpin it first"
    : "Delete this backup";
  const openConfirm = () => {
    setProblem(null);
    setConfirming(true);
  };

  return (
    <>
      {variant === "icons" ? (
        <Group gap={4} wrap="nowrap" justify="flex-end">
          <Tooltip label={pinLabel}>
            <ActionIcon
              variant="subtle"
              color={backup.pinned ? "grape" : "gray"}
              aria-label={pinLabel}
              loading={pinning}
              onClick={() => void togglePin()}
            >
              {backup.pinned ? <IconPinnedOff size={16} /> : <IconPin size={16} />}
            </ActionIcon>
          </Tooltip>
          <Tooltip label={deleteHint}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label="Delete this backup"
              data-disabled={backup.pinned || undefined}
              onClick={(event) => (backup.pinned ? event.preventDefault() : openConfirm())}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ) : (
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={backup.pinned ? <IconPinnedOff size={16} /> : <IconPinFilled size={16} />}
            loading={pinning}
            onClick={() => void togglePin()}
          >
            {backup.pinned ? "Unpin" : "Pin"}
          </Button>
          <Tooltip label={deleteHint} disabled={!backup.pinned}>
            <Button
              variant="light"
              color="red"
              leftSection={<IconTrash size={16} />}
              data-disabled={backup.pinned || undefined}
              onClick={(event) => (backup.pinned ? event.preventDefault() : openConfirm())}
            >
              Delete
            </Button>
          </Tooltip>
        </Group>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Delete this backup?" centered>
        <Stack gap="md">
          <Text size="sm">
            The backup of <b>{when}</b> leaves the history, and its data goes at the next cleanup. Other
            backups stay whole, even those built on it.
          </Text>
          {problem && (
            <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" title="Not deleted">
              {problem}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              Keep it
            </Button>
            <Button
              color="red"
              loading={deleting}
              disabled={backup.pinned}
              onClick={() => void confirmDelete()}
            >
              Delete backup
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
