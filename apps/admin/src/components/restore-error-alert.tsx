/**
 * Why a restore (or its undo) could not start, by the API's error code: another restore in the
 * way (CONFLICT), a plan that breaks the bank's rules (VALIDATION_FAILED) or damaged records in
 * the backup (INTEGRITY_ERROR), each with the items the server named; anything else as said.
 */
import { Alert, Anchor, List, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { Link } from "react-router";
import { errorCode, errorItems, errorMessage } from "../lib/api-errors";

const TITLES: Partial<Record<ReturnType<typeof errorCode>, string>> = {
  CONFLICT: "Another restore is in the way",
  VALIDATION_FAILED: "The restore would break the bank's rules",
  INTEGRITY_ERROR: "The backup has damaged records",
  NOT_FOUND: "Not found",
  FORBIDDEN: "Not allowed",
  BAD_USER_INPUT: "This restore cannot be made",
};

const SHOWN_ITEMS = 10;

export interface RestoreErrorAlertProps {
  error: unknown;
  /** What failed, e.g. "The restore did not start". */
  title: string;
}

export function RestoreErrorAlert({ error, title }: RestoreErrorAlertProps) {
  const code = errorCode(error);
  const items = errorItems(error);
  return (
    <Alert
      color={code === "CONFLICT" ? "yellow" : "red"}
      icon={<IconAlertTriangle size={18} />}
      title={`${title}: ${TITLES[code]?.toLowerCase() ?? "it failed"}`}
      role="alert"
      data-error-code={code}
    >
      <Stack gap={6}>
        <Text size="sm">{errorMessage(error)}</Text>
        {items.length > 0 && (
          <List size="sm" spacing={2}>
            {items.slice(0, SHOWN_ITEMS).map((item, index) => (
              <List.Item key={`${item.id ?? ""}-${index}`}>
                {item.entity ? `${item.entity} ${item.id ?? ""}: ` : ""}
                {item.message}
              </List.Item>
            ))}
            {items.length > SHOWN_ITEMS && <List.Item>and {items.length - SHOWN_ITEMS} more</List.Item>}
          </List>
        )}
        {code === "CONFLICT" && (
          <Text size="sm">
            Wait for it to finish, or see it on the{" "}
            <Anchor component={Link} to="/jobs" size="sm">
              Jobs page
            </Anchor>
            .
          </Text>
        )}
        {code === "INTEGRITY_ERROR" && (
          <Text size="sm">Nothing was restored. A verification on the Jobs page shows what is damaged.</Text>
        )}
      </Stack>
    </Alert>
  );
}
