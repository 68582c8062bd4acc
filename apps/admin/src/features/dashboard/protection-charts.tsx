/**
 * "Am I protected?": over the last 30 days, how old the newest backup was at each moment (the
 * recovery point), how many backups succeeded and failed each day, the restore drills, and how the
 * repository grew, with when the disk fills at that pace (`protectionHistory`, read once with the
 * other charts). Backups taken while the page is open (from `backupCreated`, as the other charts
 * get them) are added to the series here, and the recovery point's last sample follows the page's
 * clock: the page never asks the server again.
 */
import { useQuery } from "@apollo/client/react";
import { AreaChart, BarChart } from "@mantine/charts";
import { Badge, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconCalendarStats, IconDatabase, IconHourglass, IconLifebuoy } from "@tabler/icons-react";
import { Link } from "react-router";
import { RelativeTime } from "../../components/relative-time";
import { graphql } from "../../gql";
import type { DashboardBackupFragment } from "../../gql/graphql";
import { formatBytes, formatDateTime, formatDuration } from "../../lib/format";
import { countOf } from "../../lib/plural";
import { ChartCard } from "./backup-charts";
import { DashboardCard } from "./dashboard-card";

const DAYS = 30;

const ProtectionQuery = graphql(`
  query DashboardProtection($days: Int!) {
    protectionHistory(days: $days) {
      to
      recoveryPoint {
        at
        ageSeconds
      }
      backupDays {
        day
        succeeded
        failed
      }
      drills {
        at
        ok
        jobId
        message
      }
      storage {
        at
        bytes
      }
      growthBytesPerDay
      diskFullAt
    }
  }
`);

const shortDay = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });
/** A day as the API names it (YYYY-MM-DD, in UTC), read as that day. */
const utcDay = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const time = {
  type: "number" as const,
  scale: "time" as const,
  domain: ["dataMin", "dataMax"],
  tickFormatter: (t: number) => shortDay.format(t),
  minTickGap: 24,
};
const tooltip = {
  labelFormatter: (t: unknown) =>
    typeof t === "number" && Number.isFinite(t) ? formatDateTime(new Date(t).toISOString()) : "",
};

export interface ProtectionChartsProps {
  /** The newest backups, newest first, with those taken while the page is open. */
  backups: DashboardBackupFragment[];
  /** The page's clock (ms). */
  now: number;
}

