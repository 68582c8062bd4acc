/**
 * The backup settings as one form, saved at once with updateBackupSettings. Input errors from the
 * server appear on the field they name; anything else in an alert and a notification. Keys
 * below ADMIN see the same form, read-only, without Save.
 */
import { useMutation } from "@apollo/client/react";
import {
  Button,
  Fieldset,
  Input,
  NumberInput,
  type NumberInputProps,
  SimpleGrid,
  Slider,
  Stack,
  Switch,
  Text,
  TextInput,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconCheck } from "@tabler/icons-react";
import { useState } from "react";
import { ReadOnlyAlert, SaveBar, SaveProblemAlert } from "../../components/save-bar";
import { graphql } from "../../gql";
import type { SettingsFieldsFragment } from "../../gql/graphql";
import { errorMessage, fieldIssues } from "../../lib/api-errors";
import { formatDuration } from "../../lib/format";
import { type SaveProblem, sortIssues } from "../../lib/save-problem";
import { useSession } from "../../lib/session";
import { CleanupNow } from "./cleanup-now";
import { CopyNow, DrillNow } from "./job-now";
import { RetentionPreview } from "./retention-preview";
import { ScheduleField } from "./schedule-field";
import {
  fieldMessage,
  formFieldOf,
  numberOrNull,
  RETENTION_RULE_NAMES,
  RETENTION_RULES,
  type SettingsFormValues,
  toFormValues,
  toRetentionInput,
  toSettingsInput,
} from "./settings-form-values";
import { SettingsSection } from "./settings-section";

const SaveSettingsMutation = graphql(`
  mutation SaveBackupSettings($input: BackupSettingsInput!) {
    updateBackupSettings(input: $input) {
      ...SettingsFields
    }
  }
`);

/** GraphQL's Int is 32-bit: longer numbers are not typed in at all. */
const fitsInt = ({ floatValue }: { floatValue: number | undefined }) =>
  floatValue === undefined || floatValue <= 2_147_483_647;

const WHOLE_NUMBER: Partial<NumberInputProps> = {
  allowDecimal: false,
  allowNegative: false,
  isAllowed: fitsInt,
  hideControls: true,
};

const required = (value: number | string) =>
  numberOrNull(value) === null ? "Enter a number of milliseconds" : null;

