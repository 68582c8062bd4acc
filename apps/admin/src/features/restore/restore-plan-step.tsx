/**
 * Step 2 of the restore wizard: the plan. How many items the restore would add, change, delete
 * and leave alone; the problems validation found (errors stop the restore, warnings do not);
 * and every item, filterable by kind, each with its diff. Nothing is written to show this.
 * Keys below ADMIN stop here: they may preview a restore, not run it.
 */
import {
  Alert,
  Button,
  Group,
  List,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconArrowRight,
  IconCircleCheck,
  IconLock,
} from "@tabler/icons-react";
import { useState } from "react";
import { LoadError } from "../../components/load-error";
import { graphql } from "../../gql";
import type {
  ChangeKind,
  RestorePlanSummaryQuery as PlanSummaryResult,
  RestoreInput,
} from "../../gql/graphql";
import { formatCount } from "../../lib/format";
import { countOf } from "../../lib/plural";
import { useSession } from "../../lib/session";
import { defaultKind, RestoreChangeList } from "./restore-change-list";
import { CHANGE_KINDS } from "./restore-labels";
import { RestoreMediaList } from "./restore-media-list";

export const RestorePlanSummaryQuery = graphql(`
  query RestorePlanSummary($input: RestoreInput!) {
    restorePlan(input: $input) {
      scope
      mode
      added
      changed
      deleted
      unchanged
      media {
        questionId
        kind
        bytes
        liveBytes
        url
        liveUrl
      }
      validation {
        ok
        errors {
          code
          message
          entity
          id
        }
        warnings {
          code
          message
          entity
          id
        }
      }
    }
  }
`);

export type PlanSummary = PlanSummaryResult["restorePlan"];

export function planCounts(plan: PlanSummary): Record<ChangeKind, number> {
  return { ADDED: plan.added, CHANGED: plan.changed, DELETED: plan.deleted, UNCHANGED: plan.unchanged };
}

/** True when the plan would write something: a record, or a recording put back. */
export function planChangesAnything(plan: PlanSummary): boolean {
  return plan.added + plan.changed + plan.deleted + plan.media.length > 0;
}

export interface RestorePlanStepProps {
  input: RestoreInput;
  plan: PlanSummary | undefined;
  error: unknown;
  onRetry(): void;
  sectionNames: ReadonlyMap<string, string>;
  onBack(): void;
  onNext(): void;
}

export function RestorePlanStep({
  input,
  plan,
  error,
  onRetry,
  sectionNames,
  onBack,
  onNext,
}: RestorePlanStepProps) {
  const back = (
    <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={onBack}>
      Back
    </Button>
  );
  if (!plan) {
    if (error)
      return (
        <Stack gap="md">
          <LoadError title="This restore cannot be planned" error={error} onRetry={onRetry} />
          <Group>{back}</Group>
        </Stack>
      );
    return (
      <Stack gap="md" aria-busy aria-label="Planning the restore">
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
          {Array.from({ length: 4 }, (_, index) => (
            <Skeleton key={index} height={74} />
          ))}
        </SimpleGrid>
        <Skeleton height={220} />
      </Stack>
    );
  }
  return <PlanLoaded input={input} plan={plan} sectionNames={sectionNames} back={back} onNext={onNext} />;
}

interface PlanLoadedProps {
  input: RestoreInput;
  plan: PlanSummary;
  sectionNames: ReadonlyMap<string, string>;
  back: React.ReactNode;
  onNext(): void;
}

function PlanLoaded({ input, plan, sectionNames, back, onNext }: PlanLoadedProps) {
  const session = useSession();
  const counts = planCounts(plan);
  const [kind, setKind] = useState(() => defaultKind(counts));
  const { errors, warnings, ok } = plan.validation;
  const changes = planChangesAnything(plan);

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" aria-label="What the restore would do">
        {(Object.keys(CHANGE_KINDS) as ChangeKind[]).map((value) => (
          <UnstyledButton key={value} onClick={() => setKind(value)} data-count={value}>
            <Paper
              withBorder
              radius="md"
              px="md"
              py="sm"
              style={{
                borderColor:
                  kind === value ? `var(--mantine-color-${CHANGE_KINDS[value].color}-5)` : undefined,
              }}
            >
              <Text size="xs" fw={600} tt="uppercase" c={CHANGE_KINDS[value].color}>
                {CHANGE_KINDS[value].label}
              </Text>
              <Text size="xl" fw={650} c={counts[value] === 0 ? "dimmed" : undefined}>
                {formatCount(counts[value])}
              </Text>
            </Paper>
          </UnstyledButton>
        ))}
      </SimpleGrid>

      {errors.length > 0 && (
        <Alert
          color="red"
          icon={<IconAlertTriangle size={18} />}
          title={`${countOf(errors.length, "problem")}: this restore cannot run`}
        >
          <List size="sm" spacing={2}>
            {errors.map((issue, index) => (
              <List.Item key={`${issue.id ?? ""}-${index}`}>{issue.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {warnings.length > 0 && (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle size={18} />}
          title={countOf(warnings.length, "warning")}
        >
          <List size="sm" spacing={2}>
            {warnings.map((issue, index) => (
              <List.Item key={`${issue.id ?? ""}-${index}`}>{issue.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {ok && warnings.length === 0 && (
        <Group gap={6} c="green">
          <IconCircleCheck size={18} />
          <Text size="sm">Checked: the bank would keep every rule after this restore.</Text>
        </Group>
      )}

      <RestoreMediaList changes={plan.media} />

      <Paper withBorder radius="md" p="md">
        <Title order={3} size="h5" mb="sm">
          Changes
        </Title>
        <RestoreChangeList
          input={input}
          counts={counts}
          sectionNames={sectionNames}
          kind={kind}
          onKindChange={setKind}
        />
      </Paper>

      <Group justify="space-between">
        {back}
        {session.canWriteBank ? (
          <Group gap="sm">
            {!changes && (
              <Text size="sm" c="dimmed">
                Nothing to restore: the bank already matches the backup here.
              </Text>
            )}
            <Button rightSection={<IconArrowRight size={16} />} disabled={!ok || !changes} onClick={onNext}>
              Continue
            </Button>
          </Group>
        ) : (
          <Group gap={6} c="dimmed">
            <IconLock size={16} />
            <Text size="sm">Preview only: your key is {session.role}, and only ADMIN keys may restore.</Text>
          </Group>
        )}
      </Group>
    </Stack>
  );
}
