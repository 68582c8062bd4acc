/**
 * What a restore does to the questions' recordings, side by side: the file the bank has now and
 * the one the backup holds, each with a player and its size. A recording the backup holds for a
 * question whose file is missing from the bank, or changed there, is written back (REPAIRED) even
 * when the question itself is unchanged.
 */
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { AudioPlayer } from "../../components/audio-player";
import { formatBytes } from "../../lib/format";
import { countOf } from "../../lib/plural";

export interface MediaChangeView {
  questionId: string;
  kind: string;
  bytes: number | null;
  liveBytes: number | null;
  url: string | null;
  liveUrl: string | null;
}

const KINDS: Record<string, { label: string; color: string }> = {
  ADDED: { label: "Added", color: "green" },
  CHANGED: { label: "Changed", color: "blue" },
  REMOVED: { label: "Removed", color: "red" },
  REPAIRED: { label: "Written back", color: "yellow" },
};

/** Changes shown with players; the rest are counted. */
const SHOWN = 20;

function Side({
  title,
  url,
  bytes,
  missing,
}: {
  title: string;
  url: string | null;
  bytes: number | null;
  missing: string;
}) {
  return (
    <Stack gap={4}>
      <Text size="xs" fw={600} c="dimmed" tt="uppercase">
        {title}
      </Text>
      {url ? (
        <AudioPlayer url={url} label={`${title}: recording`} bytes={bytes} />
      ) : (
        <Text size="sm" c="dimmed">
          {missing}
        </Text>
      )}
    </Stack>
  );
}

export function RestoreMediaList({ changes }: { changes: readonly MediaChangeView[] }) {
  if (changes.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md" role="region" aria-label="Recordings">
      <Title order={3} size="h5" mb="sm">
        Recordings
      </Title>
      <Stack gap="md">
        {changes.slice(0, SHOWN).map((change) => {
          const kind = KINDS[change.kind] ?? { label: change.kind, color: "gray" };
          return (
            <Stack
              key={change.questionId}
              gap="xs"
              role="group"
              aria-label={`Recording of question ${change.questionId}`}
            >
              <Group gap="xs">
                <Badge color={kind.color} variant="light" radius="sm">
                  {kind.label}
                </Badge>
                <Text size="sm" ff="monospace" c="dimmed">
                  question {change.questionId}
                </Text>
              </Group>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <Side title="Now" url={change.liveUrl} bytes={change.liveBytes} missing="No recording" />
                <Side
                  title="After the restore"
                  url={change.kind === "REMOVED" ? null : change.url}
                  bytes={change.bytes}
                  missing={change.kind === "REMOVED" ? "No recording" : "Not in the backup"}
                />
              </SimpleGrid>
            </Stack>
          );
        })}
        {changes.length > SHOWN && (
          <Text size="sm" c="dimmed">
            And {countOf(changes.length - SHOWN, "more recording")} (
            {formatBytes(changes.slice(SHOWN).reduce((sum, c) => sum + (c.bytes ?? 0), 0))}).
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
