/**
 * The restore wizard at /backups/:backupId/restore: choose what and how, review the plan,
 * confirm. Starting the restore moves to its own page, /restores/:jobId, where the last two
 * steps (live progress, result and undo) happen, as soon as the server answers with the job's
 * id. The choice lives in the page's state: a reload before "Restore now" starts the wizard over,
 * which is harmless since nothing was written yet; a reload after it, before the answer came,
 * finds the restore the server started (see `pending-restore.ts`) and opens its page.
 */
import { skipToken, useQuery } from "@apollo/client/react";
import {
  Alert,
  Anchor,
  Badge,
  Group,
  Loader,
  Paper,
  Skeleton,
  Stack,
  Stepper,
  Text,
  Title,
} from "@mantine/core";
import { IconArchiveOff, IconArrowLeft } from "@tabler/icons-react";
import { useCallback, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { LoadError } from "../../components/load-error";
import { graphql } from "../../gql";
import type { RestoreInput } from "../../gql/graphql";
import { BACKUP_TRIGGERS } from "../../lib/backup-labels";
import { formatDateTime } from "../../lib/format";
import { countOf } from "../../lib/plural";
import { readPendingRestore } from "./pending-restore";
import { RestoreConfirmStep } from "./restore-confirm-step";
import { WIZARD_STEPS } from "./restore-labels";
import { RestorePlanStep, RestorePlanSummaryQuery } from "./restore-plan-step";
import { type RestoreChoice, RestoreScopeStep, type WizardBackup } from "./restore-scope-step";
import { usePendingRestore } from "./use-pending-restore";

const RestoreWizardBackupQuery = graphql(`
  query RestoreWizardBackup($id: ID!) {
    backup(id: $id) {
      id
      createdAt
      trigger
      scope
      note
      questionCount
      sections {
        sectionId
        name
        questionCount
        complete
      }
    }
    sections {
      id
      name
    }
  }
`);

const INITIAL_CHOICE: RestoreChoice = { scope: "FULL", sectionIds: [], questions: [], mode: "REPLACE" };

function toInput(backupId: string, choice: RestoreChoice): RestoreInput {
  return {
    backupId,
    scope: choice.scope,
    mode: choice.mode,
    ...(choice.scope === "SECTIONS" ? { sectionIds: choice.sectionIds } : {}),
    ...(choice.scope === "QUESTIONS" ? { questionIds: choice.questions.map((question) => question.id) } : {}),
  };
}

function describeScope(
  choice: RestoreChoice,
  backup: WizardBackup,
  names: ReadonlyMap<string, string>,
): string {
  if (choice.scope === "FULL")
    return `everything the backup holds: ${countOf(backup.questionCount, "question")} in ${countOf(backup.sections.length, "section")}`;
  if (choice.scope === "SECTIONS") {
    const list = choice.sectionIds.map((id) => names.get(id) ?? id).join(", ");
    return `${countOf(choice.sectionIds.length, "section")}: ${list}`;
  }
  const first = choice.questions[0]?.prompt ?? "";
  const more = choice.questions.length - 1;
  return `${countOf(choice.questions.length, "question")}: “${first}”${more > 0 ? ` and ${more} more` : ""}`;
}

export function RestoreWizardPage() {
  const { backupId = "" } = useParams();
  const navigate = useNavigate();
  // A restore started here just before a reload: its page, once the job is found.
  const [pending] = useState(() => readPendingRestore(backupId));
  const toRestore = useCallback(
    (jobId: string) => navigate(`/restores/${jobId}`, { replace: true }),
    [navigate],
  );
  const { gaveUp } = usePendingRestore(pending, toRestore);
  const [step, setStep] = useState(0);
  const [choice, setChoice] = useState(INITIAL_CHOICE);
  const { data, error, loading, refetch } = useQuery(RestoreWizardBackupQuery, {
    variables: { id: backupId },
  });
  const backup = data?.backup;
  const input = useMemo(() => toInput(backupId, choice), [backupId, choice]);
  // A fresh plan each time the review is entered: it previews the bank as it is now.
  const planQuery = useQuery(
    RestorePlanSummaryQuery,
    step >= 1
      ? { variables: { input }, fetchPolicy: "no-cache", notifyOnNetworkStatusChange: true }
      : skipToken,
  );
  const sectionNames = useMemo(() => {
    const names = new Map<string, string>();
    for (const section of data?.sections ?? []) names.set(section.id, section.name);
    for (const section of data?.backup?.sections ?? []) names.set(section.sectionId, section.name);
    return names;
  }, [data]);

  const back = (
    <Anchor component={Link} to={`/backups/${backupId}`} size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        The backup
      </Group>
    </Anchor>
  );

  if (!backup) {
    return (
      <Stack gap="md" maw={720}>
        {back}
        {error ? (
          <LoadError title="Cannot load this backup" error={error} onRetry={() => void refetch()} />
        ) : loading ? (
          <Skeleton height={220} aria-label="Loading the backup" />
        ) : (
          <Alert color="gray" icon={<IconArchiveOff />} title="No such backup">
            There is no backup with this id; it may have been deleted.
          </Alert>
        )}
      </Stack>
    );
  }

  if (pending && !gaveUp) {
    return (
      <Stack gap="md" maw={720}>
        {back}
        <Alert color="blue" icon={<Loader size={18} />} title="Finding the restore you started" role="status">
          The page was reloaded just after “Restore now”. The restore goes on on the server; its page opens as
          soon as it is found.
        </Alert>
      </Stack>
    );
  }

  const trigger = BACKUP_TRIGGERS[backup.trigger];
  const plan = planQuery.data?.restorePlan;
  return (
    <Stack gap="lg">
      {back}
      <div>
        <Group gap="sm">
          <Title order={2}>Restore from the backup of {formatDateTime(backup.createdAt)}</Title>
          <Badge variant="light" color={trigger.color} radius="sm" tt="none" fw={600}>
            {trigger.label}
          </Badge>
        </Group>
        {backup.note && (
          <Text c="dimmed" mt={4}>
            “{backup.note}”
          </Text>
        )}
      </div>
      {gaveUp && (
        <Alert color="yellow" title="No restore was found" role="status">
          The page was reloaded just after “Restore now”, and the server has no restore from that request: it
          did not start. Nothing was restored; choose again below. The Jobs page lists every restore.
        </Alert>
      )}
      <Stepper
        active={step}
        onStepClick={setStep}
        allowNextStepsSelect={false}
        size="sm"
        aria-label="Restore steps"
      >
        {WIZARD_STEPS.map((item) => (
          <Stepper.Step key={item.label} label={item.label} description={item.description} />
        ))}
      </Stepper>
      <Paper withBorder radius="md" p="lg">
        {step === 0 && (
          <RestoreScopeStep
            backup={backup}
            sectionNames={sectionNames}
            choice={choice}
            onChange={setChoice}
            onNext={() => setStep(1)}
          />
        )}
        {step === 1 && (
          <RestorePlanStep
            input={input}
            plan={planQuery.loading ? undefined : plan}
            error={planQuery.error}
            onRetry={() => void planQuery.refetch()}
            sectionNames={sectionNames}
            onBack={() => setStep(0)}
            onNext={() => setStep(2)}
          />
        )}
        {step === 2 && plan && (
          <RestoreConfirmStep
            input={input}
            plan={plan}
            backupCreatedAt={backup.createdAt}
            scopeText={describeScope(choice, backup, sectionNames)}
            onBack={() => setStep(1)}
            onStarted={(jobId) => navigate(`/restores/${jobId}`)}
          />
        )}
      </Paper>
    </Stack>
  );
}
