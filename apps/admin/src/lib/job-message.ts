/**
 * A job's message with the ids it names said in words: the backup the job made or restored from
 * reads "the backup of 6 Dec 2026, 18:39" rather than "01a24c50ee23e17d98c7". The ids stay on
 * the job's page (its input, a copy button).
 */
import { formatDateTime } from "./format";

export function jobMessage(job: {
  message: string | null;
  backup?: { id: string; createdAt: string } | null;
}): string {
  let message = job.message ?? "";
  if (job.backup)
    message = message.replaceAll(job.backup.id, `the backup of ${formatDateTime(job.backup.createdAt)}`);
  return message;
}
