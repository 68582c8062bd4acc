/**
 * The phases a job went through, as the server keeps them with the job (so a finished job, or one
 * opened after a reload, shows them all): each with when it began and how long it took, the one
 * still going counting up on the page.
 */
import { Paper, Text, Timeline, Title } from "@mantine/core";
import { ElapsedTime } from "../../components/elapsed-time";
import { graphql } from "../../gql";
import type { JobPhasesFragment } from "../../gql/graphql";
import { formatDateTime, formatDuration } from "../../lib/format";

graphql(`
  fragment JobPhases on Job {
    phases {
      phase
      startedAt
      finishedAt
    }
  }
`);

type Phase = JobPhasesFragment["phases"][number];

/**
 * The phases the job went through, in order, each with when it began and how long it took; the
 * one still going counts up.
 */
export function Phases({ phases }: { phases: Phase[] }) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label="Phases">
      <Title order={3} size="h5" mb="sm">
        Phases
      </Title>
      <Timeline active={phases.length - 1} bulletSize={14} lineWidth={2}>
        {phases.map((entry) => (
          <Timeline.Item
            key={`${entry.phase}@${entry.startedAt}`}
            title={entry.phase}
            data-phase={entry.phase}
            data-started-at={entry.startedAt}
          >
            <Text size="xs" c="dimmed">
              {formatDateTime(entry.startedAt)}
              {" · "}
              {entry.finishedAt ? (
                <span data-duration>
                  took {formatDuration(Date.parse(entry.finishedAt) - Date.parse(entry.startedAt))}
                </span>
              ) : (
                <span data-duration>
                  for <ElapsedTime since={entry.startedAt} /> so far
                </span>
              )}
            </Text>
          </Timeline.Item>
        ))}
      </Timeline>
    </Paper>
  );
}
