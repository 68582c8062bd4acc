/**
 * Restores of the bank from its repository, the one way the server's job thread and the
 * command line run them: a preview (plan and validation, nothing written) and the restore itself
 * (core's `restore` into the bank's target, in one transaction of the bank).
 *
 * A restore plans and validates once. The preview records the bank's revision it read; the
 * restore, inside its transaction, takes the preview's plan and validation as they are when the
 * bank's revision is still that one. When the bank changed in between, it plans again against
 * exactly the state it changes, and validates again only when that plan differs.
 */
import {
  type BankSource,
  planRestore,
  type Repository,
  type RestorePlan,
  type RestoreRequest,
  type RestoreResult,
  restore,
  type ValidationReport,
  validateRestore,
  type WorkOptions,
} from "@qvault/core";
import type { EntityManager } from "@qvault/question-bank";
import { type BankDatabase, createBankTarget, withBankSource } from "@qvault/question-bank";

/** A restore's plan and its validation, and the bank's revision they were made at. */
export interface RestorePreview {
  plan: RestorePlan;
  validation: ValidationReport;
  revision: string | null;
}

/**
 * Plans a restore against the bank as it is now and validates it; writes nothing. `inspect`
 * runs inside the same read of the bank, for callers that also want items of the plan.
 */
export async function previewRestore<T = undefined>(
  db: BankDatabase,
  repository: Repository,
  request: RestoreRequest,
  work: WorkOptions & {
    inspect?: (preview: RestorePreview, source: BankSource) => Promise<T>;
  } = {},
): Promise<RestorePreview & { inspected: T | undefined }> {
  return withBankSource(db, async (source) => {
    const revision = (await source.revision?.()) ?? null;
    const plan = await planRestore(repository, source, request);
    const validation = await validateRestore(repository, createBankTarget(db), plan, work);
    const preview = { plan, validation, revision };
    const inspected = work.inspect ? await work.inspect(preview, source) : undefined;
    return { ...preview, inspected };
  });
}

export interface RestoreBankOptions extends WorkOptions {
  onSafetyBackup?: (id: string) => void;
  /** The preview this restore was started from (see the module's header). */
  validated?: RestorePreview;
  /** Runs inside the restore's transaction just before it commits (e.g. to record the job done). */
  beforeCommit?: (manager: EntityManager, result: RestoreResult) => Promise<void>;
}

/**
 * Restores a scope of a snapshot into the bank: plan, validate, safety snapshot, apply, verify,
 * in one transaction. @throws what core's `restore` throws; the bank is unchanged then.
 */
export function restoreBank(
  db: BankDatabase,
  repository: Repository,
  request: RestoreRequest,
  options: RestoreBankOptions = {},
): Promise<RestoreResult> {
  const { beforeCommit, ...work } = options;
  const target = createBankTarget(
    db,
    beforeCommit ? { beforeCommit: (manager, result) => beforeCommit(manager, result as RestoreResult) } : {},
  );
  return restore(repository, target, request, work);
}
