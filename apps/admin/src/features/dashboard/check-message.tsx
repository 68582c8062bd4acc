/**
 * A health check's message as the dashboard shows it: the server's words, with the parts the
 * admin can say better re-said from the health's own fields, so that they read like the rest of
 * the page and stay current between two events of `healthChanged`:
 * - an ISO time ("clean at 2026-12-06T17:17:48Z") becomes a relative time that keeps counting
 *   ("clean 3 minutes ago", the exact time on hover);
 * - the last backup's age ("4 min ago") is counted from `lastBackupAt`, live;
 * - how long edits have waited for a backup ("waiting for 11 s") is counted from
 *   `pendingSince`, live, every second;
 * - the free disk ("78.5 GiB free") is the storage's `freeBytes` in the admin's one byte format.
 * Parts it does not recognise are shown as the server wrote them.
 */
import type { ReactNode } from "react";
import { ElapsedTime } from "../../components/elapsed-time";
import { RelativeTime } from "../../components/relative-time";
import type { DashboardHealthFragment } from "../../gql/graphql";
import { formatBytes } from "../../lib/format";

type Check = DashboardHealthFragment["checks"][number];

/** An ISO time, with the "at " before it ("clean at …" reads "clean 3 minutes ago"). */
const ISO_TIME = /(?:\bat\s+)?(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)/g;
const AGE_AGO = /^[\d.]+\s*(?:ms|s|sec|seconds?|min|minutes?|h|hours?|d|days?)\s+ago\b/;
const WAITING_FOR = /\bwaiting for [\d.]+\s*(?:ms|s|min|h|days?)\b/;
const FREE = /[\d.,]+\s*(?:[KMGTP]i?B|[kMGTP]B|B|bytes)\s+free/;

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Splits `text` at ISO times, each shown as a live relative time. */
function withTimes(text: string): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(ISO_TIME)) {
    parts.push(text.slice(last, match.index));
    parts.push(<RelativeTime key={match.index} iso={match[1]!} />);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

export function CheckMessage({ check, health }: { check: Check; health: DashboardHealthFragment }) {
  let text = check.message;
  if (check.name === "disk space" && health.storage.freeBytes != null)
    text = text.replace(FREE, `${formatBytes(health.storage.freeBytes)} free`);
  if (check.name === "last backup" && health.lastBackupAt && AGE_AGO.test(text)) {
    const rest = text.replace(AGE_AGO, "");
    return (
      <>
        Last one <RelativeTime iso={health.lastBackupAt} tickMs={1000} />
        {withTimes(rest)}
      </>
    );
  }
  const waiting = check.name === "pending changes" && health.pendingSince ? WAITING_FOR.exec(text) : null;
  if (waiting && health.pendingSince) {
    const rest = text.slice(waiting.index + waiting[0].length);
    return (
      <>
        {capitalize(text.slice(0, waiting.index))}waiting for <ElapsedTime since={health.pendingSince} />
        {withTimes(rest)}
      </>
    );
  }
  const parts = withTimes(capitalize(text));
  return <>{parts}</>;
}
