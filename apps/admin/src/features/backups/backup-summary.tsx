/**
 * What one backup is: its numbers (questions, sections, changes, bytes, time), its details (id,
 * trigger, scope, parent, encryption, pin) and the sections it holds, each with its question
 * count and whether it holds the whole section. Picking a section filters the question browser.
 */
import { Anchor, Code, CopyButton, Group, Text, Tooltip, UnstyledButton } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useMemo } from "react";
import { Link } from "react-router";
import { BackupOverview, DetailItem, StatCard } from "../../components/backup-overview";
import { graphql } from "../../gql";
import type { BackupSummaryFragment } from "../../gql/graphql";
import { BACKUP_SCOPES, BACKUP_TRIGGERS } from "../../lib/backup-labels";
import { formatBytes, formatCount, formatDateTime, formatDuration, formatRelative } from "../../lib/format";

graphql(`
  fragment BackupSummary on Backup {
    id
    ...BackupRow
    logicalBytes
    encrypted
    parent {
      id
      createdAt
    }
    sections {
      sectionId
      name
      questionCount
      complete
    }
  }
`);

export interface BackupSummaryProps {
  backup: BackupSummaryFragment;
  selectedSection: string | null;
  onSelectSection(sectionId: string | null): void;
}

export function BackupSummary({ backup, selectedSection, onSelectSection }: BackupSummaryProps) {
  const sections = useMemo(
    () =>
      backup.sections.map((section) => ({
        id: section.sectionId,
        name: section.name,
        questionCount: section.questionCount,
        complete: section.complete,
      })),
    [backup.sections],
  );
  return (
    <BackupOverview
      statColumns={{ base: 2, sm: 3, lg: 6 }}
      stats={
        <>
          <StatCard label="Questions" value={formatCount(backup.questionCount)} />
          <StatCard label="Sections" value={formatCount(backup.sectionCount)} />
          <StatCard
            label="New or changed"
            value={formatCount(backup.changedCount)}
            hint="Question records this backup stored that its parent did not have."
          />
          <StatCard
            label="Added"
            value={formatBytes(backup.addedBytes)}
            hint="Bytes this backup added to the repository, after compression."
          />
          <StatCard
            label="Records"
            value={formatBytes(backup.logicalBytes)}
            hint="Size of the question records it references, uncompressed."
          />
          <StatCard label="Duration" value={formatDuration(backup.durationMs)} />
        </>
      }
      detailsLabelWidth={130}
      details={
        <>
          <DetailItem label="ID">
            <Group gap={4} wrap="nowrap">
              <Code>{backup.id}</Code>
              <CopyButton value={backup.id}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? "Copied" : "Copy the id"}>
                    <UnstyledButton onClick={copy} aria-label="Copy the id" c="dimmed" display="flex">
                      {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    </UnstyledButton>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
          </DetailItem>
          <DetailItem label="Created">
            {formatDateTime(backup.createdAt)}{" "}
            <Text span c="dimmed" size="sm">
              ({formatRelative(backup.createdAt)})
            </Text>
          </DetailItem>
          <DetailItem label="Trigger">{BACKUP_TRIGGERS[backup.trigger].label}</DetailItem>
          <DetailItem label="Scope">{BACKUP_SCOPES[backup.scope]}</DetailItem>
          <DetailItem label="Built on">
            {backup.parent ? (
              <Anchor component={Link} to={`/backups/${backup.parent.id}`} size="sm">
                the backup of {formatDateTime(backup.parent.createdAt)}
              </Anchor>
            ) : (
              <Text span c="dimmed" size="sm">
                nothing: it stored every record it holds
              </Text>
            )}
          </DetailItem>
          <DetailItem label="Encrypted">{backup.encrypted ? "Yes" : "No"}</DetailItem>
          <DetailItem label="Pinned">{backup.pinned ? "Yes: kept until unpinned" : "No"}</DetailItem>
        </>
      }
      sectionsLabel="Sections in this backup"
      sections={sections}
      selectedSection={selectedSection}
      onSelectSection={onSelectSection}
    />
  );
}
