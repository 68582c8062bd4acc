/**
 * Write sessions: every change to the repository, one writer at a time.
 *
 * Terms: a *write session* is a callback run under the writer lock (lock.ts), handed a
 * {@link RecordWriter} for new records and the operations that change the snapshot list and the
 * index; *commit* stores the session's packs, then their index file, then the manifest.
 *
 * Invariants: sessions of one repository object run one after another, and the lock keeps out
 * writers of other processes; a manifest is stored only after every pack and index file it
 * names; a session never builds on records it cannot read back (records of lost packs are stored
 * again); the lock is released however the session ends.
 *
 * Not guaranteed: nothing is rolled back. If the callback throws, what it did not commit is not
 * referenced (packs already written are left for cleanup), but a manifest it committed, or
 * manifests and index files it removed, stay so. A session whose lock was lost while it ran
 * (see lock.ts) fails at `commit`, before the manifest, with LOCKED.
 */

import type { Storage } from "../storage/storage.js";
import { FORMAT_VERSION, LIMITS, newId } from "./format.js";
import type { IndexRewriter } from "./index-files.js";
import { acquireLock, type HeldLock, type LockOptions } from "./lock.js";
import type { SnapshotManifest } from "./manifest.js";
import type { FrameSealer } from "./packs.js";
import { RecordIndex } from "./record-index.js";
import { RecordWriter } from "./record-writer.js";
import type { SnapshotWriter } from "./snapshot-list.js";

/** The write session handed to {@link WriteSessions.run}'s callback. */
export interface WriteSession {
  /** Adds new records: those the index locates in a pack that is there are skipped. */
  readonly writer: RecordWriter;
  /** The index as loaded when the session began, and as `commit` extends it. */
  readonly index: RecordIndex;
  /** Stores the session's records and their index file, then the manifest; call last. */
  commit(manifest: Omit<SnapshotManifest, "id" | "version">, id?: string): Promise<SnapshotManifest>;
  /** The snapshot list, with `forget`. */
  readonly snapshots: SnapshotWriter;
  /** The index files, with `replace` and `removePacks`. */
  readonly indexFiles: IndexRewriter;
  /**
   * A writer that stores every record it is given, even one the index locates: for moving live
   * records out of packs a cleanup rewrites. Its `flush` writes their own index file.
   */
  moveRecords(): RecordWriter;
}

export interface WriteSessions {
  /**
   * Runs `work` as the repository's one writer: under the writer lock, waiting for another
   * writer in this process or another. @throws what {@link acquireLock} throws when another
   * writer holds the lock past `lock.waitMs`.
   */
  run<T>(purpose: string, work: (session: WriteSession) => Promise<T>): Promise<T>;
}

export interface WriteSessionsOptions {
  storage: Storage;
  sealer: FrameSealer;
  lock: LockOptions;
  indexFiles: IndexRewriter;
  snapshots: SnapshotWriter;
}

export function createWriteSessions(options: WriteSessionsOptions): WriteSessions {
  let writing: Promise<unknown> = Promise.resolve();
  return {
    run<T>(purpose: string, work: (session: WriteSession) => Promise<T>): Promise<T> {
      const run = writing.then(async () => {
        const lock = await acquireLock(options.storage, options.sealer.codec, purpose, options.lock);
        let session: WriteSession | null = null;
        try {
          session = await openSession(options, lock);
          return await work(session);
        } finally {
          // A session that failed may still be storing packs: they land before the lock goes, so
          // that the next writer (a cleanup) sees them.
          await session?.writer.settled();
          // A lock that cannot be removed must not turn a committed write into a failure; it is
          // recognised as stale by the next writer (see lock.ts).
          await lock.release().catch(() => {});
        }
      });
      writing = run.catch(() => undefined);
      return run;
    },
  };
}

async function openSession(options: WriteSessionsOptions, lock: HeldLock): Promise<WriteSession> {
  const { storage, indexFiles, snapshots } = options;
  const { codec, key, quality } = options.sealer;
  // One quality for the whole session, whatever is set meanwhile.
  const sealer: FrameSealer = { codec, key, quality };
  const index = await indexFiles.load();
  // Never build on records that cannot be read back: those of lost packs are stored again.
  const writer = new RecordWriter(storage, sealer, index, LIMITS, await indexFiles.lostPacks());
  return {
    writer,
    index,
    snapshots,
    indexFiles,
    commit: async (fields, id) => {
      const indexFile = await writer.flush();
      if (indexFile) indexFiles.added(indexFile.path, indexFile.packs);
      // A writer that lost its lock stores no manifest beside the new holder's work.
      lock.assertHeld();
      const manifest: SnapshotManifest = {
        ...fields,
        id: id ?? newId(codec.randomBytes(4)),
        version: FORMAT_VERSION,
      };
      // The writer's count holds the packs and the index file it stored.
      return snapshots.store(manifest, writer.addedBytes);
    },
    moveRecords: () => new RecordWriter(storage, sealer, new RecordIndex(), LIMITS),
  };
}
