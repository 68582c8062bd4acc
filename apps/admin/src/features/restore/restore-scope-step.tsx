/**
 * Step 1 of the restore wizard: what to restore (everything, chosen sections, chosen questions)
 * and how (Replace: exactly as in the backup; Merge: add and change, delete nothing). Choices
 * the API would refuse are explained here rather than after a round trip: Replace of
 * everything needs a backup of everything, and Replace of a section needs the whole section.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Input,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { IconArrowRight, IconInfoCircle } from "@tabler/icons-react";
import type { PickedQuestion } from "../../components/question-picker";
import type { BackupScope, RestoreMode } from "../../gql/graphql";
import { countOf, pluralWord } from "../../lib/plural";
import { BackupQuestionPicker } from "./backup-question-picker";
import { RESTORE_MODES, RESTORE_SCOPES } from "./restore-labels";

export interface RestoreChoice {
  scope: BackupScope;
  sectionIds: string[];
  questions: PickedQuestion[];
  mode: RestoreMode;
}

export interface WizardBackup {
  id: string;
  scope: BackupScope;
  questionCount: number;
  sections: { sectionId: string; name: string; questionCount: number; complete: boolean }[];
}

/** Why a choice cannot be previewed: something is still to choose, or the API would refuse it. */
export interface ChoiceProblem {
  kind: "incomplete" | "refused";
  message: string;
}

/** Why `choice` cannot be previewed yet, or null when it can. */
export function choiceProblem(choice: RestoreChoice, backup: WizardBackup): ChoiceProblem | null {
  if (choice.scope === "SECTIONS" && choice.sectionIds.length === 0)
    return { kind: "incomplete", message: "Choose at least one section." };
  if (choice.scope === "QUESTIONS" && choice.questions.length === 0)
    return { kind: "incomplete", message: "Choose at least one question." };
  if (choice.mode !== "REPLACE") return null;
  if (choice.scope === "FULL" && backup.scope !== "FULL")
    return {
      kind: "refused",
      message:
        "This backup holds only part of the bank, so Replace of everything would delete the rest. Choose Merge, or restore its sections.",
    };
  if (choice.scope === "SECTIONS") {
    const partial = backup.sections.filter(
      (section) => !section.complete && choice.sectionIds.includes(section.sectionId),
    );
    if (partial.length > 0)
      return {
        kind: "refused",
        message: `This backup holds only some questions of ${partial.map((section) => section.name).join(", ")}: choose Merge, or leave ${pluralWord(partial.length, { one: "it", other: "them" })} out.`,
      };
  }
  return null;
}

export interface RestoreScopeStepProps {
  backup: WizardBackup;
  sectionNames: ReadonlyMap<string, string>;
  choice: RestoreChoice;
  onChange(choice: RestoreChoice): void;
  onNext(): void;
}

interface OptionCardProps {
  value: string;
  label: string;
  description: string;
  selected: boolean;
}

function OptionCard({ value, label, description, selected }: OptionCardProps) {
  return (
    <Radio.Card
      value={value}
      radius="md"
      p="md"
      withBorder
      bg={selected ? "var(--mantine-color-blue-light)" : undefined}
      style={{
        display: "flex",
        alignItems: "flex-start",
        borderColor: selected ? "var(--mantine-color-blue-filled)" : undefined,
      }}
    >
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Radio.Indicator mt={2} />
        <div>
          <Text fw={600}>{label}</Text>
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        </div>
      </Group>
    </Radio.Card>
  );
}

export function RestoreScopeStep({ backup, sectionNames, choice, onChange, onNext }: RestoreScopeStepProps) {
  const problem = choiceProblem(choice, backup);
  const set = (patch: Partial<RestoreChoice>) => onChange({ ...choice, ...patch });
  const allSectionIds = backup.sections.map((section) => section.sectionId);

  return (
    <Stack gap="lg">
      <Radio.Group
        value={choice.scope}
        onChange={(value) => set({ scope: value as BackupScope })}
        label={
          <Title order={3} size="h5">
            What to restore
          </Title>
        }
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" mt="xs">
          {(Object.keys(RESTORE_SCOPES) as BackupScope[]).map((scope) => (
            <OptionCard
              key={scope}
              value={scope}
              selected={choice.scope === scope}
              label={RESTORE_SCOPES[scope].label}
              description={
                scope === "FULL"
                  ? `Every section and question the backup holds (${countOf(backup.questionCount, "question")}).`
                  : RESTORE_SCOPES[scope].description
              }
            />
          ))}
        </SimpleGrid>
      </Radio.Group>

      {choice.scope === "SECTIONS" && (
        <Input.Wrapper
          label="Sections to restore"
          description={
            <>
              The backup's sections.{" "}
              <Anchor
                component="button"
                type="button"
                size="xs"
                onClick={() => set({ sectionIds: allSectionIds })}
              >
                Choose all
              </Anchor>{" "}
              ·{" "}
              <Anchor component="button" type="button" size="xs" onClick={() => set({ sectionIds: [] })}>
                None
              </Anchor>
            </>
          }
        >
          <Checkbox.Group value={choice.sectionIds} onChange={(sectionIds) => set({ sectionIds })}>
            <Paper withBorder radius="sm" mt={6} p="sm">
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" verticalSpacing="xs">
                {backup.sections.map((section) => (
                  <Checkbox
                    key={section.sectionId}
                    value={section.sectionId}
                    label={
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm">{section.name}</Text>
                        {!section.complete && (
                          <Badge size="xs" variant="light" color="yellow" radius="sm" tt="none">
                            some questions
                          </Badge>
                        )}
                      </Group>
                    }
                    description={countOf(section.questionCount, "question")}
                  />
                ))}
              </SimpleGrid>
            </Paper>
          </Checkbox.Group>
        </Input.Wrapper>
      )}

      {choice.scope === "QUESTIONS" && (
        <BackupQuestionPicker
          backupId={backup.id}
          sectionNames={sectionNames}
          picked={choice.questions}
          onChange={(questions) => set({ questions })}
        />
      )}

      <Radio.Group
        value={choice.mode}
        onChange={(value) => set({ mode: value as RestoreMode })}
        label={
          <Title order={3} size="h5">
            How
          </Title>
        }
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mt="xs">
          {(Object.keys(RESTORE_MODES) as RestoreMode[]).map((mode) => (
            <OptionCard
              key={mode}
              value={mode}
              selected={choice.mode === mode}
              label={RESTORE_MODES[mode].label}
              description={RESTORE_MODES[mode].description}
            />
          ))}
        </SimpleGrid>
      </Radio.Group>

      {problem?.kind === "refused" && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />}>
          {problem.message}
        </Alert>
      )}

      <Group justify="flex-end" gap="sm">
        {problem?.kind === "incomplete" && (
          <Text size="sm" c="dimmed">
            {problem.message}
          </Text>
        )}
        <Button rightSection={<IconArrowRight size={16} />} disabled={problem !== null} onClick={onNext}>
          Preview the restore
        </Button>
      </Group>
    </Stack>
  );
}
