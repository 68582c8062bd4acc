/**
 * What the retention policy in the form would do to the backups there are now: a dry run
 * (`retentionPreview`), asked again a moment after the policy stops changing. It deletes
 * nothing. The bytes shown are the server's own dry run of a cleanup with this policy
 * (`bytesFreed`): packs it would remove or rewrite without the records no kept backup needs, so
 * what the kept backups share with the deleted ones is not counted.
 */
import { useQuery } from "@apollo/client/react";
import { Alert, Badge, Group, Loader, Paper, Stack, Table, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconAlertTriangle, IconTrash } from "@tabler/icons-react";
import { graphql } from "../../gql";
import type { RetentionPreviewQuery as PreviewResult, RetentionPolicyInput } from "../../gql/graphql";
import { errorMessage } from "../../lib/api-errors";
import { BACKUP_TRIGGERS } from "../../lib/backup-labels";
import { formatBytes, formatCount, formatDateTime } from "../../lib/format";
import { countOf } from "../../lib/plural";
import { PREVIEW_DEBOUNCE_MS } from "./settings-form-values";

const RetentionPreviewQuery = graphql(`
  query RetentionPreview($retention: RetentionPolicyInput) {
    retentionPreview(retention: $retention) {
      keepCount
      bytesFreed
      forget {
        id
        createdAt
        trigger
        addedBytes
      }
      kept {
        backup {
          id
          createdAt
          trigger
        }
        reasons
      }
    }
  }
`);

/** How many of the backups it would delete are listed. */
const LISTED = 8;

export interface RetentionPreviewProps {
  /** The policy in the form: every rule, null for none. */
  policy: RetentionPolicyInput;
  /** The saved policy, to say whether the preview is of unsaved changes. */
  saved: RetentionPolicyInput;
}