export function ProtectionCharts({ backups, now: clock }: ProtectionChartsProps) {
  const { data } = useQuery(ProtectionQuery, { variables: { days: DAYS } });
  const history = data?.protectionHistory;
  if (!history) return null;

  const readAt = Date.parse(history.to);
  const recovery = history.recoveryPoint.map((p) => ({ time: Date.parse(p.at), age: p.ageSeconds * 1000 }));
  // The server's last sample is the age when it answered: replaced below by the age now.
  recovery.pop();
  const storage = history.storage.map((s) => ({ time: Date.parse(s.at), bytes: s.bytes }));
  const perDay = new Map(history.backupDays.map((d) => [d.day, { ...d }]));
  // The newest backup the server knew of, if any.
  const lastKnown = history.recoveryPoint.at(-1);
  let last = lastKnown ? readAt - lastKnown.ageSeconds * 1000 : null;
  // Backups since the server answered, oldest first.
  for (const backup of [...backups].reverse()) {
    const time = Date.parse(backup.createdAt);
    if (time <= readAt) continue;
    if (last !== null) recovery.push({ time, age: time - last });
    recovery.push({ time, age: 0 });
    storage.push({ time, bytes: (storage.at(-1)?.bytes ?? 0) + backup.addedBytes });
    const day = new Date(time).toISOString().slice(0, 10);
    const entry = perDay.get(day) ?? { day, succeeded: 0, failed: 0 };
    perDay.set(day, { ...entry, succeeded: entry.succeeded + 1 });
    last = time;
  }
  const nowAt = Math.max(clock, last ?? 0, readAt);
  if (last !== null) recovery.push({ time: nowAt, age: nowAt - last });

  const worst = recovery.reduce((max, p) => Math.max(max, p.age), 0);
  const now = last === null ? null : nowAt - last;
  const days = [...perDay.values()].map((d) => ({ ...d, day: utcDay.format(Date.parse(d.day)) }));
  const succeeded = days.reduce((n, d) => n + d.succeeded, 0);
  const failed = days.reduce((n, d) => n + d.failed, 0);

  return (
    <section aria-label="Am I protected?">
      <Text fw={600} mb="xs">
        Am I protected? The last {DAYS} days
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <ChartCard
          title="Recovery point"
          icon={<IconHourglass size={16} />}
          count={recovery.length}
          caption={
            now === null
              ? "No backup yet"
              : `The newest backup is ${formatDuration(now)} old; at worst ${formatDuration(worst)}`
          }
          before="The chart starts with the first backup."
        >
          <AreaChart
            h={200}
            data={recovery}
            dataKey="time"
            xAxisProps={time}
            tooltipProps={tooltip}
            curveType="linear"
            gridAxis="y"
            withDots={false}
            series={[{ name: "age", label: "Newest backup's age", color: "orange.6" }]}
            valueFormatter={formatDuration}
            yAxisProps={{ width: 72 }}
          />
        </ChartCard>
        <ChartCard
          title="Backups per day"
          icon={<IconCalendarStats size={16} />}
          count={days.length}
          caption={
            succeeded + failed === 0
              ? "No backup in these days"
              : `${Math.round((100 * succeeded) / (succeeded + failed))}% of ${countOf(succeeded + failed, "backup")} succeeded`
          }
        >
          <BarChart
            h={200}
            data={days}
            dataKey="day"
            type="stacked"
            gridAxis="y"
            series={[
              { name: "succeeded", label: "Succeeded", color: "teal.6" },
              { name: "failed", label: "Failed", color: "red.6" },
            ]}
            xAxisProps={{ minTickGap: 16 }}
            yAxisProps={{ allowDecimals: false }}
          />
        </ChartCard>
        <DashboardCard title="Restore drills" icon={<IconLifebuoy size={16} />}>
          <Drills drills={history.drills} />
        </DashboardCard>
        <ChartCard
          title="Storage and forecast"
          icon={<IconDatabase size={16} />}
          count={storage.length}
          caption={forecast(history.growthBytesPerDay, history.diskFullAt)}
        >
          <AreaChart
            h={200}
            data={storage}
            dataKey="time"
            xAxisProps={time}
            tooltipProps={tooltip}
            curveType="stepAfter"
            gridAxis="y"
            withDots={storage.length <= 30}
            series={[{ name: "bytes", label: "Added by backups", color: "teal.6" }]}
            valueFormatter={formatBytes}
            yAxisProps={{ width: 72 }}
          />
        </ChartCard>
      </SimpleGrid>
    </section>
  );
}

function forecast(perDay: number | null, fullAt: string | null): string {
  if (perDay === null) return "The forecast starts after the second backup";
  const pace = `Grows ${formatBytes(Math.max(0, perDay))} a day`;
  if (!fullAt) return perDay > 0 ? `${pace}; no disk to fill here` : `${pace}: not growing`;
  return `${pace}; at that pace the disk is full around ${shortDay.format(Date.parse(fullAt))} ${new Date(fullAt).getFullYear()}`;
}

function Drills({
  drills,
}: {
  drills: { at: string; ok: boolean; jobId: string; message: string | null }[];
}) {
  if (drills.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No restore drill in these days. They run weekly (Settings), or now from there.
      </Text>
    );
  const last = drills.at(-1)!;
  return (
    <Stack gap="xs" aria-label="Drills">
      <Text size="sm">
        {countOf(drills.length, "drill")}, {drills.filter((d) => d.ok).length} passed; the last{" "}
        {last.ok ? "passed" : "failed"} <RelativeTime iso={last.at} span />.
      </Text>
      <Group gap={6} role="list" aria-label="Each drill, oldest first">
        {drills.slice(-30).map((drill) => (
          <Badge
            key={drill.jobId}
            role="listitem"
            component={Link}
            to={`/jobs/${drill.jobId}`}
            color={drill.ok ? "teal" : "red"}
            variant={drill.ok ? "light" : "filled"}
            title={`${formatDateTime(drill.at)}: ${drill.message ?? ""}`}
            style={{ cursor: "pointer" }}
          >
            {shortDay.format(Date.parse(drill.at))} {drill.ok ? "passed" : "failed"}
          </Badge>
        ))}
      </Group>
    </Stack>
  );
}
