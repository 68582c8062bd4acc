/**
 * The schedule: a cron expression, a few common ones to pick, and when it runs next. The saved
 * schedule's runs come with the settings; an edited one is asked about (`scheduleRuns`) a
 * moment after the typing stops, and the server checks it as a save would, so its BAD_USER_INPUT
 * message shows on the field before anything is saved. Asking saves nothing.
 */
import { useQuery } from "@apollo/client/react";
import { Button, Group, List, Loader, Stack, Text, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { graphql } from "../../gql";
import type { SettingsFieldsFragment } from "../../gql/graphql";
import { errorMessage, fieldIssues } from "../../lib/api-errors";
import { formatDateTime, formatRelative } from "../../lib/format";
import { fieldMessage, PREVIEW_DEBOUNCE_MS, type SettingsFormValues } from "./settings-form-values";

const ScheduleRunsQuery = graphql(`
  query ScheduleRuns($schedule: String!) {
    scheduleRuns(schedule: $schedule, count: 5)
  }
`);

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
  const edited = typed !== "" && typed !== saved;
  const [asked] = useDebouncedValue(typed, PREVIEW_DEBOUNCE_MS);
  const { data, previousData, error, loading } = useQuery(ScheduleRunsQuery, {
    variables: { schedule: asked },
    // Runs are relative to now: a schedule typed again later is asked again.
    fetchPolicy: "network-only",
    skip: asked === "" || asked === saved,
  });
  const busy = edited && (asked !== typed || loading);
  const refusal =
    edited && !busy && error ? fieldIssues(error).find((issue) => issue.field === "schedule") : undefined;
  const input = form.getInputProps("schedule");
  const runs = edited ? (data ?? previousData)?.scheduleRuns : settings.nextScheduledRuns;

  return (
    <Stack gap="sm">
      <TextInput
        label="Schedule"
        description="A cron expression in the server's time zone: minute, hour, day of month, month, day of week. Empty: no scheduled backup."
        placeholder="e.g. 0 3 * * *"
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        autoComplete="off"
        spellCheck={false}
        {...input}
        error={input.error ?? (refusal ? fieldMessage(refusal.field, refusal.message) : undefined)}
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
      <div aria-busy={busy}>
        <Group gap="xs">
          <Text size="sm" fw={600}>
            {edited ? "Next runs if you save this schedule" : "Next runs"}
          </Text>
          {busy && <Loader size={12} aria-label="Working out the next runs" />}
        </Group>
        {typed === "" ? (
          <Text size="sm" c="dimmed">
            No scheduled backups: only automatic and manual ones run.
          </Text>
        ) : refusal ? (
          <Text size="sm" c="dimmed">
            None until the schedule is valid.
          </Text>
        ) : edited && error && !busy ? (
          <Text size="sm" c="red">
            {errorMessage(error)}
          </Text>
        ) : !runs ? (
          <Text size="sm" c="dimmed">
            Working out when this schedule runs…
          </Text>
        ) : runs.length === 0 ? (
          <Text size="sm" c="dimmed">
            This schedule never fires.
          </Text>
        ) : (
          <List
            size="sm"
            spacing={2}
            listStyleType="none"
            aria-label="Next scheduled backups"
            style={{ opacity: busy ? 0.6 : 1 }}
          >
            {runs.map((run) => (
              <List.Item key={run}>
                <time dateTime={run}>{formatDateTime(run)}</time>{" "}
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
