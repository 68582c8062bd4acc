/**
 * "New key": a name and a role, then the key's secret, shown once with a copy button. The
 * server keeps only a hash of it, so once this dialog closes nobody can see it again.
 */
import { useMutation } from "@apollo/client/react";
import {
  Alert,
  Button,
  Code,
  CopyButton,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import { useState } from "react";
import { graphql } from "../../gql";
import type { Role } from "../../gql/graphql";
import { errorMessage, fieldIssues } from "../../lib/api-errors";
import { ROLE_LABELS } from "../../lib/roles";

const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($name: String!, $role: Role!) {
    createApiKey(name: $name, role: $role) {
      apiKey {
        id
        ...ApiKeyRow
      }
      secret
    }
  }
`);

const ROLES: Role[] = ["VIEWER", "OPERATOR", "ADMIN"];

export function CreateKeyModal({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const [name, setName] = useState("");
  const [role, setRole] = useState<Role>("VIEWER");
  const [secret, setSecret] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [create, { loading }] = useMutation(CreateApiKeyMutation, { refetchQueries: ["ApiKeys"] });

  const close = () => {
    setName("");
    setRole("VIEWER");
    setSecret(null);
    setProblem(null);
    onClose();
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!name.trim()) {
      setProblem("Give the key a name: who or what uses it.");
      return;
    }
    try {
      const { data } = await create({ variables: { name: name.trim(), role } });
      if (data) setSecret(data.createApiKey.secret);
    } catch (thrown) {
      setProblem(fieldIssues(thrown)[0]?.message ?? errorMessage(thrown));
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={secret ? "Copy the new key now" : "New API key"} centered>
      {secret ? (
        <Stack gap="md">
          <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
            This is the only time the key is shown. Copy it and keep it somewhere safe.
          </Alert>
          <Code
            block
            style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}
            aria-label="The new key's secret"
          >
            {secret}
          </Code>
          <Group justify="flex-end">
            <CopyButton value={secret}>
              {({ copied, copy }) => (
                <Button
                  variant="light"
                  color={copied ? "teal" : undefined}
                  leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  onClick={copy}
                >
                  {copied ? "Copied" : "Copy the key"}
                </Button>
              )}
            </CopyButton>
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack gap="md">
            <TextInput
              label="Name"
              description="Who or what uses it, e.g. “Nightly export script”."
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={problem}
              data-autofocus
            />
            <Stack gap={4}>
              <Text size="sm" fw={500} id="new-key-role">
                Role
              </Text>
              <SegmentedControl
                aria-labelledby="new-key-role"
                value={role}
                onChange={(value) => setRole(value as Role)}
                data={ROLES.map((value) => ({ value, label: ROLE_LABELS[value].label }))}
                fullWidth
              />
              <Text size="xs" c="dimmed">
                {ROLE_LABELS[role].hint}
              </Text>
            </Stack>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={loading}>
                Create the key
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