export function RetentionPreview({ policy, saved }: RetentionPreviewProps) {
  // Compared as text: the form builds a new object on every render.
  const [asked] = useDebouncedValue(JSON.stringify(policy), PREVIEW_DEBOUNCE_MS);
  const current = asked === JSON.stringify(policy);
  const { data, previousData, error, loading } = useQuery(RetentionPreviewQuery, {
    variables: { retention: JSON.parse(asked) as RetentionPolicyInput },
    fetchPolicy: "network-only",
  });
  const preview = (data ?? previousData)?.retentionPreview;
  const busy = loading || !current;
  const unsaved = JSON.stringify(policy) !== JSON.stringify(saved);
  const forget = preview?.forget ?? [];
  const settled = preview && !busy && !error;

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      bg="var(--qvault-color-surface)"
      style={{ alignSelf: "start" }}
      component="section"
      aria-label="Retention preview"
      aria-busy={busy}
      data-forget-count={settled ? forget.length : undefined}
      data-keep-count={settled ? preview.keepCount : undefined}
      data-bytes-freed={settled ? preview.bytesFreed : undefined}
    >
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Text fw={650} size="sm">
          {unsaved ? "If you save this policy" : "With the saved policy"}
        </Text>
        {busy && <Loader size={14} aria-label="Updating the preview" />}
      </Group>
      {error && !busy ? (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} p="xs">
          {errorMessage(error)}
        </Alert>
      ) : !preview ? (
        <Text size="sm" c="dimmed">
          Working out what this policy keeps…
        </Text>
      ) : (
        <Stack gap="xs" style={{ opacity: busy ? 0.6 : 1 }}>
          <Group gap="xs">
            <Badge color="green" variant="light" radius="sm" tt="none">
              Keeps {formatCount(preview.keepCount)}
            </Badge>
            <Badge color={forget.length > 0 ? "red" : "gray"} variant="light" radius="sm" tt="none">
              Deletes {formatCount(forget.length)}
            </Badge>
          </Group>
          {forget.length === 0 ? (
            <Text size="sm" c="dimmed">
              Nothing would be deleted now
              {preview.bytesFreed > 0 && (
                <>
                  ; a cleanup would still free{" "}
                  <Text span fw={650} c="var(--mantine-color-text)">
                    {formatBytes(preview.bytesFreed)}
                  </Text>{" "}
                  that no backup needs
                </>
              )}
              .
            </Text>
          ) : (
            <>
              <Text size="sm">
                The next cleanup would delete {countOf(forget.length, "backup")} and would free{" "}
                <Text span fw={650}>
                  {formatBytes(preview.bytesFreed)}
                </Text>
                .
              </Text>
              <Table verticalSpacing={4} fz="sm" aria-label="Backups it would delete">
                <Table.Tbody>
                  {forget.slice(0, LISTED).map((backup) => (
                    <Table.Tr key={backup.id}>
                      <Table.Td>
                        <Group gap={6} wrap="nowrap">
                          <IconTrash size={14} color="var(--mantine-color-red-6)" aria-hidden />
                          {formatDateTime(backup.createdAt)}
                        </Group>
                      </Table.Td>
                      <Table.Td c="dimmed">{BACKUP_TRIGGERS[backup.trigger].label}</Table.Td>
                      <Table.Td ta="right" c="dimmed">
                        added {formatBytes(backup.addedBytes)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {forget.length > LISTED && (
                <Text size="xs" c="dimmed">
                  and {formatCount(forget.length - LISTED)} older
                </Text>
              )}
            </>
          )}
          {preview.kept.length > 0 && <KeptBackups kept={preview.kept} />}
          <Text size="xs" c="dimmed">
            A dry run: nothing is deleted until a cleanup runs.
          </Text>
        </Stack>
      )}
    </Paper>
  );
}

/** The rule names the server gives as reasons, in words. */
const REASONS: Record<string, string> = {
  last: "Keep last",
  hourly: "Hourly",
  daily: "Daily",
  weekly: "Weekly",
  monthly: "Monthly",
  yearly: "Yearly",
  within: "Within days",
  pinned: "Pinned",
  "recent safety backup": "Recent safety backup",
  "no policy": "No rule deletes anything",
};

/** "deliberate, within 30 days" → "Deliberate, 30 days"; a reason the table lacks, capitalized. */
export function reasonWords(reason: string): string {
  const deliberate = /^deliberate, within (\d+) days?$/.exec(reason);
  if (deliberate) return `Deliberate, ${countOf(Number(deliberate[1]), "day")}`;
  return REASONS[reason] ?? reason.charAt(0).toUpperCase() + reason.slice(1);
}

type Kept = PreviewResult["retentionPreview"]["kept"];

/** Which rule keeps each kept backup, newest first. */
function KeptBackups({ kept }: { kept: Kept }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        Why each backup is kept
      </Text>
      <Stack gap={6} role="table" aria-label="Backups it keeps, and why">
        {kept.slice(0, LISTED).map(({ backup, reasons }) => (
          <Group
            key={backup.id}
            role="row"
            data-backup-id={backup.id}
            gap={6}
            wrap="wrap"
            style={{ borderTop: "1px solid var(--mantine-color-default-border)", paddingTop: 6 }}
          >
            <Text role="cell" size="sm" style={{ flex: "1 1 180px" }}>
              {formatDateTime(backup.createdAt)}{" "}
              <Text span size="xs" c="dimmed">
                {BACKUP_TRIGGERS[backup.trigger].label}
              </Text>
            </Text>
            <Group role="cell" gap={4} style={{ flex: "1 1 200px" }}>
              {reasons.map((reason) => (
                <Badge
                  key={reason}
                  variant="light"
                  color="green"
                  radius="sm"
                  tt="none"
                  size="sm"
                  data-reason={reason}
                >
                  {reasonWords(reason)}
                </Badge>
              ))}
            </Group>
          </Group>
        ))}
      </Stack>
      {kept.length > LISTED && (
        <Text size="xs" c="dimmed">
          and {countOf(kept.length - LISTED, "older backup")}
        </Text>
      )}
    </Stack>
  );
}
