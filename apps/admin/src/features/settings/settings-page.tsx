/**
 * Settings: how and when the bank is backed up (automatic backups, the schedule), which backups
 * are kept (the retention policy, with a live preview of what it would delete), automatic
 * cleanup and compression. Everyone signed in may read them; only ADMIN keys may save.
 */
import { useQuery } from "@apollo/client/react";
import { Skeleton, Stack, Text, Title } from "@mantine/core";
import { LoadError } from "../../components/load-error";
import { graphql } from "../../gql";
import { NotificationSettings } from "./notification-settings";
import { SettingsForm } from "./settings-form";

graphql(`
  fragment SettingsFields on BackupSettings {
    autoBackupEnabled
    autoBackupDebounceMs
    autoBackupMaxDelayMs
    schedule
    retention {
      keepLast
      keepHourly
      keepDaily
      keepWeekly
      keepMonthly
      keepYearly
      keepWithinDays
      keepDeliberateDays
      groupByTrigger
    }
    autoPruneEnabled
    compressionQuality
    encrypted
    nextScheduledRuns(count: 5)
    copyTo
    copyAfterBackup
    copySchedule
    drillSchedule
  }
`);

const SettingsQuery = graphql(`
  query BackupSettingsPage {
    backupSettings {
      ...SettingsFields
    }
  }
`);

export function SettingsPage() {
  const { data, error, refetch } = useQuery(SettingsQuery, { fetchPolicy: "cache-and-network" });

  return (
    <Stack gap="lg" maw={1100}>
      <div>
        <Title order={2}>Settings</Title>
        <Text c="dimmed" size="sm">
          How and when the bank is backed up, and which backups are kept. Changes apply at once, without a
          restart.
        </Text>
      </div>
      {data ? (
        <>
          <SettingsForm settings={data.backupSettings} />
          <NotificationSettings />
        </>
      ) : error ? (
        <LoadError title="Cannot load the settings" error={error} onRetry={() => void refetch()} />
      ) : (
        <Stack gap="md" aria-busy aria-label="Loading the settings">
          <Skeleton height={160} radius="md" />
          <Skeleton height={120} radius="md" />
          <Skeleton height={260} radius="md" />
        </Stack>
      )}
    </Stack>
  );
}
