/** Guards the signed-in part of the app: no key → sign-in screen; a key → `me`, then the page. */
import { useQuery } from "@apollo/client/react";
import { Alert, Button, Center, Loader, Stack } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { type ReactNode, useMemo } from "react";
import { Navigate, useLocation } from "react-router";
import { errorMessage } from "../lib/api-errors";
import { clearApiKey, useApiKey } from "../lib/api-key-store";
import { type Session, SessionContext, SessionMeQuery } from "../lib/session";

export function RequireSession({ children }: { children: ReactNode }) {
  const key = useApiKey();
  const location = useLocation();
  if (!key)
    return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />;
  return <SessionGate>{children}</SessionGate>;
}

function SessionGate({ children }: { children: ReactNode }) {
  const { data, error, refetch } = useQuery(SessionMeQuery);
  const me = data?.me;
  const session = useMemo<Session | null>(
    () =>
      me
        ? {
            keyName: me.name,
            role: me.role,
            canWriteBank: me.role === "ADMIN",
            canOperate: me.role === "ADMIN" || me.role === "OPERATOR",
            canManageBackups: me.role === "ADMIN",
            canChangeSettings: me.role === "ADMIN",
            signOut: () => clearApiKey("signed-out"),
          }
        : null,
    [me],
  );

  if (session) return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
  if (error) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={440}>
          <Alert color="red" icon={<IconAlertTriangle />} title="Cannot load your session">
            {errorMessage(error)}
          </Alert>
          <Button variant="default" onClick={() => void refetch()}>
            Try again
          </Button>
        </Stack>
      </Center>
    );
  }
  return (
    <Center h="100vh">
      <Loader aria-label="Loading" />
    </Center>
  );
}
