/**
 * The top of the dashboard: the system's status (the worst of its checks) and every check with
 * its own status and message, so an admin sees at once whether anything needs them and why.
 */
import { useMutation } from "@apollo/client/react";
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Stack,
  Text,
  ThemeIcon,
  Title,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link } from "react-router";
import { CopyValue } from "../../components/copy-value";
import { RelativeTime } from "../../components/relative-time";
import { graphql } from "../../gql";
import type { DashboardHealthFragment } from "../../gql/graphql";
import { errorMessage } from "../../lib/api-errors";
import { errorWords } from "../../lib/error-words";
import { JOB_KINDS } from "../../lib/job-kinds";
import { useSession } from "../../lib/session";
import { CheckMessage } from "./check-message";
import { HEALTH_STATUSES } from "./health-labels";

const AcknowledgeFailureMutation = graphql(`
  mutation AcknowledgeFailure($jobId: ID!) {
    acknowledgeFailure(jobId: $jobId) {
      id
      acknowledgedAt
      acknowledgedBy
    }
  }
`);

function verdict(health: DashboardHealthFragment): string {
  const attention = health.checks.filter((check) => check.status !== "OK");
  if (attention.length === 0) return "Every check passes.";
  const names = attention.map((check) => check.name).join(", ");
  return attention.length === 1
    ? `One check needs attention: ${names}.`
    : `${attention.length} checks need attention: ${names}.`;
}

export function HealthSummary({ health }: { health: DashboardHealthFragment }) {
  const status = HEALTH_STATUSES[health.status];
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="section"
      aria-label="System health"
      data-health-status={health.status}
    >
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Group gap="md" wrap="nowrap" style={{ minWidth: 0 }}>
            <ThemeIcon color={status.color} variant="light" size={48} radius="xl" aria-hidden>
              <status.icon size={28} />
            </ThemeIcon>
            <div>
              <Group gap="sm">
                <Title order={3} size="h4">
                  System health
                </Title>
                <Badge color={status.color} size="lg" variant="filled" aria-label={`Status: ${status.label}`}>
                  {status.label}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed" mt={2}>
                {verdict(health)}
              </Text>
            </div>
          </Group>
          <Tooltip label="Updated by the server as it changes; this page does not poll">
            <Badge variant="dot" color="green" tt="none">
              Live
            </Badge>
          </Tooltip>
        </Group>
        <Stack gap={0} role="list" aria-label="Health checks">
          {health.checks.map((check) => {
            const checkStatus = HEALTH_STATUSES[check.status];
            return (
              <Group
                key={check.name}
                role="listitem"
                data-check={check.name}
                data-status={check.status}
                gap="xs"
                py={6}
                wrap="wrap"
                align="flex-start"
                style={{ borderTop: "1px solid var(--mantine-color-default-border)" }}
              >
                <Group gap={8} wrap="nowrap" w={{ base: "100%", sm: 290 }} style={{ flexShrink: 0 }}>
                  <checkStatus.icon
                    size={18}
                    color={`var(--mantine-color-${checkStatus.color}-text)`}
                    aria-hidden
                  />
                  <Text size="sm" fw={600} style={{ flex: 1 }}>
                    {check.name.charAt(0).toUpperCase() + check.name.slice(1)}
                  </Text>
                  <Badge color={checkStatus.color} variant="light" radius="sm">
                    {checkStatus.label}
                  </Badge>
                </Group>
                <Text
                  size="sm"
                  c={check.status === "OK" ? "dimmed" : undefined}
                  style={{ flex: "1 1 240px", minWidth: 0, overflowWrap: "anywhere" }}
                  data-message
                >
                  <CheckMessage check={check} health={health} />
                </Text>
              </Group>
            );
          })}
        </Stack>
        {health.unresolvedFailures.length > 0 && <UnresolvedFailures failures={health.unresolvedFailures} />}
      </Stack>
    </Paper>
  );
}

type Failure = DashboardHealthFragment["unresolvedFailures"][number];

/**
 * The failed jobs that keep the health degraded, each in words with its error code one click
 * away, a link to the job, and (OPERATOR and ADMIN keys) "Acknowledge": the failure was seen
 * and needs nothing more, so it stops degrading the health. The health follows over
 * `healthChanged`, which the server sends at once.
 */
function UnresolvedFailures({ failures }: { failures: Failure[] }) {
  const session = useSession();
  const [acknowledge] = useMutation(AcknowledgeFailureMutation);
  const [busy, setBusy] = useState<string | null>(null);
  const acknowledgeJob = async (job: Failure) => {
    setBusy(job.id);
    try {
      await acknowledge({ variables: { jobId: job.id } });
    } catch (thrown) {
      notifications.show({
        color: "red",
        title: "The failure was not acknowledged",
        message: errorMessage(thrown),
      });
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap="xs" role="list" aria-label="Unresolved failures">
      {failures.map((job) => (
        <Alert key={job.id} color="red" variant="light" p="sm" role="listitem" data-failure={job.id}>
          <Group justify="space-between" align="flex-start" gap="xs">
            <div style={{ flex: "1 1 260px", minWidth: 0 }}>
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  {JOB_KINDS[job.kind]} failed
                  {job.finishedAt && (
                    <>
                      {" "}
                      <RelativeTime iso={job.finishedAt} />
                    </>
                  )}
                  : {job.error ? errorWords(job.error.code) : "no reason given"}
                </Text>
                {job.error && <CopyValue what="error code" value={job.error.code} />}
              </Group>
              {job.error && (
                <Text size="sm" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                  {job.error.message}
                </Text>
              )}
              <Anchor component={Link} to={`/jobs/${job.id}`} size="sm">
                Open the job
              </Anchor>
            </div>
            {session.canOperate && (
              <Button
                size="xs"
                variant="default"
                loading={busy === job.id}
                onClick={() => void acknowledgeJob(job)}
              >
                Acknowledge
              </Button>
            )}
          </Group>
        </Alert>
      ))}
    </Stack>
  );
}
