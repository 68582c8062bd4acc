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

/**
 * Settles what a media batch cut off by a crash left in the media folder, by what the bank's
 * committed records name (see the folder's `recover`); returns how many files came back.
 */
export async function recoverMedia(db: Pick<BankDatabase, "media" | "reader" | "dialect">): Promise<number> {
  if (!db.media) return 0;
  const sha256 = db.dialect.jsonMemberText(`"audio"`, "sha256");
  return db.media.recover(async (path) => {
    const rows = await db.reader.query(
      `SELECT ${sha256} AS "sha256" FROM "question" WHERE "audioPath" = ${db.dialect.placeholder(1)} AND "audio" IS NOT NULL`,
      [path],
    );
    return rows[0]?.sha256 ?? null;
  });
}
