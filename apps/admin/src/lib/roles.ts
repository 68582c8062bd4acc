/** How the API keys' roles read in the admin: a label, a colour, what the role may do. */
import type { Role } from "../gql/graphql";

export const ROLE_LABELS = {
  ADMIN: { label: "Admin", color: "grape", hint: "May read and write everything, and manage keys" },
  OPERATOR: {
    label: "Operator",
    color: "teal",
    hint: "May read, back up and verify; only ADMIN keys edit or delete",
  },
  VIEWER: {
    label: "Viewer",
    color: "gray",
    hint: "May read; only OPERATOR keys back up, only ADMIN keys edit",
  },
} as const satisfies Record<Role, { label: string; color: string; hint: string }>;
