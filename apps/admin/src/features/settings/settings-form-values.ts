/**
 * The Settings form's values and their conversions: from the saved `BackupSettings`, to the
 * `BackupSettingsInput` that updateBackupSettings applies, and to the `RetentionPolicyInput`
 * the live preview asks about. An empty retention field is "no such rule" (null); an empty
 * schedule is "no scheduled backup" (null). Form paths are the API's field names, so a
 * BAD_USER_INPUT `field` (`autoBackupMaxDelayMs`, `retention.keepLast`) names a form field.
 */
import type { BackupSettingsInput, RetentionPolicyInput, SettingsFieldsFragment } from "../../gql/graphql";

/** The retention rules, in the order the form shows them. */
export const RETENTION_RULES = {
  keepLast: { label: "Keep last", description: "The newest N backups" },
  keepHourly: {
    label: "Keep hourly",
    description: "The newest backup of each of the last N hours that have one",
  },
  keepDaily: { label: "Keep daily", description: "The newest of each of the last N days" },
  keepWeekly: { label: "Keep weekly", description: "The newest of each of the last N weeks" },
  keepMonthly: { label: "Keep monthly", description: "The newest of each of the last N months" },
  keepYearly: { label: "Keep yearly", description: "The newest of each of the last N years" },
  keepWithinDays: {
    label: "Keep within days",
    description: "Every backup less than N days older than the newest",
  },
  keepDeliberateDays: {
    label: "Keep deliberate backups",
    description: "Manual and imported backups younger than N days, whatever the other rules say",
  },
} as const;

export type RetentionRule = keyof typeof RETENTION_RULES;
export const RETENTION_RULE_NAMES = Object.keys(RETENTION_RULES) as RetentionRule[];

/** How long a field must stay unchanged before its live preview (runs, retention) asks the server. */
export const PREVIEW_DEBOUNCE_MS = 400;

/** A number field's value as Mantine's NumberInput gives it: a number, or "" when empty. */
export type NumberValue = number | string;

export interface SettingsFormValues {
  autoBackupEnabled: boolean;
  autoBackupDebounceMs: NumberValue;
  autoBackupMaxDelayMs: NumberValue;
  schedule: string;
  retention: Record<RetentionRule, NumberValue>;
  /** Apply the count rules to each trigger's backups on their own. */
  groupByTrigger: boolean;
  autoPruneEnabled: boolean;
  compressionQuality: number;
  /** Where copies go: an absolute folder or s3://bucket/prefix; empty: no copy. */
  copyTo: string;
  copyAfterBackup: boolean;
  /** Cron expression of scheduled copies; empty: none. */
  copySchedule: string;
  /** Cron expression of restore drills; empty: none. */
  drillSchedule: string;
}

export function toFormValues(settings: SettingsFieldsFragment): SettingsFormValues {
  return {
    autoBackupEnabled: settings.autoBackupEnabled,
    autoBackupDebounceMs: settings.autoBackupDebounceMs,
    autoBackupMaxDelayMs: settings.autoBackupMaxDelayMs,
    schedule: settings.schedule ?? "",
    retention: Object.fromEntries(
      RETENTION_RULE_NAMES.map((rule) => [rule, settings.retention[rule] ?? ""]),
    ) as Record<RetentionRule, NumberValue>,
    groupByTrigger: settings.retention.groupByTrigger ?? false,
    autoPruneEnabled: settings.autoPruneEnabled,
    compressionQuality: settings.compressionQuality,
    copyTo: settings.copyTo ?? "",
    copyAfterBackup: settings.copyAfterBackup,
    copySchedule: settings.copySchedule ?? "",
    drillSchedule: settings.drillSchedule ?? "",
  };
}

/** A filled number field as a number; an empty (or half-typed) one as null. */
export function numberOrNull(value: NumberValue): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  const parsed = value.trim() === "" ? Number.NaN : Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

/** Every rule, null where the form has none, so the policy is the form's and nothing else. */
export function toRetentionInput(
  values: Pick<SettingsFormValues, "retention" | "groupByTrigger">,
): Required<RetentionPolicyInput> {
  return {
    ...(Object.fromEntries(
      RETENTION_RULE_NAMES.map((rule) => [rule, numberOrNull(values.retention[rule])]),
    ) as Record<RetentionRule, number | null>),
    groupByTrigger: values.groupByTrigger,
  };
}

/** The whole form as one update. The two delays are required by the form's own validation. */
export function toSettingsInput(values: SettingsFormValues): BackupSettingsInput {
  return {
    autoBackupEnabled: values.autoBackupEnabled,
    autoBackupDebounceMs: numberOrNull(values.autoBackupDebounceMs),
    autoBackupMaxDelayMs: numberOrNull(values.autoBackupMaxDelayMs),
    schedule: values.schedule.trim() === "" ? null : values.schedule.trim(),
    retention: toRetentionInput(values),
    autoPruneEnabled: values.autoPruneEnabled,
    compressionQuality: values.compressionQuality,
    copyTo: values.copyTo.trim() === "" ? null : values.copyTo.trim(),
    copyAfterBackup: values.copyAfterBackup,
    copySchedule: values.copySchedule.trim() === "" ? null : values.copySchedule.trim(),
    drillSchedule: values.drillSchedule.trim() === "" ? null : values.drillSchedule.trim(),
  };
}

const FORM_FIELDS = new Set<string>([
  "autoBackupEnabled",
  "autoBackupDebounceMs",
  "autoBackupMaxDelayMs",
  "schedule",
  "autoPruneEnabled",
  "compressionQuality",
  "groupByTrigger",
  "copyTo",
  "copyAfterBackup",
  "copySchedule",
  "drillSchedule",
  ...RETENTION_RULE_NAMES.map((rule) => `retention.${rule}`),
]);

/** The form path a server `field` names, or null when the form has no such field. */
export function formFieldOf(serverField: string): string | null {
  const field = serverField === "retention.groupByTrigger" ? "groupByTrigger" : serverField;
  return FORM_FIELDS.has(field) ? field : null;
}

/** What the form calls the fields the server's messages name. */
const FIELD_LABELS: Record<string, string> = {
  autoBackupDebounceMs: "the quiet period",
  autoBackupMaxDelayMs: "the longest delay",
  compressionQuality: "the compression quality",
  copyTo: "the copy location",
  copySchedule: "the copy schedule",
  drillSchedule: "the drill schedule",
};

/**
 * The server's message for a field, as the field's own error: "autoBackupDebounceMs must be at
 * least 50" → "Must be at least 50" (the field's label already says which), and other fields it
 * names by their labels: "must not be shorter than the quiet period".
 */
export function fieldMessage(field: string, message: string): string {
  const own = message.startsWith(`${field} `) ? message.slice(field.length + 1) : message;
  const readable = own.replace(
    /\b[a-zA-Z]+Ms\b|\bcompressionQuality\b/g,
    (name) => FIELD_LABELS[name] ?? name,
  );
  return readable.charAt(0).toUpperCase() + readable.slice(1);
}
