/**
 * Charts of the newest backups over time: what each added to the repository, how long each
 * took, and how the repository grew (the bytes they added, summed from the oldest shown). Loaded
 * on its own, with the chart library and its styles, after the status above it. The time axis is a real
 * time scale, so backups minutes apart and days apart sit where they happened.
 */
import "@mantine/charts/styles.css";
import { AreaChart, LineChart } from "@mantine/charts";
import { SimpleGrid, Text } from "@mantine/core";
import { IconChartArea, IconChartLine, IconClock } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { DashboardBackupFragment } from "../../gql/graphql";
import { formatBytes, formatCount, formatDateTime, formatDuration } from "../../lib/format";
import { countOf } from "../../lib/plural";
import { DashboardCard } from "./dashboard-card";

interface Point {
  time: number;
  addedBytes: number;
  durationMs: number;
  /** Bytes added by this backup and every older one shown. */
  grownBytes: number;
}

function toPoints(newestFirst: DashboardBackupFragment[]): Point[] {
  let grown = 0;
  return [...newestFirst]
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
    .map((backup) => {
      grown += backup.addedBytes;
      return {
        time: Date.parse(backup.createdAt),
        addedBytes: backup.addedBytes,
        durationMs: backup.durationMs,
        grownBytes: grown,
      };
    });
}

const DAY = 86_400_000;
const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const clockSeconds = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

/** Ticks as precise as the span needs: seconds for a few minutes, days for weeks. */
function tickFormat(span: number): (time: number) => string {
  if (span < 10 * 60_000) return (time) => clockSeconds.format(time);
  if (span < 2 * DAY) return (time) => clock.format(time);
  return (time) => day.format(time);
}

export interface BackupChartsProps {
  /** Newest first. */
  backups: DashboardBackupFragment[];
  /** How many backups there are in all; more than shown when only the newest were loaded. */
  totalCount: number;
}

export function BackupCharts({ backups, totalCount }: BackupChartsProps) {
  const points = toPoints(backups);
  const first = points[0];
  const caption =
    first === undefined
      ? "No backups yet"
      : `${points.length < totalCount ? `${formatCount(points.length)} newest of ${countOf(totalCount, "backup")}` : countOf(points.length, "backup")} since ${formatDateTime(new Date(first.time).toISOString())}`;
  const span = points.length > 1 ? points.at(-1)!.time - first!.time : 0;
  const xAxisProps = {
    type: "number" as const,
    scale: "time" as const,
    domain: ["dataMin", "dataMax"],
    tickFormatter: tickFormat(span),
    minTickGap: 24,
  };
  const tooltipProps = {
    // Also called with no label while no point is hovered.
    labelFormatter: (time: unknown) =>
      typeof time === "number" && Number.isFinite(time) ? formatDateTime(new Date(time).toISOString()) : "",
  };
  const common = {
    h: 200,
    data: points,
    dataKey: "time",
    xAxisProps,
    tooltipProps,
    withDots: points.length <= 30,
    curveType: "linear" as const,
    gridAxis: "y" as const,
  };

  return (
    <SimpleGrid cols={{ base: 1, lg: 3 }} spacing="md">
      <ChartCard
        title="Added per backup"
        icon={<IconChartLine size={16} />}
        caption={caption}
        count={points.length}
      >
        <LineChart
          {...common}
          series={[{ name: "addedBytes", label: "Added", color: "blue.6" }]}
          valueFormatter={formatBytes}
          yAxisProps={{ width: 72 }}
        />
      </ChartCard>
      <ChartCard
        title="Backup duration"
        icon={<IconClock size={16} />}
        caption={caption}
        count={points.length}
      >
        <LineChart
          {...common}
          series={[{ name: "durationMs", label: "Duration", color: "grape.6" }]}
          valueFormatter={formatDuration}
          yAxisProps={{ width: 72 }}
        />
      </ChartCard>
      <ChartCard
        title="Repository growth"
        icon={<IconChartArea size={16} />}
        caption={`Bytes added, summed over the ${countOf(points.length, "backup")} shown`}
        count={points.length}
      >
        <AreaChart
          {...common}
          curveType="stepAfter"
          series={[{ name: "grownBytes", label: "Added so far", color: "teal.6" }]}
          valueFormatter={formatBytes}
          yAxisProps={{ width: 72 }}
        />
      </ChartCard>
    </SimpleGrid>
  );
}

export function ChartCard(props: {
  title: string;
  icon: ReactNode;
  caption: string;
  count: number;
  /** The least points the chart needs. @default 2 */
  least?: number;
  /** What the card says before it has them. @default "The chart starts after the second backup." */
  before?: string;
  children: ReactNode;
}) {
  return (
    <DashboardCard title={props.title} icon={props.icon}>
      <figure aria-label={props.title} data-points={props.count} style={{ margin: 0 }}>
        {props.count >= (props.least ?? 2) ? (
          props.children
        ) : (
          <Text size="sm" c="dimmed" h={200} pt="xl" ta="center">
            {props.before ?? "The chart starts after the second backup."}
          </Text>
        )}
        <Text component="figcaption" size="xs" c="dimmed" mt="xs">
          {props.caption}
        </Text>
      </figure>
    </DashboardCard>
  );
}
