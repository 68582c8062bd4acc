/**
 * The schedule: a cron expression, a few common ones to pick, and when the saved schedule runs
 * next. The next runs are the server's answer for the saved expression, so an edited one shows
 * its runs once saved.
 */
import { Button, Group, List, Stack, Text, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import type { SettingsFieldsFragment } from "../../gql/graphql";
import { formatDateTime, formatRelative } from "../../lib/format";
import type { SettingsFormValues } from "./settings-form-values";

const PRESETS = [
  { label: "Daily at 03:00", cron: "0 3 * * *" },
  { label: "Every 6 hours", cron: "0 */6 * * *" },
  { label: "Hourly", cron: "0 * * * *" },
  { label: "Mondays at 03:00", cron: "0 3 * * 1" },
] as const;

export interface ScheduleFieldProps {
  form: UseFormReturnType<SettingsFormValues>;
  settings: SettingsFieldsFragment;
  readOnly: boolean;
}

export function ScheduleField({ form, settings, readOnly }: ScheduleFieldProps) {
  const typed = form.values.schedule.trim();
  const saved = settings.schedule ?? "";
  return (
    <Stack gap="sm">
      <TextInput
        label="Schedule"
        description="A cron expression in the server's time zone: minute, hour, day of month, month, day of week. Empty: no scheduled backup."
        placeholder="e.g. 0 3 * * *"
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        autoComplete="off"
        spellCheck={false}
        {...form.getInputProps("schedule")}
      />
      {!readOnly && (
        <Group gap={6}>
          {PRESETS.map((preset) => (
            <Button
              key={preset.cron}
              size="compact-xs"
              variant={typed === preset.cron ? "light" : "default"}
              onClick={() => form.setFieldValue("schedule", preset.cron)}
            >
              {preset.label}
            </Button>
          ))}
        </Group>
      )}
      <div>
        <Text size="sm" fw={600}>
          Next runs
        </Text>
        {typed !== saved ? (
          <Text size="sm" c="dimmed">
            Save to see when this schedule runs.
          </Text>
        ) : settings.nextScheduledRuns.length === 0 ? (
          <Text size="sm" c="dimmed">
            No scheduled backups: only automatic and manual ones run.
          </Text>
        ) : (
          <List size="sm" spacing={2} listStyleType="none" aria-label="Next scheduled backups">
            {settings.nextScheduledRuns.map((run) => (
              <List.Item key={run}>
                {formatDateTime(run)}{" "}
                <Text span size="sm" c="dimmed">
                  ({formatRelative(run)})
                </Text>
              </List.Item>
            ))}
          </List>
        )}
      </div>
    </Stack>
  );
}
