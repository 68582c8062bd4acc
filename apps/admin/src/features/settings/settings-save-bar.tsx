/** The bar at the foot of the Settings form, kept in view: whether there are changes, Discard, Save. */
import { Box, Button, Group, Text } from "@mantine/core";

export interface SettingsSaveBarProps {
  dirty: boolean;
  saving: boolean;
  /** Why the last Save failed, when the fields marked say the rest. */
  problem: string | null;
  onDiscard(): void;
}

export function SettingsSaveBar({ dirty, saving, problem, onDiscard }: SettingsSaveBarProps) {
  return (
    <Box
      pos="sticky"
      bottom={0}
      py="md"
      bg="var(--mantine-color-gray-0)"
      style={{ borderTop: "1px solid var(--mantine-color-default-border)", zIndex: 1 }}
    >
      <Group justify="space-between">
        {problem ? (
          <Text size="sm" c="red" role="alert">
            {problem}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {dirty ? "Unsaved changes" : "No changes"}
          </Text>
        )}
        <Group gap="sm">
          <Button variant="default" disabled={!dirty} onClick={onDiscard}>
            Discard changes
          </Button>
          <Button type="submit" loading={saving}>
            Save
          </Button>
        </Group>
      </Group>
    </Box>
  );
}
