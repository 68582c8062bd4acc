/** One backup in the history: when, why, what it holds and cost; the row opens the backup. */
import { Badge, Group, Table, Text, Tooltip } from "@mantine/core";
import { IconPinFilled } from "@tabler/icons-react";
import { Link, useNavigate } from "react-router";
import { RelativeTime } from "../../components/relative-time";
import { graphql } from "../../gql";
import type { BackupRowFragment } from "../../gql/graphql";
import { BACKUP_SCOPES, BACKUP_TRIGGERS } from "../../lib/backup-labels";
import { formatBytes, formatCount, formatDateTime, formatDuration } from "../../lib/format";
import { backupIdsInWords } from "../../lib/job-message";
import { countOf } from "../../lib/plural";
import { BackupActions } from "./backup-actions";

graphql(`
  fragment BackupRow on Backup {
    id
    createdAt
    trigger
    scope
    note
    pinned
    sectionCount
    questionCount
    changedCount
    addedBytes
    durationMs
    sections {
      sectionId
      name
    }
  }
`);

export interface BackupRowProps {
  backup: BackupRowFragment;
  /** Show pin and delete (ADMIN keys). */
  manage: boolean;
  /** The times of the backups on show, by id: a note that names one says its time instead. */
  times: ReadonlyMap<string, string>;
}

/** "Everything", "2 sections", "12 questions in 1 section". */
export function scopeSummary(backup: BackupRowFragment): string {
  if (backup.scope === "FULL") return BACKUP_SCOPES.FULL;
  const sections = countOf(backup.sectionCount, "section");
  if (backup.scope === "SECTIONS") return sections;
  return `${countOf(backup.questionCount, "question")} in ${sections}`;
}

export function BackupRow({ backup, manage, times }: BackupRowProps) {
  const note = backup.note ? backupIdsInWords(backup.note, times) : null;
  const navigate = useNavigate();
  const href = `/backups/${backup.id}`;
  const trigger = BACKUP_TRIGGERS[backup.trigger];
  const sectionNames = backup.sections.map((section) => section.name).join(", ");

  return (
    <Table.Tr
      style={{ cursor: "pointer" }}
      data-backup-id={backup.id}
      onClick={(event) => {
        // Links and buttons do their own thing, and so do dialogs opened from the row (React
        // passes their clicks up through the portal); a click elsewhere opens the backup.
        const target = event.target as HTMLElement;
        if (!event.currentTarget.contains(target) || target.closest("a, button")) return;
        navigate(href);
      }}
    >
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text
            component={Link}
            to={href}
            size="sm"
            fw={500}
            c="var(--mantine-color-text)"
            style={{ textDecoration: "none", whiteSpace: "nowrap" }}
          >
            {formatDateTime(backup.createdAt)}
          </Text>
          {backup.pinned && (
            <Tooltip label="Pinned: kept until unpinned">
              <IconPinFilled size={14} color="var(--mantine-color-grape-6)" aria-label="Pinned" role="img" />
            </Tooltip>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          <RelativeTime iso={backup.createdAt} />
        </Text>
        <Text size="xs" c="dimmed" hiddenFrom="sm" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
          {[trigger.label, countOf(backup.questionCount, "question"), note].filter(Boolean).join(" · ")}
        </Text>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Badge
          variant="light"
          color={trigger.color}
          radius="sm"
          tt="none"
          fw={600}
          style={{ minWidth: "max-content" }}
        >
          {trigger.label}
        </Badge>
      </Table.Td>
      <Table.Td visibleFrom="xl">
        <Tooltip label={sectionNames} disabled={backup.scope === "FULL" || !sectionNames} multiline maw={320}>
          <Text size="sm" style={{ whiteSpace: "nowrap" }}>
            {scopeSummary(backup)}
          </Text>
        </Tooltip>
      </Table.Td>
      <Table.Td visibleFrom="sm">
        <Text
          size="sm"
          c={backup.note ? undefined : "dimmed"}
          lineClamp={2}
          miw={160}
          maw={360}
          title={backup.note ?? undefined}
          style={{ overflowWrap: "anywhere" }}
        >
          {note || "—"}
        </Text>
      </Table.Td>
      <Table.Td ta="right" visibleFrom="md">
        <Text size="sm">{formatCount(backup.questionCount)}</Text>
      </Table.Td>
      <Table.Td ta="right" visibleFrom="md">
        <Text size="sm" c={backup.changedCount ? undefined : "dimmed"}>
          {formatCount(backup.changedCount)}
        </Text>
      </Table.Td>
      <Table.Td ta="right" visibleFrom="sm">
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {formatBytes(backup.addedBytes)}
        </Text>
      </Table.Td>
      <Table.Td ta="right" visibleFrom="xl">
        <Text size="sm" style={{ whiteSpace: "nowrap" }}>
          {formatDuration(backup.durationMs)}
        </Text>
      </Table.Td>
      {manage && (
        <Table.Td>
          <BackupActions backup={backup} variant="icons" />
        </Table.Td>
      )}
    </Table.Tr>
  );
}
