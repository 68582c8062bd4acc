/** One card of the Settings form: a titled group of fields, found by its title. */
import { Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";

export interface SettingsSectionProps {
  title: string;
  description?: string;
  children: ReactNode;
}

export function SettingsSection({ title, description, children }: SettingsSectionProps) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title}>
      <Title order={3} size="h5">
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="md">
          {description}
        </Text>
      )}
      <Stack gap="md" mt={description ? 0 : "md"}>
        {children}
      </Stack>
    </Paper>
  );
}
