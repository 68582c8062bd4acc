/**
 * What one backup is: its numbers (questions, sections, changes, bytes, time), its details (id,
 * trigger, scope, parent, encryption, pin) and the sections it holds, each with its question
 * count and whether it holds the whole section. Picking a section filters the question browser.
 */
import {
  Anchor,
  Badge,
  Code,
  CopyButton,
  DataList,
  Group,
  Paper,
  SimpleGrid,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
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

function Stat({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
  return (
    <Paper withBorder radius="md" px="md" py="sm">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <Tooltip label={hint} disabled={!hint} multiline maw={280}>
        <Text size="xl" fw={650} mt={2}>
          {value}
        </Text>
      </Tooltip>
    </Paper>
  );
}

export function BackupSummary({ backup, selectedSection, onSelectSection }: BackupSummaryProps) {
  return (
    <>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" aria-label="Numbers">
        <Stat label="Questions" value={formatCount(backup.questionCount)} />
        <Stat label="Sections" value={formatCount(backup.sectionCount)} />
        <Stat
          label="New or changed"
          value={formatCount(backup.changedCount)}
          hint="Question records this backup stored that its parent did not have."
        />
        <Stat
          label="Added"
          value={formatBytes(backup.addedBytes)}
          hint="Bytes this backup added to the repository, after compression."
        />
        <Stat
          label="Records"
          value={formatBytes(backup.logicalBytes)}
          hint="Size of the question records it references, uncompressed."
        />
        <Stat label="Duration" value={formatDuration(backup.durationMs)} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="md">
          <Title order={3} size="h5" mb="sm">
            Details
          </Title>
          <DataList withDivider labelWidth={130} aria-label="Details">
            <Item label="ID">
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
            </Item>
            <Item label="Created">
              {formatDateTime(backup.createdAt)}{" "}
              <Text span c="dimmed" size="sm">
                ({formatRelative(backup.createdAt)})
              </Text>
            </Item>
            <Item label="Trigger">{BACKUP_TRIGGERS[backup.trigger].label}</Item>
            <Item label="Scope">{BACKUP_SCOPES[backup.scope]}</Item>
            <Item label="Built on">
              {backup.parent ? (
                <Anchor component={Link} to={`/backups/${backup.parent.id}`} size="sm">
                  the backup of {formatDateTime(backup.parent.createdAt)}
                </Anchor>
              ) : (
                <Text span c="dimmed" size="sm">
                  nothing: it stored every record it holds
                </Text>
              )}
            </Item>
            <Item label="Encrypted">{backup.encrypted ? "Yes" : "No"}</Item>
            <Item label="Pinned">{backup.pinned ? "Yes: kept until unpinned" : "No"}</Item>
          </DataList>
        </Paper>
        <Paper withBorder radius="md" p="md" style={{ overflow: "auto" }}>
          <Title order={3} size="h5" mb="sm">
            Sections
          </Title>
          <Table verticalSpacing={6} aria-label="Sections in this backup" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Section</Table.Th>
                <Table.Th ta="right">Questions</Table.Th>
                <Table.Th>Held</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {backup.sections.map((section) => {
                const selected = section.sectionId === selectedSection;
                return (
                  <Table.Tr
                    key={section.sectionId}
                    bg={selected ? "var(--mantine-color-blue-light)" : undefined}
                  >
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        fw={selected ? 600 : 400}
                        onClick={() => onSelectSection(selected ? null : section.sectionId)}
                        aria-pressed={selected}
                        ta="left"
                        title={
                          selected ? "Show every section's questions" : "Show only this section's questions"
                        }
                      >
                        {section.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">
                      <Text size="sm">{formatCount(section.questionCount)}</Text>
                    </Table.Td>
                    <Table.Td>
                      {section.complete ? (
                        <Badge
                          variant="light"
                          color="green"
                          radius="sm"
                          tt="none"
                          size="sm"
                          style={{ minWidth: "max-content" }}
                        >
                          Whole section
                        </Badge>
                      ) : (
                        <Tooltip label="Only some of its questions were chosen for this backup">
                          <Badge
                            variant="light"
                            color="yellow"
                            radius="sm"
                            tt="none"
                            size="sm"
                            style={{ minWidth: "max-content" }}
                          >
                            Some questions
                          </Badge>
                        </Tooltip>
                      )}
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
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}
