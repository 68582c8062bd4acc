/**
 * An id or a code kept out of the main text but one click away: a small button that copies it,
 * its value in the tooltip (and in `data-value`, for tests).
 */
import { ActionIcon, CopyButton, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy } from "@tabler/icons-react";

export interface CopyValueProps {
  /** What is copied: "backup id", "error code". */
  what: string;
  value: string;
}

export function CopyValue({ what, value }: CopyValueProps) {
  return (
    <CopyButton value={value} timeout={1500}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? "Copied" : `Copy the ${what}: ${value}`} withArrow>
          <ActionIcon
            variant="subtle"
            color={copied ? "teal" : "gray"}
            size="sm"
            onClick={copy}
            aria-label={`Copy the ${what}`}
            data-value={value}
          >
            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          </ActionIcon>
        </Tooltip>
      )}
    </CopyButton>
  );
}
