/**
 * What an opened archive holds: the backup it carries (time, trigger, scope, note, the
 * repository it came from), the file (size, when it was written, encryption, format), the check
 * of every record as it runs and ends, and the sections with their question counts; picking a
 * section filters the questions below.
 */
import {
  Alert,
  Anchor,
  Badge,
  Code,
  DataList,
  List,
  Paper,
  SimpleGrid,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { IconCircleCheck, IconLock } from "@tabler/icons-react";
import { memo, type ReactNode } from "react";
import { BACKUP_SCOPES, BACKUP_TRIGGERS } from "../../lib/backup-labels";
import { formatBytes, formatCount, formatDateTime } from "../../lib/format";
import { ArchiveFailureAlert } from "./archive-failure-alert";
import { ArchiveProgress } from "./archive-progress";
import type { OpenedArchive } from "./archive-protocol";
import type { CheckState } from "./use-archive-file";

function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Paper withBorder radius="md" px="md" py="sm">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Text size="xl" fw={650} mt={2}>
        {value}
      </Text>
    </Paper>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

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
        {formatCount(report.records)} records in {formatCount(report.frames)} frames match their digests and
        the record schema.
      </Alert>
    );
  return (
    <Alert color="red" title={`${formatCount(report.errorCount)} problems in this file`} role="alert">
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
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" aria-label="Numbers">
        <Stat label="Questions" value={formatCount(snapshot.stats.questionCount)} />
        <Stat label="Sections" value={formatCount(snapshot.stats.sectionCount)} />
        <Stat label="File size" value={formatBytes(archive.size)} />
        <Stat label="Records" value={formatBytes(snapshot.stats.logicalBytes)} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="md">
          <Title order={3} size="h5" mb="sm">
            Details
          </Title>
          <DataList withDivider labelWidth={150} aria-label="Details">
            <Item label="Backup taken">{formatDateTime(snapshot.time)}</Item>
            <Item label="Trigger">
              <Badge variant="light" color={trigger.color} radius="sm" tt="none">
                {trigger.label}
              </Badge>
            </Item>
            <Item label="Scope">{BACKUP_SCOPES[snapshot.scope]}</Item>
            <Item label="Note">
              {snapshot.note ? (
                snapshot.note
              ) : (
                <Text span c="dimmed" size="sm">
                  None
                </Text>
              )}
            </Item>
            <Item label="Backup ID">
              <Code>{snapshot.id}</Code>
            </Item>
            <Item label="From repository">
              <Code>{snapshot.repository}</Code>
            </Item>
            <Item label="File written">{formatDateTime(archive.createdAt)}</Item>
            <Item label="Encrypted">
              {archive.encrypted ? (
                <Badge
                  variant="light"
                  color="dark"
                  radius="sm"
                  tt="none"
                  leftSection={<IconLock size={12} />}
                >
                  Yes
                </Badge>
              ) : (
                "No"
              )}
            </Item>
            <Item label="Format">
              archive format {archive.formatVersion}, {formatCount(archive.recordCount)} records in{" "}
              {formatCount(archive.frameCount)} frames
            </Item>
          </DataList>
        </Paper>
        <Paper withBorder radius="md" p="md" style={{ overflow: "auto" }}>
          <Title order={3} size="h5" mb="sm">
            Sections
          </Title>
          <Table verticalSpacing={6} aria-label="Sections in this file" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Section</Table.Th>
                <Table.Th ta="right">Questions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {archive.sections.map((section) => {
                const selected = section.id === selectedSection;
                return (
                  <Table.Tr key={section.id} bg={selected ? "var(--mantine-color-blue-light)" : undefined}>
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        fw={selected ? 600 : 400}
                        onClick={() => onSelectSection(selected ? null : section.id)}
                        aria-pressed={selected}
                        ta="left"
                      >
                        {section.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{formatCount(section.count)}</Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Paper>
      </SimpleGrid>
    </>
  );
});
