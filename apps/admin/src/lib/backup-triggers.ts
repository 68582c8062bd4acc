/**
 * How backup triggers read wherever a backup is named outside the Backups pages (restores, a
 * question's history). The same table as `features/backups/backup-labels.ts`, which may move here.
 */
import type { BackupTrigger } from "../gql/graphql";

export const BACKUP_TRIGGER_LABELS = {
  MANUAL: { label: "Manual", color: "blue" },
  AUTOMATIC: { label: "Automatic", color: "teal" },
  SCHEDULED: { label: "Scheduled", color: "violet" },
  PRE_RESTORE: { label: "Before a restore", color: "orange" },
  IMPORT: { label: "Import", color: "gray" },
} as const satisfies Record<BackupTrigger, { label: string; color: string }>;
