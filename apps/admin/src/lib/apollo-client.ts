/**
 * The one Apollo Client of the admin: queries and mutations over HTTP, subscriptions over a
 * graphql-ws WebSocket, both on /graphql and both presenting the stored API key. An
 * UNAUTHENTICATED answer on either transport clears the key, which sends the user back to
 * the sign-in screen. An operation may bring its own key in `context.apiKey` (sign-in checks a
 * candidate key that way) and opt out of that redirect with `context.keepSession`.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
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

/** Connection-level typePolicies: pages of `questions` are merged when fetched with `after`. */
function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          questions: {
            keyArgs: ["sectionId", "search"],
            merge(existing: { edges: unknown[] } | undefined, incoming: { edges: unknown[] }, { args }) {
              if (!existing || !args?.after) return incoming;
              return { ...incoming, edges: [...existing.edges, ...incoming.edges] };
            },
          },
        },
      },
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
