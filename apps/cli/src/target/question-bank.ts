/**
 * @qvault/question-bank, loaded when a command first needs it. It brings TypeORM and SQLite, which
 * take most of a second to load: `--help`, usage errors and the commands that only read the
 * repository or talk to a server start without them.
 */
export type QuestionBankModule = typeof import("@qvault/question-bank");

let loading: Promise<QuestionBankModule> | null = null;

export function questionBank(): Promise<QuestionBankModule> {
  loading ??= import("@qvault/question-bank");
  return loading;
}
