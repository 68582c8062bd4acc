/** How the health statuses read on the dashboard: a word, a colour, an icon. */
import { IconAlertTriangle, IconCircleCheck, IconCircleX } from "@tabler/icons-react";
import type { HealthStatus } from "../../gql/graphql";

export const HEALTH_STATUSES = {
  OK: { label: "Healthy", color: "green", icon: IconCircleCheck },
  DEGRADED: { label: "Degraded", color: "yellow", icon: IconAlertTriangle },
  FAILING: { label: "Failing", color: "red", icon: IconCircleX },
} as const satisfies Record<HealthStatus, { label: string; color: string; icon: unknown }>;
