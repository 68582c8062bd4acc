/**
 * The results of a verification: whether the repository is intact, what was checked, and every
 * problem found with the backups and sections it damages. The report is loaded when opened,
 * not with the job list: it can be long.
 */
import { skipToken, useQuery } from "@apollo/client/react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  List,
  Loader,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck, IconShieldX } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { graphql } from "../../gql";
import { errorMessage } from "../../lib/api-errors";
import { formatBytes, formatCount, formatDateTime } from "../../lib/format";
import { countOf, pluralWord } from "../../lib/plural";
import { readVerifyReport, type VerifyReport } from "./verify-report";

const JobReportQuery = graphql(`
  query JobReport($id: ID!) {
    job(id: $id) {
      id
      status
      message
      error {
        code
        message
      }
      finishedAt
      report
    }
    sections {
      id
      name
    }
  }
`);

export interface JobReportModalProps {
  /** The job whose results to show; null when closed. */
  job: { id: string } | null;
  onClose(): void;
}

export function JobReportModal({ job, onClose }: JobReportModalProps) {
  const { data, error, loading } = useQuery(
    JobReportQuery,
    job ? { variables: { id: job.id }, fetchPolicy: "cache-first" } : skipToken,
  );
  const loaded = data?.job;
  const report = loaded ? readVerifyReport(loaded.report) : null;
  const sectionNames = new Map((data?.sections ?? []).map((section) => [section.id, section.name]));

  return (
    <Modal opened={job !== null} onClose={onClose} title="Verification results" size={1000} centered>
      {loading && !loaded ? (
        <Group justify="center" p="lg">
          <Loader aria-label="Loading the results" />
        </Group>
      ) : error ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title="Cannot load the results">
          {errorMessage(error)}
        </Alert>
      ) : loaded && report ? (
        <ReportView
          key={loaded.id}
          report={report}
          finishedAt={loaded.finishedAt}
          sectionNames={sectionNames}
        />
      ) : loaded ? (
        <Alert color="gray" title="No report">
          {loaded.error?.message ?? loaded.message ?? "This job left no report."}
        </Alert>
      ) : null}
    </Modal>
  );
}

interface ReportViewProps {
  report: VerifyReport;
  finishedAt: string | null;
  sectionNames: Map<string, string>;
}

/** Problems listed before "Show all": a damaged pack can name every record in it. */
const FIRST_PROBLEMS = 25;

function ReportView({ report, finishedAt, sectionNames }: ReportViewProps) {
  const [showAll, setShowAll] = useState(false);
  const backups = [...new Set(report.problems.flatMap((problem) => problem.snapshots))];
  const sections = [...new Set(report.problems.flatMap((problem) => problem.sections))];
  const sectionName = (id: string) => sectionNames.get(id) ?? `deleted section ${id}`;
  const checked = report.readData ? "Structure and data (every record re-hashed)" : "Structure";
  const shown = showAll ? report.problems : report.problems.slice(0, FIRST_PROBLEMS);

  return (
    <Stack gap="md">
      {report.ok ? (
        <Alert color="green" icon={<IconCircleCheck size={18} />} title="No problems found">
          The repository is intact. {checked} checked{finishedAt ? ` at ${formatDateTime(finishedAt)}` : ""}.
        </Alert>
      ) : (
        <Alert
          color="red"
          icon={<IconShieldX size={18} />}
          title={`${countOf(report.problems.length, "problem")} found`}
        >
          {backups.length > 0
            ? `${countOf(backups.length, "backup")} ${pluralWord(backups.length, { one: "is", other: "are" })} damaged: restoring ${pluralWord(backups.length, { one: "it", other: "them" })} would be refused where the damage lies.`
            : "No backup's content is named as damaged."}{" "}
          {checked} checked.
        </Alert>
      )}
      <SimpleGrid cols={{ base: 2, sm: report.readData ? 5 : 4 }} spacing="xs">
        <Figure label="Backups" value={formatCount(report.stats.snapshots)} />
        <Figure label="Index files" value={formatCount(report.stats.indexFiles)} />
        <Figure label="Packs" value={formatCount(report.stats.packs)} />
        <Figure label="Records" value={formatCount(report.stats.records)} />
        {report.readData && <Figure label="Read" value={formatBytes(report.stats.bytesRead)} />}
      </SimpleGrid>
      {!report.ok && (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Stack gap={4} aria-label="Damaged backups" role="group">
            <Text size="sm" fw={600}>
              Damaged backups
            </Text>
            {backups.length === 0 ? (
              <Text size="sm" c="dimmed">
                None named
              </Text>
            ) : (
              <Group gap={6}>
                {backups.map((id) => (
                  <Anchor key={id} component={Link} to={`/backups/${id}`} size="sm" ff="monospace">
                    {id}
                  </Anchor>
                ))}
              </Group>
            )}
          </Stack>
          <Stack gap={4} aria-label="Damaged sections" role="group">
            <Text size="sm" fw={600}>
              Damaged sections
            </Text>
            {sections.length === 0 ? (
              <Text size="sm" c="dimmed">
                None named
              </Text>
            ) : (
              <Group gap={6}>
                {sections.map((id) => (
                  <Badge key={id} variant="light" color="red" radius="sm" tt="none">
                    {sectionName(id)}
                  </Badge>
                ))}
              </Group>
            )}
          </Stack>
        </SimpleGrid>
      )}
      {report.problems.length > 0 && (
        <Table withTableBorder verticalSpacing="xs" aria-label="Problems" layout="fixed">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={110}>Kind</Table.Th>
              <Table.Th>Problem</Table.Th>
              <Table.Th w={190}>Backups</Table.Th>
              <Table.Th w={170}>Sections</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((problem, index) => (
              <Table.Tr key={`${problem.kind}-${index}`}>
                <Table.Td>
                  <Badge
                    color="red"
                    variant="light"
                    radius="sm"
                    tt="none"
                    style={{ minWidth: "max-content" }}
                  >
                    {problem.kind}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                    {problem.message}
                  </Text>
                  {problem.path && !problem.message.includes(problem.path) && (
                    <Code fz="xs" style={{ overflowWrap: "anywhere" }}>
                      {problem.path}
                    </Code>
                  )}
                </Table.Td>
                <Table.Td>
                  {problem.snapshots.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  ) : (
                    <Stack gap={2}>
                      {problem.snapshots.map((id) => (
                        <Anchor key={id} component={Link} to={`/backups/${id}`} size="xs" ff="monospace">
                          {id}
                        </Anchor>
                      ))}
                    </Stack>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c={problem.sections.length ? undefined : "dimmed"}>
                    {problem.sections.length ? problem.sections.map(sectionName).join(", ") : "—"}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {shown.length < report.problems.length && (
        <Group justify="center">
          <Button variant="default" size="xs" onClick={() => setShowAll(true)}>
            Show all {formatCount(report.problems.length)} problems
          </Button>
        </Group>
      )}
      {report.unreferencedPacks.length > 0 && (
        <Alert color="gray" title={`${countOf(report.unreferencedPacks.length, "pack")} no index names`}>
          <Text size="sm" mb={4}>
            Leftovers of an interrupted write; harmless, and removed by the next cleanup.
          </Text>
          <List size="xs">
            {report.unreferencedPacks.map((path) => (
              <List.Item key={path}>
                <Code fz="xs">{path}</Code>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack
      gap={0}
      p="xs"
      style={{ border: "1px solid var(--mantine-color-default-border)", borderRadius: 8 }}
    >
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fw={650}>{value}</Text>
    </Stack>
  );
}
