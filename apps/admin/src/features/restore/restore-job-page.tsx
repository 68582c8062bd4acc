/**
 * One restore at /restores/:jobId: the wizard's last two steps. Its live progress, then how it
 * ended and "Undo this restore". The job id in the address is all it needs: after a reload the
 * `jobProgress` subscription sends the job's current state first, so the page reattaches to a
 * running restore or shows how it ended. An undo is a restore of its own, shown at its own
 * address (`?undoes=` names the restore it undoes).
 */
import { Anchor, Group, Paper, Stack, Stepper, Text, Title } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { isFinished } from "../../components/job-progress";
import { RestoreJob, type RestoreJobState } from "../../components/restore-job";
import { formatDateTime } from "../../lib/format";
import { WIZARD_STEPS } from "./restore-labels";

export function RestoreJobPage() {
  const { jobId = "" } = useParams();
  const [params] = useSearchParams();
  const undoes = params.get("undoes");
  const navigate = useNavigate();
  const [job, setJob] = useState<RestoreJobState | null>(null);
  const shown = job?.id === jobId ? job : null;
  const finished = shown ? isFinished(shown.status) : false;

  return (
    <Stack gap="lg" maw={1000}>
      {shown?.backup ? (
        <Anchor component={Link} to={`/backups/${shown.backup.id}`} size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} />
            The backup it restores
          </Group>
        </Anchor>
      ) : (
        <Anchor component={Link} to="/backups" size="sm">
          <Group gap={4}>
            <IconArrowLeft size={14} />
            All backups
          </Group>
        </Anchor>
      )}
      <div>
        <Title order={2}>{undoes ? "Undo of a restore" : "Restore"}</Title>
        <Text c="dimmed" size="sm" mt={4}>
          {shown?.backup ? `From the backup of ${formatDateTime(shown.backup.createdAt)}. ` : ""}
          {undoes ? (
            <>
              It puts back what{" "}
              <Anchor component={Link} to={`/restores/${undoes}`} size="sm">
                the restore it undoes
              </Anchor>{" "}
              changed.
            </>
          ) : (
            "This page can be reloaded or left: the restore goes on on the server."
          )}
        </Text>
      </div>
      <Stepper active={finished ? 4 : 3} size="sm" allowNextStepsSelect={false} aria-label="Restore steps">
        {WIZARD_STEPS.map((item) => (
          <Stepper.Step key={item.label} label={item.label} description={item.description} />
        ))}
      </Stepper>
      <Paper withBorder radius="md" p="lg" role="region" aria-label="Restore">
        <RestoreJob
          key={jobId}
          jobId={jobId}
          onUpdate={setJob}
          onUndoStarted={(undoJobId) => navigate(`/restores/${undoJobId}?undoes=${jobId}`)}
        />
      </Paper>
    </Stack>
  );
}
