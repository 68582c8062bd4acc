/**
 * What one backup is, laid out the same wherever it is shown (a backup's page, a backup file
 * opened in the browser): a row of figures, its details, and the sections it holds with their
 * question counts, where picking a section filters the questions below (picking it again shows
 * every section's). It renders what it is given.
 */
import {
  Anchor,
  Badge,
  DataList,
  Paper,
  SimpleGrid,
  type SimpleGridProps,
  Table,
  Text,
  Title,
  Tooltip,
} from "@mantine/core";
import type { ReactNode } from "react";
import { formatCount } from "../lib/format";

/** One figure of the top row: a label over a value, with what it means on hover. */
export function StatCard({ label, value, hint }: { label: string; value: ReactNode; hint?: string }) {
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

/** One line of the details; `small` sets its value in small text. */
export function DetailItem({
  label,
  small = false,
  children,
}: {
  label: string;
  small?: boolean;
  children: ReactNode;
}) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>
        {small ? (
          <Text size="sm" span>
            {children}
          </Text>
        ) : (
          children
        )}
      </DataList.ItemValue>
    </DataList.Item>
  );
}

export interface OverviewSection {
  id: string;
  name: string;
  questionCount: number;
  /** Whether the backup holds the whole section; a column says so when any section tells. */
  complete?: boolean;
}

export interface BackupOverviewProps {
  /** The top row: {@link StatCard}s. */
  stats: ReactNode;
  statColumns: SimpleGridProps["cols"];
  /** The details: {@link DetailItem}s. */
  details: ReactNode;
  detailsLabelWidth: number;
  /** Accessible name of the sections table: "Sections in this backup". */
  sectionsLabel: string;
  sections: readonly OverviewSection[];
  selectedSection: string | null;
  onSelectSection(sectionId: string | null): void;
}

export function BackupOverview(props: BackupOverviewProps) {
  return (
    <>
      <SimpleGrid cols={props.statColumns} spacing="sm" aria-label="Numbers">
        {props.stats}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="md">
          <Title order={3} size="h5" mb="sm">
            Details
          </Title>
          <DataList withDivider labelWidth={props.detailsLabelWidth} aria-label="Details">
            {props.details}
          </DataList>
        </Paper>
        <Paper withBorder radius="md" p="md" style={{ overflow: "auto" }}>
          <Title order={3} size="h5" mb="sm">
            Sections
          </Title>
          <SectionTable {...props} />
        </Paper>
      </SimpleGrid>
    </>
  );
}

function SectionTable({ sectionsLabel, sections, selectedSection, onSelectSection }: BackupOverviewProps) {
  const held = sections.some((section) => section.complete !== undefined);
  return (
    <Table
      verticalSpacing={6}
      horizontalSpacing="xs"
      layout="fixed"
      aria-label={sectionsLabel}
      highlightOnHover
    >
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Section</Table.Th>
          <Table.Th ta="right" w={108}>
            Questions
          </Table.Th>
          {held && <Table.Th w={124}>Held</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sections.map((section) => {
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
                  style={{ whiteSpace: "normal" }}
                  title={selected ? "Show every section's questions" : "Show only this section's questions"}
                >
                  {section.name}
                </Anchor>
              </Table.Td>
              <Table.Td ta="right">
                <Text size="sm">{formatCount(section.questionCount)}</Text>
              </Table.Td>
              {held && (
                <Table.Td>
                  {section.complete !== undefined && <HeldBadge complete={section.complete} />}
                </Table.Td>
              )}
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function HeldBadge({ complete }: { complete: boolean }) {
  const badge = (
    <Badge
      variant="light"
      color={complete ? "green" : "yellow"}
      radius="sm"
      tt="none"
      size="sm"
      style={{ minWidth: "max-content" }}
    >
      {complete ? "Whole section" : "Some questions"}
    </Badge>
  );
  return complete ? (
    badge
  ) : (
    <Tooltip label="Only some of its questions were chosen for this backup">{badge}</Tooltip>
  );
}
