/**
 * A time as people say it ("3 minutes ago", "in 8 hours"), kept current as the page stays open,
 * with the exact local time on hover and in the `<time>` element's `dateTime` (the ISO value,
 * for machines and tests).
 */
import { Text, type TextProps, Tooltip } from "@mantine/core";
import { formatDateTime, formatRelative } from "../lib/format";
import { useNow } from "../lib/use-now";

export interface RelativeTimeProps extends Omit<TextProps, "children"> {
  /** An ISO date-time. */
  iso: string;
  /** How often the words are re-read. @default 5_000 */
  tickMs?: number;
}

export function RelativeTime({ iso, tickMs = 5_000, ...textProps }: RelativeTimeProps) {
  const now = useNow(tickMs);
  const exact = formatDateTime(iso);
  return (
    <Tooltip label={exact} openDelay={200}>
      <Text component="time" dateTime={iso} inherit {...textProps}>
        {formatRelative(iso, now)}
      </Text>
    </Tooltip>
  );
}
