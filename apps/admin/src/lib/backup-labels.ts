/** How backup triggers and scopes read everywhere in the admin. */
import type { BackupScope, BackupTrigger } from "../gql/graphql";

export const BACKUP_TRIGGERS = {
  MANUAL: { label: "Manual", color: "blue" },
  AUTOMATIC: { label: "Automatic", color: "teal" },
  SCHEDULED: { label: "Scheduled", color: "violet" },
  PRE_RESTORE: { label: "Before a restore", color: "orange" },
  IMPORT: { label: "Import", color: "gray" },
} as const satisfies Record<BackupTrigger, { label: string; color: string }>;

export const BACKUP_TRIGGER_OPTIONS = (Object.keys(BACKUP_TRIGGERS) as BackupTrigger[]).map((value) => ({
  value,
  label: BACKUP_TRIGGERS[value].label,
}));

export const BACKUP_SCOPES = {
  FULL: "Everything",
  SECTIONS: "Chosen sections",
  QUESTIONS: "Chosen questions",
} as const satisfies Record<BackupScope, string>;
