/** The admin's providers: Mantine (theme, notifications), Apollo, the router. */
import { ApolloProvider } from "@apollo/client/react";
import { createTheme, MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { RouterProvider } from "react-router/dom";
import { createApolloClient } from "../lib/apollo-client";
import { createRouter } from "./router";

const theme = createTheme({
  primaryColor: "blue",
  defaultRadius: "md",
  fontFamily:
    "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  headings: { fontWeight: "650" },
});

// One of each for the page's lifetime (not per render, and not twice under StrictMode).
const client = createApolloClient();
const router = createRouter();

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <ApolloProvider client={client}>
        <RouterProvider router={router} />
      </ApolloProvider>
    </MantineProvider>
  );
}
