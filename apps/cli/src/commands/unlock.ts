/**
 * `qvault unlock`: removes the repository's writer lock when it is stale, like restic's unlock; with
 * --remove-all, whatever its state. A live lock (refreshed by a running writer) is never removed
 * without --remove-all: the command says whose it is and ends with LOCKED.
 */
import { describeLock, type LockInfo, QvaultError, unlock as unlockRepository } from "@qvault/core";
import { defineCommand } from "../command.js";
import { formatTime } from "../output/time.js";

interface UnlockOptions {
  removeAll?: boolean;
}

const whose = (lock: LockInfo) =>
  `${describeLock(lock)}, taken ${formatTime(lock.createdAt)}, last refreshed ${formatTime(lock.refreshedAt ?? lock.createdAt)}`;

export const unlock = defineCommand<UnlockOptions>({
  name: "unlock",
  summary: "remove a stale lock (--remove-all: any lock)",
  description:
    "A writer (backup, restore's safety snapshot, forget, prune, import) holds the repository's lock while it " +
    "works and refreshes it every 30 seconds. A lock is stale when it has not been refreshed for 2 minutes, or " +
    "when it names this machine and a process that is no longer running; writers take a stale lock over by " +
    "themselves, and `unlock` removes one and says whose it was. A live lock is kept, and the command ends with " +
    "exit code 11 (LOCKED); --remove-all removes it anyway: only when you know its writer is gone (its next " +
    "refresh then finds the lock gone, and it commits nothing more). Needs no passphrase.",
  options(command) {
    command.option("--remove-all", "remove the lock even when it is live");
  },
  examples: ["qvault unlock", "qvault unlock --json", "qvault unlock --remove-all"],
  async local({ local, output }, _args, options) {
    const storage = await local.storage();
    const { lock, stale, removed } = await unlockRepository(storage, {
      removeAll: options.removeAll ?? false,
    });
    const data = { command: "unlock", removed, stale: lock ? stale !== null : null, reason: stale, lock };
    if (!lock) output.summary(data, "the repository is not locked");
    else if (removed)
      output.summary(
        data,
        `removed the ${stale ? "stale " : ""}lock of ${whose(lock)}${stale ? `: ${stale}` : ""}`,
      );
    else if (stale) output.summary(data, `the stale lock of ${whose(lock)} was taken over meanwhile`);
    else
      throw new QvaultError(
        "LOCKED",
        `The lock of ${whose(lock)} is live: its writer is still working. Wait for it, or remove the lock with --remove-all if you know it is gone`,
        { details: { lock } },
      );
    return undefined;
  },
});
