/**
 * The top of the dashboard: the system's status (the worst of its checks) and every check with
 * its own status and message, so an admin sees at once whether anything needs them and why.
 */
import { Badge, Group, Paper, Stack, Text, ThemeIcon, Title, Tooltip } from "@mantine/core";
import { CopyValue } from "../../components/copy-value";
import type { DashboardHealthFragment } from "../../gql/graphql";
import { errorWords } from "../../lib/error-words";
import { CheckMessage } from "./check-message";
import { HEALTH_STATUSES } from "./health-labels";

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
        {health.lastFailure && <LastFailure failure={health.lastFailure} />}
      </Stack>
    </Paper>
  );
}

/** The last failed job, in words; its error code one click away. */
function LastFailure({ failure }: { failure: NonNullable<DashboardHealthFragment["lastFailure"]> }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" data-last-failure={failure.code}>
      <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
        Last failed job: {errorWords(failure.code)}. {failure.message}
      </Text>
      <CopyValue what="error code" value={failure.code} />
    </Group>
  );
}
