/**
 * Texts with the backup ids they name said in words: a job's message ("Restored from
 * 01a24c50ee23e17d98c7") and a safety backup's generated note ("before restoring 01a24c…") read
 * "the backup of 6 Dec 2026, 18:39" where the backup's time is known. The ids stay available on
 * the job's page (its input, a copy button) and in the note's tooltip.
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

/** A backup's id as texts name it: 20 lowercase hexadecimal digits, a word of its own. */
const BACKUP_ID = /\b[0-9a-f]{20}\b/g;

/** The backup ids `text` names, each once, in order. */
export function backupIdsIn(text: string): string[] {
  return [...new Set(text.match(BACKUP_ID) ?? [])];
}

/** `text` with each backup id that `times` knows (id → ISO time) said as "the backup of <time>". */
export function backupIdsInWords(text: string, times: ReadonlyMap<string, string>): string {
  return text.replace(BACKUP_ID, (id) => {
    const time = times.get(id);
    return time ? `the backup of ${formatDateTime(time)}` : id;
  });
}
