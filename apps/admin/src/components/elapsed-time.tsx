/**
 * How long something has lasted so far ("0 s", "12 s", "3 min 5 s"), counting up every second
 * while the page stays open, in whole seconds (the times it counts from may be whole seconds:
 * the change journal's are); when it began on hover and in the `<time>` element's
 * `dateTime` (the ISO value, for machines and tests). For a job still running, edits still
 * waiting for a backup: the server sends the start once, the page counts.
 */
import { Text, type TextProps, Tooltip } from "@mantine/core";
import { formatDateTime, formatDuration } from "../lib/format";
import { useNow } from "../lib/use-now";

export interface ElapsedTimeProps extends Omit<TextProps, "children"> {
  /** An ISO date-time: when it began. */
  since: string;
}

export function ElapsedTime({ since, ...textProps }: ElapsedTimeProps) {
  const now = useNow(1000);
  // Never below zero: the server's clock may run slightly ahead of the browser's.
  const seconds = Math.floor(Math.max(0, now - new Date(since).getTime()) / 1000);
  return (
    <Tooltip label={`Since ${formatDateTime(since)}`} openDelay={200}>
      <Text component="time" dateTime={since} inherit {...textProps}>
        {seconds ? formatDuration(seconds * 1000) : "0 s"}
      </Text>
    </Tooltip>
  );
}
