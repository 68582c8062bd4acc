/**
 * The dashboard's cards: the last backup and its age, the edits waiting for a backup, the next
 * scheduled backup, and the repository's storage. They render what the live health and the
 * newest backups say; times are re-read every few seconds so ages keep counting.
 */
import { Anchor, Badge, Group, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconArchive, IconCalendarTime, IconDatabase, IconPencil } from "@tabler/icons-react";
import { Link } from "react-router";
import type { DashboardBackupFragment, DashboardHealthFragment } from "../../gql/graphql";
import { BACKUP_TRIGGERS } from "../../lib/backup-labels";
import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatRatio,
  formatRelative,
} from "../../lib/format";
import { countOf } from "../../lib/plural";
import { CheckMessage } from "./check-message";
import { DashboardCard, Figure } from "./dashboard-card";
import { HEALTH_STATUSES } from "./health-labels";

export interface StatusCardsProps {
  health: DashboardHealthFragment;
  /** The newest backups, newest first (null while loading). */
  backups: DashboardBackupFragment[] | null;
  now: number;
}

export function StatusCards({ health, backups, now }: StatusCardsProps) {
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <LastBackupCard health={health} backups={backups} now={now} />
        <PendingChangesCard health={health} />
        <NextRunCard health={health} now={now} />
      </SimpleGrid>
      <StorageCard storage={health.storage} />
    </>
  );
}

/**
 * The newest backup: from the list when it is the one the health names (the list also says
 * what it held), otherwise only its time.
 */
function LastBackupCard({ health, backups, now }: StatusCardsProps) {
  const newest = backups?.[0] ?? null;
  const lastAt = health.lastBackupAt;
  const backup = newest && (!lastAt || Date.parse(newest.createdAt) >= Date.parse(lastAt)) ? newest : null;
  const at = backup?.createdAt ?? lastAt;
  return (
    <DashboardCard
      title="Last backup"
      icon={<IconArchive size={16} />}
      aside={
        backup && (
          <Badge variant="light" color={BACKUP_TRIGGERS[backup.trigger].color} radius="sm" tt="none">
            {BACKUP_TRIGGERS[backup.trigger].label}
          </Badge>
        )
      }
    >
      {at ? (
        <Stack gap={4}>
          <TimeFigure label="Age" at={at} now={now} />
          {backup && (
            <Group gap="xs" justify="space-between">
              <Text size="sm">
                {formatCount(backup.changedCount)} changed · {formatBytes(backup.addedBytes)} added ·{" "}
                {formatDuration(backup.durationMs)}
              </Text>
              <Anchor component={Link} to={`/backups/${backup.id}`} size="sm">
                Open
              </Anchor>
            </Group>
          )}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          No backup yet. The first edit of the bank, the schedule or a manual backup takes one.
        </Text>
      )}
    </DashboardCard>
  );
}

/** A time as a large relative figure ("5 minutes ago", "in 3 hours"), its date and hour below. */
function TimeFigure({ label, at, now }: { label: string; at: string; now: number }) {
  return (
    <>
      <Figure label={label} value={at} size="xl">
        {formatRelative(at, now)}
      </Figure>
      <Text size="sm" c="dimmed">
        {formatDateTime(at)}
      </Text>
    </>
  );
}

function PendingChangesCard({ health }: { health: DashboardHealthFragment }) {
  const check = health.checks.find((candidate) => candidate.name === "pending changes");
  return (
    <DashboardCard
      title="Pending changes"
      icon={<IconPencil size={16} />}
      aside={
        check && (
          <Badge variant="light" color={HEALTH_STATUSES[check.status].color} radius="sm">
            {HEALTH_STATUSES[check.status].label}
          </Badge>
        )
      }
    >
      <Stack gap={4}>
        <Figure
          label="Edits not yet in a backup"
          value={health.pendingChanges}
          size="xl"
          hint="Committed edits of the bank that no backup holds yet. Automatic backups take them shortly after the edits stop."
        >
          {formatCount(health.pendingChanges)}
        </Figure>
        {check && (
          <Text size="sm" c="dimmed">
            <CheckMessage check={check} health={health} />
          </Text>
        )}
      </Stack>
    </DashboardCard>
  );
}

function NextRunCard({ health, now }: { health: DashboardHealthFragment; now: number }) {
  const next = health.nextScheduledBackupAt;
  return (
    <DashboardCard title="Next scheduled backup" icon={<IconCalendarTime size={16} />}>
      {next ? (
        <Stack gap={4}>
          <TimeFigure label="Runs" at={next} now={now} />
          <Anchor component={Link} to="/settings" size="sm">
            Change the schedule
          </Anchor>
        </Stack>
      ) : (
        <Stack gap={4}>
          <Text size="xl" fw={650}>
            No schedule
          </Text>
          <Text size="sm" c="dimmed">
            Only automatic and manual backups run.{" "}
            <Anchor component={Link} to="/settings" size="sm">
              Set a schedule
            </Anchor>
          </Text>
        </Stack>
      )}
    </DashboardCard>
  );
}

type Storage = DashboardHealthFragment["storage"];

/** The storage figures, in the order shown: the raw value, how it reads, and what it means. */
const STORAGE_FIGURES: {
  label: string;
  value(storage: Storage): number | null;
  format(storage: Storage): string;
  hint(storage: Storage): string;
}[] = [
  {
    label: "On disk",
    value: (storage) => storage.bytesOnDisk,
    format: (storage) => formatBytes(storage.bytesOnDisk),
    hint: () => "Bytes of the repository's packs on disk.",
  },
  {
    label: "Logical size",
    value: (storage) => storage.logicalBytes,
    format: (storage) => formatBytes(storage.logicalBytes),
    hint: () => "Size of the newest backup's records, uncompressed: what it would take without compression.",
  },
  {
    label: "Compression",
    value: (storage) => storage.compressionRatio,
    format: (storage) => formatRatio(storage.compressionRatio),
    hint: () => "Unique record bytes per byte on disk.",
  },
  {
    label: "Deduplication",
    value: (storage) => storage.dedupRatio,
    format: (storage) => formatRatio(storage.dedupRatio),
    hint: () =>
      "Record bytes all backups reference per unique byte stored: what sharing records between backups saves.",
  },
  {
    label: "Snapshots",
    value: (storage) => storage.snapshotCount,
    format: (storage) => formatCount(storage.snapshotCount),
    hint: (storage) => `${countOf(storage.recordCount, "distinct record")} stored`,
  },
  {
    label: "Free disk",
    value: (storage) => storage.freeBytes,
    format: (storage) => (storage.freeBytes == null ? "Unknown" : formatBytes(storage.freeBytes)),
    hint: () => "Free space on the disk that holds the repository.",
  },
];

function StorageCard({ storage }: { storage: Storage }) {
  return (
    <DashboardCard title="Storage" icon={<IconDatabase size={16} />}>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="md" verticalSpacing="sm">
        {STORAGE_FIGURES.map((figure) => (
          <Figure
            key={figure.label}
            label={figure.label}
            value={figure.value(storage)}
            hint={figure.hint(storage)}
          >
            {figure.format(storage)}
          </Figure>
        ))}
      </SimpleGrid>
    </DashboardCard>
  );
}
