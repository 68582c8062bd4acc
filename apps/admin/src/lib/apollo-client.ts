/**
 * The one Apollo Client of the admin: queries and mutations over HTTP, subscriptions over a
 * graphql-ws WebSocket, both on /graphql and both presenting the stored API key. An
 * UNAUTHENTICATED answer on either transport clears the key, which sends the user back to
 * the sign-in screen. An operation may bring its own key in `context.apiKey` (sign-in checks a
 * candidate key that way) and opt out of that redirect with `context.keepSession`. When the
 * WebSocket reconnects, the queries on show are refetched, since subscription events sent while
 * it was down are lost.
 */
import { ApolloClient, ApolloLink, type FieldPolicy, HttpLink, InMemoryCache } from "@apollo/client";
import { ErrorLink } from "@apollo/client/link/error";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { OperationTypeNode } from "graphql";
import { CloseCode, createClient } from "graphql-ws";
import { isUnauthenticated } from "./api-errors";
import { clearApiKey, getApiKey, onApiKeyChange } from "./api-key-store";

const GRAPHQL_PATH = "/graphql";

function bearer(key: string | null): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}

function webSocketUrl(): string {
  const url = new URL(GRAPHQL_PATH, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.toString();
}

const authLink = new ApolloLink((operation, forward) => {
  const { apiKey } = operation.getContext() as { apiKey?: string };
  operation.setContext(({ headers }: { headers?: Record<string, string> }) => ({
    headers: { ...headers, ...bearer(apiKey ?? getApiKey()) },
  }));
  return forward(operation);
});

const signOutOnRejectedKey = new ErrorLink(({ error, operation }) => {
  const { keepSession } = operation.getContext() as { keepSession?: boolean };
  if (!keepSession && isUnauthenticated(error)) clearApiKey("rejected");
});

/**
 * A cursor connection whose pages are appended when fetched with `after`; a fetch without
 * `after` (a first load, a refetch) replaces what was there. `keyArgs` are the filters that
 * make a different list; `first` and `after` only page through one.
 */
function pagedConnection(keyArgs: string[]): FieldPolicy<{ edges: unknown[] }> {
  return {
    keyArgs,
    merge(existing, incoming, { args }) {
      if (!existing || !args?.after) return incoming;
      return { ...incoming, edges: [...existing.edges, ...incoming.edges] };
    },
  };
}

/**
 * The cache's typePolicies. A `QuestionSnapshot` is a question as one backup holds it: its id is
 * the live question's, so it must not be normalized by id (two backups may hold different
 * versions of it); it stays inside the page of the backup that holds it. `BackupSettings` has no
 * id but there is only one: a singleton, so what updateBackupSettings returns replaces what the
 * Settings page shows.
 */
function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          questions: pagedConnection(["sectionId", "search"]),
          backups: pagedConnection(["trigger", "sectionId", "from", "to"]),
          jobs: pagedConnection(["kind", "status"]),
        },
      },
      Backup: { fields: { questions: pagedConnection(["sectionId", "search"]) } },
      QuestionSnapshot: { keyFields: false },
      BackupSettings: { keyFields: [] },
    },
  });
}

/** Creates the client; call once at start-up. */
export function createApolloClient(): ApolloClient {
  const wsClient = createClient({
    url: webSocketUrl(),
    lazy: true,
    connectionParams: () => bearer(getApiKey()),
    on: {
      closed: (event) => {
        if ((event as CloseEvent).code === CloseCode.Unauthorized) clearApiKey("rejected");
      },
      // Subscriptions carry what happens while they are in place; after a lost connection the
      // lists on show catch up on what was missed meanwhile.
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) void client.refetchQueries({ include: "active" });
      },
    },
  });
  const transport = ApolloLink.split(
    ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(wsClient),
    new HttpLink({ uri: GRAPHQL_PATH }),
  );
  const client = new ApolloClient({
    link: ApolloLink.from([signOutOnRejectedKey, authLink, transport]),
    cache: createCache(),
  });
  onApiKeyChange(() => {
    // A socket opened with the previous key must not outlive it, nor may its data.
    wsClient.terminate();
    if (getApiKey() === null) void client.clearStore();
  });
  return client;
}
