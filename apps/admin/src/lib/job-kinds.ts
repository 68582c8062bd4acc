/** How job kinds read in the admin. */
import type { JobKind } from "../gql/graphql";

export const JOB_KINDS = {
  BACKUP: "Backup",
  RESTORE: "Restore",
  VERIFY: "Verification",
  PRUNE: "Cleanup",
  IMPORT: "Import",
  EXPORT: "Export",
  COPY: "Copy",
  DRILL: "Restore drill",
} as const satisfies Record<JobKind, string>;

export const JOB_KIND_OPTIONS = (Object.keys(JOB_KINDS) as JobKind[]).map((value) => ({
  value,
  label: JOB_KINDS[value],
}));
