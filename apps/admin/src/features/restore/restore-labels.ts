/** How restore scopes, modes and change kinds read in the restore wizard. */
import type { BackupScope, ChangeKind, RestoreMode } from "../../gql/graphql";

export const RESTORE_SCOPES = {
  FULL: { label: "Everything", description: "Every section and question the backup holds." },
  SECTIONS: { label: "Sections", description: "The sections you choose, each with all its questions." },
  QUESTIONS: { label: "Questions", description: "Only the questions you choose." },
} as const satisfies Record<BackupScope, { label: string; description: string }>;

export const RESTORE_MODES = {
  REPLACE: {
    label: "Replace",
    description: "Make it exactly as in the backup: what the backup lacks in the chosen scope is deleted.",
  },
  MERGE: {
    label: "Merge",
    description: "Add and change, delete nothing: what was added since the backup stays.",
  },
} as const satisfies Record<RestoreMode, { label: string; description: string }>;

export const CHANGE_KINDS = {
  ADDED: { label: "Added", color: "green" },
  CHANGED: { label: "Changed", color: "blue" },
  DELETED: { label: "Deleted", color: "red" },
  UNCHANGED: { label: "Unchanged", color: "gray" },
} as const satisfies Record<ChangeKind, { label: string; color: string }>;

/** The wizard's steps, shown on its page and, finished up to "Confirm", on a restore's page. */
export const WIZARD_STEPS = [
  { label: "Choose", description: "What and how" },
  { label: "Review", description: "The plan" },
  { label: "Confirm", description: "Start it" },
  { label: "Restore", description: "Live progress" },
  { label: "Result", description: "And undo" },
] as const;
