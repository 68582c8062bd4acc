/**
 * API keys at /keys, for ADMIN keys: every key with its role, when it was made and last used,
 * and whether it is revoked; "New key" (a name and a role), whose secret is shown once, with a
 * copy button, and never again; "Revoke", confirmed, which ends the key's access at once (the
 * server closes its subscriptions). Other roles are told that only ADMIN keys manage keys.
 */
import { useMutation, useQuery } from "@apollo/client/react";
import {
  Alert,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconKey, IconLock, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { LoadError } from "../../components/load-error";
import { RelativeTime } from "../../components/relative-time";
import { graphql } from "../../gql";
import type { ApiKeyRowFragment } from "../../gql/graphql";
import { errorMessage } from "../../lib/api-errors";
import { ROLE_LABELS } from "../../lib/roles";
import { useSession } from "../../lib/session";
import { CreateKeyModal } from "./create-key-modal";

graphql(`
  fragment ApiKeyRow on ApiKey {
    id
    name
    role
    createdAt
    lastUsedAt
    revokedAt
  }
`);

const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      id
      ...ApiKeyRow
    }
  }
`);

const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      ...ApiKeyRow
    }
  }
`);

export function KeysPage() {
  const session = useSession();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKeyRowFragment | null>(null);
  const { data, error, refetch } = useQuery(ApiKeysQuery, { skip: session.role !== "ADMIN" });
  const [revoke, { loading: revokingNow }] = useMutation(RevokeApiKeyMutation);

  const confirmRevoke = async () => {
    if (!revoking) return;
    try {
      await revoke({ variables: { id: revoking.id } });
      notifications.show({
        color: "green",
        title: "Key revoked",
        message: `“${revoking.name}” no longer opens qvault.`,
      });
      setRevoking(null);
    } catch (thrown) {
      notifications.show({ color: "red", title: "The key was not revoked", message: errorMessage(thrown) });
    }
  };

  const heading = (
    <Group justify="space-between" align="flex-end" wrap="wrap">
      <div>
        <Title order={2}>API keys</Title>
        <Text c="dimmed" size="sm">
          One key for each person or script that uses qvault, with the least role it needs.
        </Text>
      </div>
      {session.role === "ADMIN" && (
        <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
          New key
        </Button>
      )}
    </Group>
  );

  if (session.role !== "ADMIN") {
    return (
      <Stack gap="lg">
        {heading}
        <Alert color="gray" icon={<IconLock size={18} />}>
          Your key is {session.role}: only ADMIN keys list, create and revoke keys.
        </Alert>
      </Stack>
    );
  }

  const keys = data?.apiKeys;
  return (
    <Stack gap="lg">
      {heading}
      {error && !keys ? (
        <LoadError title="Cannot load the keys" error={error} onRetry={() => void refetch()} />
      ) : !keys ? (
        <Skeleton height={200} aria-label="Loading the keys" />
      ) : (
        <Paper withBorder radius="md" style={{ overflow: "auto", position: "relative" }}>
          <Table verticalSpacing="sm" aria-label="API keys">
            <Table.Thead bg="var(--qvault-color-surface)">
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th visibleFrom="sm">Created</Table.Th>
                <Table.Th visibleFrom="sm">Last used</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {keys.map((key) => (
                <Table.Tr key={key.id} data-key-id={key.id} data-revoked={key.revokedAt !== null}>
                  <Table.Td style={{ overflowWrap: "anywhere" }}>
                    <Group gap={6} wrap="nowrap">
                      <IconKey size={14} aria-hidden />
                      <Text size="sm" fw={500}>
                        {key.name}
                      </Text>
                    </Group>
                    {key.name === session.keyName && (
                      <Text size="xs" c="dimmed">
                        The key you signed in with
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={ROLE_LABELS[key.role].hint} multiline maw={260}>
                      <Badge
                        variant="light"
                        color={ROLE_LABELS[key.role].color}
                        radius="sm"
                        tt="none"
                        data-role={key.role}
                      >
                        {ROLE_LABELS[key.role].label}
                      </Badge>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm">
                      <RelativeTime iso={key.createdAt} />
                    </Text>
                  </Table.Td>
                  <Table.Td visibleFrom="sm">
                    <Text size="sm" c={key.lastUsedAt ? undefined : "dimmed"}>
                      {key.lastUsedAt ? <RelativeTime iso={key.lastUsedAt} /> : "Never"}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    {key.revokedAt ? (
                      <Badge variant="outline" color="gray" radius="sm" tt="none">
                        Revoked <RelativeTime iso={key.revokedAt} />
                      </Badge>
                    ) : (
                      <Button
                        size="compact-sm"
                        variant="default"
                        color="red"
                        onClick={() => setRevoking(key)}
                      >
                        Revoke
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}
      <CreateKeyModal opened={creating} onClose={() => setCreating(false)} />
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke this key?" centered>
        <Stack gap="md">
          <Text size="sm">
            “{revoking?.name}” stops working at once: requests with it are refused and its live updates end.
            This cannot be undone; make a new key instead.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setRevoking(null)} data-autofocus>
              Keep the key
            </Button>
            <Button color="red" loading={revokingNow} onClick={() => void confirmRevoke()}>
              Revoke the key
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
