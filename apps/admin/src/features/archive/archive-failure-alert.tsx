/**
 * Why a file could not be read, by the code core's reader gave: damaged or not an archive
 * (INTEGRITY_ERROR, which also covers a file that is not a qvault archive at all), written by a
 * newer qvault (UNSUPPORTED_VERSION), or the browser's own failure. The reader's message says
 * what exactly it found.
 */
import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconFileAlert, IconFileUnknown } from "@tabler/icons-react";
import type { ArchiveFailure } from "./archive-protocol";

const FAILURES: Partial<Record<ArchiveFailure["code"], { title: string; hint: string }>> = {
  INTEGRITY_ERROR: {
    title: "This file is damaged or not a qvault archive",
    hint: "A changed or missing byte anywhere makes the whole file unreadable. Download the backup again, or use another copy.",
  },
  UNSUPPORTED_VERSION: {
    title: "This archive was written by a newer qvault",
    hint: "Its format is newer than this admin reads. Open it with the qvault that wrote it, or update this one.",
  },
};

export interface ArchiveFailureAlertProps {
  failure: ArchiveFailure;
  fileName?: string;
  /** A button that leads on, e.g. to choose another file. */
  action?: { label: string; onClick(): void };
}

export function ArchiveFailureAlert({ failure, fileName, action }: ArchiveFailureAlertProps) {
  const known = FAILURES[failure.code];
  const Icon =
    failure.code === "INTEGRITY_ERROR"
      ? IconFileAlert
      : failure.code === "UNSUPPORTED_VERSION"
        ? IconFileUnknown
        : IconAlertTriangle;
  return (
    <Alert
      color={failure.code === "UNSUPPORTED_VERSION" ? "yellow" : "red"}
      icon={<Icon />}
      title={known?.title ?? "This file could not be read"}
      role="alert"
      data-failure={failure.code}
      maw={720}
    >
      <Stack gap="xs" align="flex-start">
        {fileName && (
          <Text size="sm" fw={500}>
            {fileName}
          </Text>
        )}
        <Text size="sm">{failure.message}</Text>
        {known && (
          <Text size="sm" c="dimmed">
            {known.hint}
          </Text>
        )}
        {action && (
          <Button size="xs" variant="default" onClick={action.onClick}>
            {action.label}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
