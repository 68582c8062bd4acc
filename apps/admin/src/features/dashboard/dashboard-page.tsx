/**
 * The dashboard: is the system healthy (status and checks at the top), when was the last backup,
 * what is waiting for one, when the schedule runs next, how the repository is stored, whether
 * the bank was protected over the last 30 days (recovery point, backups per day, drills, storage
 * and its forecast), and charts of the newest backups. Everything that changes arrives live: the health over
 * `healthChanged`, new backups over `backupCreated`. The page never polls.
 */
import { Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { lazy, Suspense } from "react";
import { LoadError } from "../../components/load-error";
import { useNow } from "../../lib/use-now";
import { HealthSummary } from "./health-summary";
import { StatusCards } from "./status-cards";
import { useLiveHealth } from "./use-live-health";
import { useRecentBackups } from "./use-recent-backups";

const BackupCharts = lazy(() =>
  import("./backup-charts").then((module) => ({ default: module.BackupCharts })),
);
const ProtectionCharts = lazy(() =>
  import("./protection-charts").then((module) => ({ default: module.ProtectionCharts })),
);

export function DashboardPage() {
  const now = useNow(10_000);
  const { health, error: healthError, restart } = useLiveHealth();
  const recent = useRecentBackups();

  return (
    <Stack gap="lg">
      <div>
        <Title order={2}>Dashboard</Title>
        <Text c="dimmed" size="sm">
          The state of the backups at a glance, kept up to date as it changes.
        </Text>
      </div>

      {health ? (
        <>
          <HealthSummary health={health} />
          <StatusCards health={health} backups={recent.backups} now={now} />
        </>
      ) : healthError ? (
        <LoadError title="Cannot follow the system's health" error={healthError} onRetry={restart} />
      ) : (
        <DashboardSkeleton />
      )}

      {recent.backups ? (
        <Suspense fallback={<ChartsSkeleton />}>
          <ProtectionCharts backups={recent.backups} now={now} />
          <BackupCharts backups={recent.backups} totalCount={recent.totalCount} />
        </Suspense>
      ) : recent.error ? (
        <LoadError
          title="Cannot load the backups for the charts"
          error={recent.error}
          onRetry={recent.refetch}
        />
      ) : (
        <ChartsSkeleton />
      )}
    </Stack>
  );
}

function DashboardSkeleton() {
  return (
    <Stack gap="md" aria-busy aria-label="Loading the system's health">
      <Paper withBorder radius="md" p="md">
        <Group gap="md">
          <Skeleton circle height={48} />
          <Stack gap={6} style={{ flex: 1 }}>
            <Skeleton height={18} w={220} />
            <Skeleton height={12} w={320} />
          </Stack>
        </Group>
        <Stack gap={10} mt="lg">
          {Array.from({ length: 6 }, (_, index) => (
            <Skeleton key={index} height={12} />
          ))}
        </Stack>
      </Paper>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        {Array.from({ length: 3 }, (_, index) => (
          <Skeleton key={index} height={130} radius="md" />
        ))}
      </SimpleGrid>
      <Skeleton height={90} radius="md" />
    </Stack>
  );
}

function ChartsSkeleton() {
  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md" aria-busy aria-label="Loading the charts">
      {Array.from({ length: 3 }, (_, index) => (
        <Skeleton key={index} height={270} radius="md" />
      ))}
    </SimpleGrid>
  );
}
