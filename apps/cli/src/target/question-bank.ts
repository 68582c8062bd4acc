/**
 * @qvault/question-bank and @qvault/vault, loaded when a command first needs it. It brings TypeORM and SQLite, which
 * take most of a second to load: `--help`, usage errors and the commands that only read the
 * repository or talk to a server start without them.
 */
export type QuestionBankModule = typeof import("@qvault/question-bank");
export type VaultModule = typeof import("@qvault/vault");

let loading: Promise<QuestionBankModule> | null = null;
let loadingVault: Promise<VaultModule> | null = null;

export function questionBank(): Promise<QuestionBankModule> {
  loading ??= import("@qvault/question-bank");
  return loading;
}

/** @qvault/vault: the workflows the server runs too (it brings the question bank with it). */
export function vault(): Promise<VaultModule> {
  loadingVault ??= import("@qvault/vault");
  return loadingVault;
}
