/**
 * The parts of a form that saves at once (a question, the settings): the notice that a key may
 * only read it, the bar kept in view at the form's foot (whether there are changes or why the
 * last Save failed, and the buttons), and the alert for a failure the fields do not explain.
 */
import { Alert, Box, Group, Text } from "@mantine/core";
import { IconAlertTriangle, IconLock } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { SaveProblem } from "../lib/save-problem";

/** Says that the form is read-only for this key, and which keys may change `what`. */
export function ReadOnlyAlert({ role, what }: { role: string; what: string }) {
  return (
    <Alert color="gray" icon={<IconLock size={18} />}>
      Read only: your key is {role}, and only ADMIN keys may change {what}.
    </Alert>
  );
}

/** The last Save's failure, when the marked fields do not say it all. */
export function SaveProblemAlert({ problem }: { problem: SaveProblem | null }) {
  if (problem?.kind !== "other") return null;
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
      {problem.message}
    </Alert>
  );
}

export interface SaveBarProps {
  /** The last Save's failure: when the marked fields say it all, the bar says so instead of `status`. */
  problem: SaveProblem | null;
  /** What the bar says otherwise: "Unsaved changes", "No changes". */
  status: string;
  /** The background behind the form, so that what scrolls under the bar is hidden. @default "var(--mantine-color-body)" */
  bg?: string;
  /** The buttons, Save last. */
  children: ReactNode;
}

export function SaveBar({ problem, status, bg = "var(--mantine-color-body)", children }: SaveBarProps) {
  return (
    <Box
      pos="sticky"
      bottom={0}
      py="md"
      bg={bg}
      style={{ borderTop: "1px solid var(--mantine-color-default-border)", zIndex: 1 }}
    >
      <Group justify="space-between">
        {problem?.kind === "fields" ? (
          <Text size="sm" c="red" role="alert">
            {problem.message}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            {status}
          </Text>
        )}
        <Group gap="sm">{children}</Group>
      </Group>
    </Box>
  );
}
