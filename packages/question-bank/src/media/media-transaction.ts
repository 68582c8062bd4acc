/**
 * A write transaction of the bank that also changes files of its media folder: the files are put
 * in place before the database commits, the files they replaced go once it has, and every file
 * comes back as it was when it rolls back.
 *
 * The instances of a bank may share its media folder (a prefix of an object store). Each process
 * holds a lock named by its folder's owner for as long as it may have a batch at work (from its
 * first one on; a process that dies lets go of it), and a process settling what batches left
 * settles only those whose owner's lock is free: a batch at work elsewhere is left alone.
 */
import { createHash } from "node:crypto";
import type { EntityManager } from "typeorm";
import type { BankDatabase } from "../data-source.js";
import type { HeldLock } from "../signals.js";
import type { MediaChanges, MediaFolder } from "./media-folder.js";

/** The lock a folder owner's batches are at work under (within a range no other lock uses). */
function ownerLock(owner: string): number {
  return 0x40000000 + (createHash("sha256").update(`media:${owner}`).digest().readUInt32BE(0) & 0x3fffffff);
}

const ownerLocks = new WeakMap<MediaFolder, Promise<HeldLock>>();

/** Holds the lock of `db`'s media folder's owner, from the first call on (again, once it was lost with its connection). */
async function holdOwnerLock(db: Pick<BankDatabase, "media" | "signals">): Promise<void> {
  const media = db.media;
  if (!media) return;
  const held = ownerLocks.get(media);
  if (held && (await held.catch(() => null))?.held()) return;
  const holding = db.signals.hold(ownerLock(media.owner));
  holding.catch(() => ownerLocks.delete(media));
  ownerLocks.set(media, holding);
  await holding;
}

/** Runs `work` in one write transaction of the bank, with a batch of media changes (null without a media folder). */
export async function transactionWithMedia<T>(
  db: Pick<BankDatabase, "transaction" | "media" | "signals">,
  work: (manager: EntityManager, media: MediaChanges | null) => Promise<T>,
): Promise<T> {
  await holdOwnerLock(db);
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
 * Settles what media batches cut off by a crash left in the media folder, by what the bank's
 * committed records name (see the folder's `recover`), leaving alone those of owners still at
 * work; returns how many files came back.
 */
export async function recoverMedia(
  db: Pick<BankDatabase, "media" | "reader" | "dialect" | "signals">,
): Promise<number> {
  if (!db.media) return 0;
  const sha256 = db.dialect.jsonMemberText(`"audio"`, "sha256");
  return db.media.recover(
    async (path) => {
      const rows = await db.reader.query(
        `SELECT ${sha256} AS "sha256" FROM "question" WHERE "audioPath" = ${db.dialect.placeholder(1)} AND "audio" IS NOT NULL`,
        [path],
      );
      return rows[0]?.sha256 ?? null;
    },
    async (owner) => {
      const lock = await db.signals.tryHold(ownerLock(owner));
      await lock?.release();
      return lock !== null;
    },
  );
}
