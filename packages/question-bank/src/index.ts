export type { EntityManager } from "typeorm";
export { type ApiKeys, type CreatedApiKey, createApiKeys } from "./access/api-keys.js";
export { bankSourceOver, withBankSource } from "./backup/bank-source.js";
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page, type PageRequest } from "./bank/pagination.js";
export {
  createQuestionBank,
  type QuestionBank,
  type QuestionFilter,
  type SectionWithCount,
} from "./bank/question-bank.js";
export { type AnswerInput, LIMITS, type QuestionInput, type SectionInput } from "./bank/rules.js";
export {
  type BankDatabase,
  type BankDatabaseOptions,
  type BankQuery,
  bankLocation,
  bankQuery,
  ENTITIES,
  isPostgresUrl,
  MIGRATIONS,
  openBankDatabase,
} from "./data-source.js";
export {
  type DemoBank,
  type DemoBankOptions,
  demoClip,
  generateDemoBank,
  seedDemoBank,
} from "./demo/demo-bank.js";
export { Answer } from "./entities/answer.entity.js";
export { ApiKey, ROLES, type Role } from "./entities/api-key.entity.js";
export { Job } from "./entities/job.entity.js";
export { QUESTION_TYPES, Question, type QuestionType } from "./entities/question.entity.js";
export { Section } from "./entities/section.entity.js";
export {
  INSTANCE_TIMEOUT_MS,
  type Instance,
  type InstanceInfo,
  joinInstances,
} from "./jobs/instances.js";
export { createJobStore, type JobFilter, type PersistedJobs } from "./jobs/job-store.js";
export {
  type ChangeJournal,
  changesSinceCursor,
  createChangeJournal,
  cursorPosition,
  type JournalChanges,
  journalChanges,
  journalCursor,
  markOrigin,
  ORIGINS,
  type Origin,
} from "./journal/change-journal.js";
export { recoverMedia } from "./media/media-transaction.js";
export { type BankTargetOptions, createBankTarget } from "./restore/bank-target.js";
export { openScratchBank, type ScratchBank } from "./scratch-bank.js";
export { createSettingsStore, type SettingsStore } from "./settings/settings-store.js";
export { type BankSignals, type HeldLock, SIGNAL_MAX_BYTES } from "./signals.js";
export { postgresDialect, type SqlDialect, sqliteDialect } from "./tables/sql-dialect.js";
