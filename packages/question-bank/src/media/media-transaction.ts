/**
 * A write transaction of the bank that also changes files of its media folder: the files are put
 * in place before the database commits, the files they replaced go once it has, and every file
 * comes back as it was when it rolls back.
 */
import type { EntityManager } from "typeorm";
import type { BankDatabase } from "../data-source.js";
import type { MediaChanges } from "./media-folder.js";

/** Runs `work` in one write transaction of the bank, with a batch of media changes (null without a media folder). */
export async function transactionWithMedia<T>(
  db: Pick<BankDatabase, "transaction" | "media">,
  work: (manager: EntityManager, media: MediaChanges | null) => Promise<T>,
): Promise<T> {
  const media = db.media?.changes() ?? null;
  let result: T;
  try {
    result = await db.transaction((manager) => work(manager, media));
  } catch (error) {
    await media?.rollback();
    throw error;
  }
  // Committed: the replaced files go (any left behind are settled by the folder's recover).
  await media?.commit().catch(() => {});
  return result;
}
