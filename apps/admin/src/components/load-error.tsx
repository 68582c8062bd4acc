/** Something that could not be loaded (a list, a page, a plan): what failed, why, and "Try again". */
import { Alert, Button, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { errorMessage } from "../lib/api-errors";

export function LoadError(props: { title: string; error: unknown; onRetry: () => void }) {
  return (
    <Alert color="red" icon={<IconAlertTriangle />} title={props.title}>
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(props.error)}</Text>
        <Button size="xs" variant="default" onClick={props.onRetry}>
          Try again
        </Button>
      </Stack>
    </Alert>
  );
}
