/**
 * The sign-in screen: paste an API key, check it with `me`, keep it in localStorage. The key
 * is only stored once the server accepted it.
 */
import { useApolloClient } from "@apollo/client/react";
import { Alert, Button, Center, Code, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { IconAlertCircle, IconBoxMultiple, IconKey } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { Navigate, useLocation } from "react-router";
import { graphql } from "../../gql";
import { errorCode, errorMessage } from "../../lib/api-errors";
import { setApiKey, signOutReason, useApiKey } from "../../lib/api-key-store";
import { SessionMeQuery } from "../../lib/session";

const SignInCheckQuery = graphql(`
  query SignInCheck {
    me {
      id
      name
      role
    }
  }
`);

const REJECTED = "This key is unknown or revoked";

export function SignInPage() {
  const client = useApolloClient();
  const key = useApiKey();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [candidate, setCandidate] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  if (key) return <Navigate to={from} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = candidate.trim().replace(/^Bearer\s+/i, "");
    if (!trimmed) {
      setError("Paste an API key first");
      return;
    }
    setChecking(true);
    setError(null);
    try {
      const { data } = await client.query({
        query: SignInCheckQuery,
        fetchPolicy: "no-cache",
        context: { apiKey: trimmed, keepSession: true },
      });
      if (!data) throw new Error("empty answer");
      await client.clearStore();
      client.writeQuery({ query: SessionMeQuery, data: { me: data.me } });
      setApiKey(trimmed);
    } catch (thrown) {
      setError(errorCode(thrown) === "UNAUTHENTICATED" ? REJECTED : errorMessage(thrown));
    } finally {
      setChecking(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="var(--qvault-color-surface)">
      <Paper withBorder shadow="sm" radius="md" p="xl" w="100%" maw={440}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <Group gap="xs">
              <IconBoxMultiple size={28} color="var(--mantine-color-blue-6)" aria-hidden />
              <Title order={1} size="h2">
                qvault
              </Title>
            </Group>
            <Text c="dimmed" size="sm">
              Sign in with an API key to manage the question bank and its backups.
            </Text>
            {signOutReason() === "rejected" && !error && (
              <Alert color="yellow" icon={<IconAlertCircle />}>
                The server no longer accepts your key. Sign in with another one.
              </Alert>
            )}
            <PasswordInput
              label="API key"
              placeholder="qv_…"
              leftSection={<IconKey size={16} />}
              value={candidate}
              onChange={(event) => setCandidate(event.currentTarget.value)}
              error={error}
              autoComplete="off"
              spellCheck={false}
              data-autofocus
              autoFocus
            />
            <Button type="submit" loading={checking} fullWidth>
              Sign in
            </Button>
            <Text size="xs" c="dimmed">
              The first admin key is the <Code>QVAULT_ADMIN_TOKEN</Code> the server started with, or the one
              it printed on its first start. Once signed in with an admin key, create a key for each person or
              script on the <strong>API keys</strong> page (/keys).
            </Text>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