export function SettingsForm({ settings }: { settings: SettingsFieldsFragment }) {
  const session = useSession();
  const readOnly = !session.canChangeSettings;
  const form = useForm<SettingsFormValues>({
    initialValues: toFormValues(settings),
    validate: { autoBackupDebounceMs: required, autoBackupMaxDelayMs: required },
  });
  const [save, { loading: saving }] = useMutation(SaveSettingsMutation);
  const [problem, setProblem] = useState<SaveProblem | null>(null);
  const dirty = form.isDirty();
  const debounce = numberOrNull(form.values.autoBackupDebounceMs);
  const maxDelay = numberOrNull(form.values.autoBackupMaxDelayMs);

  const submit = form.onSubmit(async (values) => {
    setProblem(null);
    try {
      const { data } = await save({ variables: { input: toSettingsInput(values) } });
      if (data) {
        const saved = toFormValues(data.updateBackupSettings);
        form.setInitialValues(saved);
        form.setValues(saved);
        form.resetDirty(saved);
      }
      notifications.show({
        color: "green",
        icon: <IconCheck size={18} />,
        title: "Settings saved",
        message: "They apply from now on.",
      });
    } catch (error) {
      const issues = fieldIssues(error);
      const { fieldErrors, elsewhere } = sortIssues(issues, formFieldOf, (issue) =>
        fieldMessage(issue.field, issue.message),
      );
      form.setErrors(fieldErrors);
      if (issues.length > 0 && elsewhere.length === 0) {
        setProblem({ kind: "fields", message: "The settings were not saved: fix the marked fields." });
        return;
      }
      const message =
        elsewhere.length > 0 ? elsewhere.map((issue) => issue.message).join("; ") : errorMessage(error);
      setProblem({ kind: "other", message });
      notifications.show({ color: "red", title: "The settings were not saved", message });
    }
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Backup settings">
      <Stack gap="lg">
        {readOnly && <ReadOnlyAlert role={session.role} what="the settings" />}
        <Fieldset variant="unstyled" disabled={readOnly}>
          <Stack gap="lg">
            <SettingsSection
              title="Automatic backups"
              description="Every committed edit of the bank is backed up on its own."
            >
              <Switch
                label="Back up every edit automatically"
                {...form.getInputProps("autoBackupEnabled", { type: "checkbox" })}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <NumberInput
                  {...WHOLE_NUMBER}
                  label="Quiet period"
                  description={
                    debounce === null
                      ? "How long after the last edit a backup starts"
                      : `A backup starts ${formatDuration(debounce)} after the last edit`
                  }
                  rightSection={<Unit />}
                  {...form.getInputProps("autoBackupDebounceMs")}
                />
                <NumberInput
                  {...WHOLE_NUMBER}
                  label="Longest delay"
                  description={
                    maxDelay === null
                      ? "The longest an edit waits, however steady the edits"
                      : `No edit waits longer than ${formatDuration(maxDelay)}, however steady the edits`
                  }
                  rightSection={<Unit />}
                  {...form.getInputProps("autoBackupMaxDelayMs")}
                />
              </SimpleGrid>
            </SettingsSection>

            <SettingsSection
              title="Schedule"
              description="A full backup at fixed times, which also catches edits made behind the API's back."
            >
              <ScheduleField form={form} settings={settings} readOnly={readOnly} />
            </SettingsSection>

            <SettingsSection
              title="Retention"
              description="Which backups a cleanup keeps; it deletes the rest. Empty means no such rule. Pinned backups are always kept."
            >
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
                <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
                  {RETENTION_RULE_NAMES.map((rule) => (
                    <NumberInput
                      key={rule}
                      {...WHOLE_NUMBER}
                      label={RETENTION_RULES[rule].label}
                      description={RETENTION_RULES[rule].description}
                      placeholder="No rule"
                      {...form.getInputProps(`retention.${rule}`)}
                    />
                  ))}
                  <Switch
                    style={{ gridColumn: "1 / -1" }}
                    label="Count each trigger separately"
                    description="The rules above apply to automatic, manual, scheduled and other backups each on their own, so frequent automatic backups never push out manual or scheduled ones."
                    {...form.getInputProps("groupByTrigger", { type: "checkbox" })}
                  />
                </SimpleGrid>
                <RetentionPreview
                  policy={toRetentionInput(form.values)}
                  saved={toRetentionInput(form.getInitialValues())}
                />
              </SimpleGrid>
            </SettingsSection>

            <SettingsSection
              title="Copies"
              description="A second repository kept in step with this one (another folder, or a bucket elsewhere): only the backups and records it lacks are copied. The copy's passphrase is QVAULT_COPY_PASSPHRASE, else this repository's."
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
                <TextInput
                  label="Copy to"
                  description="An absolute folder path, or s3://bucket/prefix. Empty: no copy."
                  placeholder="s3://offsite-bucket/qvault"
                  {...form.getInputProps("copyTo")}
                />
                <TextInput
                  label="Copy schedule"
                  description='A cron expression, e.g. "30 3 * * *" for 03:30 every day. Empty: none.'
                  placeholder="No scheduled copy"
                  {...form.getInputProps("copySchedule")}
                />
              </SimpleGrid>
              <Switch
                label="Copy after every backup"
                {...form.getInputProps("copyAfterBackup", { type: "checkbox" })}
              />
              <CopyNow copyTo={settings.copyTo ?? null} />
            </SettingsSection>

            <SettingsSection
              title="Restore drills"
              description="Proof that backups restore: the newest backup restored into a scratch bank beside this one (a temporary file, or a temporary PostgreSQL schema) and compared record by record. A failed drill makes the health FAILING until one passes."
            >
              <TextInput
                label="Drill schedule"
                description='A cron expression, e.g. "0 4 * * 0" for Sundays at 04:00. Empty: no scheduled drill.'
                placeholder="No scheduled drill"
                maw={420}
                {...form.getInputProps("drillSchedule")}
              />
              <DrillNow />
            </SettingsSection>

            <SettingsSection title="Cleanup and compression">
              <CleanupNow />
              <Switch
                label="Clean up automatically"
                description="Apply the retention policy and remove data no kept backup needs, after backups, at most once an hour."
                {...form.getInputProps("autoPruneEnabled", { type: "checkbox" })}
              />
              <Input.Wrapper
                label="Compression quality"
                description="Brotli quality for new data, 0 to 11. 4 to 5 is the sweet spot on question text; 11 saves about 15% more for 60 times the time."
                error={form.errors.compressionQuality}
              >
                <Slider
                  mt="xs"
                  mb="lg"
                  min={0}
                  max={11}
                  step={1}
                  thumbLabel="Compression quality"
                  marks={[0, 4, 5, 9, 11].map((value) => ({ value, label: String(value) }))}
                  disabled={readOnly}
                  maw={420}
                  {...form.getInputProps("compressionQuality")}
                />
              </Input.Wrapper>
              <Text size="sm" c="dimmed">
                The repository is {settings.encrypted ? "encrypted" : "not encrypted"}; that is chosen when it
                is created.
              </Text>
            </SettingsSection>
          </Stack>
        </Fieldset>

        <SaveProblemAlert problem={problem} />
        {!readOnly && (
          <SaveBar
            problem={problem}
            status={dirty ? "Unsaved changes" : "No changes"}
            bg="var(--qvault-color-surface)"
          >
            <Button
              variant="default"
              disabled={!dirty}
              onClick={() => {
                form.reset();
                setProblem(null);
              }}
            >
              Discard changes
            </Button>
            <Button type="submit" loading={saving}>
              Save
            </Button>
          </SaveBar>
        )}
      </Stack>
    </form>
  );
}

function Unit() {
  return (
    <Text size="xs" c="dimmed" pr={4}>
      ms
    </Text>
  );
}
