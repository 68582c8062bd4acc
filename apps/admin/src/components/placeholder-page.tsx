/** A page whose feature has not arrived yet: says plainly what will be here, shows no fake data. */
import { EmptyState, Paper, Stack, Title } from "@mantine/core";
import type { ReactNode } from "react";

export interface PlaceholderPageProps {
  title: string;
  icon: ReactNode;
  /** What the page will do, in one or two sentences. */
  coming: ReactNode;
  /** Where to go meanwhile, if anywhere. */
  actions?: ReactNode;
}

export function PlaceholderPage({ title, icon, coming, actions }: PlaceholderPageProps) {
  return (
    <Stack gap="lg" maw={960}>
      <Title order={2}>{title}</Title>
      <Paper withBorder radius="md" p="xl">
        <EmptyState icon={icon} variant="light" title="Not here yet" description={coming}>
          {actions ? <EmptyState.Actions>{actions}</EmptyState.Actions> : null}
        </EmptyState>
      </Paper>
    </Stack>
  );
}
