/**
 * What an opened archive holds: the backup it carries (time, trigger, scope, note, the
 * repository it came from), the file (size, when it was written, encryption, format), the check
 * of every record as it runs and ends, and the sections with their question counts; picking a
 * section filters the questions below.
 */
import { Alert, Badge, Code, List, Paper, Text } from "@mantine/core";
import { IconCircleCheck } from "@tabler/icons-react";
import { memo, useMemo } from "react";
import { EncryptedBadge } from "../../components/backup-heading";
import { BackupOverview, DetailItem, StatCard } from "../../components/backup-overview";
import { CopyValue } from "../../components/copy-value";
import { BACKUP_SCOPES, BACKUP_TRIGGERS } from "../../lib/backup-labels";
import { formatBytes, formatCount, formatDateTime } from "../../lib/format";
import { countOf } from "../../lib/plural";
import { ArchiveFailureAlert } from "./archive-failure-alert";
import { ArchiveProgress } from "./archive-progress";
import type { OpenedArchive } from "./archive-protocol";
import type { CheckState } from "./use-archive-file";

/** The check of every record: running, passed, or what it found. */
export function ArchiveCheck({ check }: { check: CheckState }) {
  if (check.status === "running")
    return (
      <Paper withBorder radius="md" p="md" aria-label="Check of every record">
        <ArchiveProgress progress={check.progress} fallback="Checking every record" />
      </Paper>
    );
  if (check.status === "failed") return <ArchiveFailureAlert failure={check.failure} />;
  const { report } = check;
  if (report.ok)
    return (
      <Alert
        color="green"
        variant="light"
        icon={<IconCircleCheck />}
        title="Every record checked"
        role="status"
      >
        {countOf(report.records, "record")} in {countOf(report.frames, "frame")} match their digests and the
        record schema.
      </Alert>
    );
  return (
    <Alert color="red" title={`${countOf(report.errorCount, "problem")} in this file`} role="alert">
      <Text size="sm" mb="xs">
        A server would refuse to import it. The first problems:
      </Text>
      <List size="sm" spacing={2}>
        {report.errors.slice(0, 5).map((issue, index) => (
          // Issues have no id of their own; their order is the file's.
          <List.Item key={index}>{issue.message}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

export interface ArchiveOverviewProps {
  archive: OpenedArchive;
  selectedSection: string | null;
  onSelectSection(sectionId: string | null): void;
}

/** Memoized: the page re-renders on each report of the check's progress, which this does not show. */
export const ArchiveOverview = memo(function ArchiveOverview({
  archive,
  selectedSection,
  onSelectSection,
}: ArchiveOverviewProps) {
  const { snapshot } = archive;
  const trigger = BACKUP_TRIGGERS[snapshot.trigger];
  const sections = useMemo(
    () =>
      archive.sections.map((section) => ({
        id: section.id,
        name: section.name,
        questionCount: section.count,
      })),
    [archive.sections],
  );
  return (
    <BackupOverview
      statColumns={{ base: 2, sm: 4 }}
      stats={
        <>
          <StatCard label="Questions" value={formatCount(snapshot.stats.questionCount)} />
          <StatCard label="Sections" value={formatCount(snapshot.stats.sectionCount)} />
          <StatCard label="File size" value={formatBytes(archive.size)} />
          <StatCard label="Records" value={formatBytes(snapshot.stats.logicalBytes)} />
        </>
      }
      detailsLabelWidth={150}
      details={
        <>
          <DetailItem label="Backup taken">{formatDateTime(snapshot.time)}</DetailItem>
          <DetailItem label="Trigger">
            <Badge variant="light" color={trigger.color} radius="sm" tt="none">
              {trigger.label}
            </Badge>
          </DetailItem>
          <DetailItem label="Scope">{BACKUP_SCOPES[snapshot.scope]}</DetailItem>
          <DetailItem label="Note">
            {snapshot.note ? (
              snapshot.note
            ) : (
              <Text span c="dimmed" size="sm">
                None
              </Text>
            )}
          </DetailItem>
          <DetailItem label="Backup ID">
            <Code style={{ wordBreak: "break-all" }}>{snapshot.id}</Code>{" "}
            <CopyValue what="backup id" value={snapshot.id} />
          </DetailItem>
          <DetailItem label="From repository">
            <Code style={{ wordBreak: "break-all" }}>{snapshot.repository}</Code>{" "}
            <CopyValue what="repository id" value={snapshot.repository} />
          </DetailItem>
          <DetailItem label="File written">{formatDateTime(archive.createdAt)}</DetailItem>
          <DetailItem label="Encrypted">
            {archive.encrypted ? <EncryptedBadge>Yes</EncryptedBadge> : "No"}
          </DetailItem>
          <DetailItem label="Format">
            archive format {archive.formatVersion}, {countOf(archive.recordCount, "record")} in{" "}
            {countOf(archive.frameCount, "frame")}
          </DetailItem>
        </>
      }
      sectionsLabel="Sections in this file"
      sections={sections}
      selectedSection={selectedSection}
      onSelectSection={onSelectSection}
    />
  );
});
