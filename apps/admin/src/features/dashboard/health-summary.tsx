/**
 * The top of the dashboard: the system's status (the worst of its checks) and every check with
 * its own status and message, so an admin sees at once whether anything needs them and why.
 */
import { Badge, Group, Paper, Stack, Table, Text, ThemeIcon, Title, Tooltip } from "@mantine/core";
import type { DashboardHealthFragment } from "../../gql/graphql";
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
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Group gap="md" wrap="nowrap">
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
        <Table verticalSpacing={6} aria-label="Health checks" layout="fixed">
          <Table.Tbody>
            {health.checks.map((check) => {
              const checkStatus = HEALTH_STATUSES[check.status];
              return (
                <Table.Tr key={check.name} data-check={check.name} data-status={check.status}>
                  <Table.Td w={200}>
                    <Group gap={8} wrap="nowrap">
                      <checkStatus.icon
                        size={18}
                        color={`var(--mantine-color-${checkStatus.color}-6)`}
                        aria-hidden
                      />
                      <Text size="sm" fw={600}>
                        {check.name.charAt(0).toUpperCase() + check.name.slice(1)}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td w={110}>
                    <Badge color={checkStatus.color} variant="light" radius="sm">
                      {checkStatus.label}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={check.status === "OK" ? "dimmed" : undefined}>
                      {check.message}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {health.lastFailure && (
          <Text size="xs" c="dimmed">
            Last failed job: {health.lastFailure.message} ({health.lastFailure.code})
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
