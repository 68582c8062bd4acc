/** The admin's providers: Mantine (theme, notifications), Apollo, the router. */
import { ApolloProvider } from "@apollo/client/react";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { RouterProvider } from "react-router/dom";
import { createApolloClient } from "../lib/apollo-client";
import { createRouter } from "./router";
import { cssVariablesResolver, theme } from "./theme";

// One of each for the page's lifetime (not per render, and not twice under StrictMode).
const client = createApolloClient();
const router = createRouter();

export function App() {
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="auto">
      {/* Bottom left, no wider than the navbar: never over a drawer's close button or a form's Save. */}
      <Notifications position="bottom-left" containerWidth={204} />
      <ApolloProvider client={client}>
        <RouterProvider router={router} />
      </ApolloProvider>
    </MantineProvider>
  );
}
