export { ARCHIVE_EXTENSION, ARCHIVE_VERSION, type ArchiveHeader } from "./archive/archive-format.js";
export {
  type ArchiveReader,
  type ArchiveRecord,
  type ArchiveSectionSummary,
  type ArchiveSource,
  bytesSource,
} from "./archive/archive-reader.js";
export type { ArchiveSection, ArchiveSnapshot } from "./archive/archive-trailer.js";
export { type FileSource, openFileSource } from "./archive/file-source.js";
export { type ImportArchiveOptions, importArchive } from "./archive/import-archive.js";
export { type OpenArchiveOptions, openArchive } from "./archive/read-archive.js";
export { type ArchiveReport, verifyArchive } from "./archive/verify-archive.js";
export { DEFAULT_ARCHIVE_SCRYPT, type WriteArchiveOptions, writeArchive } from "./archive/write-archive.js";
export { type BackupOptions, type BackupRequest, backup, checkBackupRequest } from "./backup/backup.js";
export {
  backupChanges,
  type ChangeSet,
  latestFullSnapshot,
} from "./backup/backup-changes.js";
export { type CheckOptions, type CheckProblem, type CheckReport, check } from "./check/check.js";
export { type Codec, type ScryptParams, type Sha256Hasher, toHex } from "./codec/codec.js";
export { nodeCodec } from "./codec/node-codec.js";
export { type BrotliModule, createWebCodec } from "./codec/web-codec.js";
export { type CopyOptions, type CopyReport, copySnapshots } from "./copy/copy.js";
export {
  badInput,
  deserializeError,
  ERROR_CODES,
  type ErrorCode,
  isErrorCode,
  isQvaultError,
  notFound,
  QvaultError,
  type QvaultErrorOptions,
  type SerializedError,
  serializeError,
  toQvaultError,
} from "./errors/qvault-error.js";
export {
  createJobRunner,
  FINAL_STATUSES,
  JOB_KINDS,
  JOB_STATUSES,
  type JobContext,
  type JobKind,
  type JobOutcome,
  type JobPhase,
  type JobRunner,
  type JobRunnerOptions,
  type JobState,
  type JobStatus,
  type JobStore,
  withPhase,
} from "./jobs/job-runner.js";
export {
  ignoreProgress,
  type Progress,
  type ProgressSink,
  throwIfCancelled,
  type WorkOptions,
} from "./jobs/progress.js";
export {
  isSafeMediaPath,
  MEDIA_CHUNKS,
  type MediaFileRecord,
  readMedia,
  readMediaFile,
  type SectionMedia,
  type StoredMedia,
  sectionMedia,
} from "./media/media.js";
export {
  type HeldMedia,
  heldMedia,
  type MediaChange,
  planMediaChanges,
  snapshotMediaFile,
} from "./media/restore-media.js";
export { chunkMedia, storeMedia } from "./media/store-media.js";
export {
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  type Edge,
  encodeCursor,
  MAX_PAGE_SIZE,
  mapPage,
  offsetAfter,
  offsetCursor,
  type Page,
  type PageRequest,
  pageOfList,
  pageSize,
  type SortKey,
  toPage,
} from "./paging/page.js";
export type {
  BankSource,
  BankTarget,
  BankTransaction,
  EncodedQuestion,
  KeptDigest,
  Logger,
  NamedMedia,
  QuestionBytes,
  QuestionFilter,
  QuestionPlace,
  RuleViolation,
} from "./ports.js";
export { silentLogger } from "./ports.js";
export { changesSinceSnapshot } from "./records/bank-digests.js";
export {
  type AnswerRecord,
  digestOf,
  encodeQuestion,
  encodeSection,
  type MediaRef,
  QUESTION_TYPES,
  type QuestionRecord,
  type QuestionType,
  RECORD_SCHEMA_VERSION,
  type SectionRecord,
} from "./records/record.js";
export { checkQuestionRecord, checkSectionRecord } from "./records/record-schema.js";
export { DEFAULT_COMPRESSION_QUALITY, FORMAT_VERSION, newId } from "./repository/format.js";
export {
  describeLock,
  type LockInfo,
  type LockOptions,
  lockStaleness,
  processRunning,
  readLock,
  type UnlockResult,
  unlock,
} from "./repository/lock.js";
export {
  type MissingMedia,
  SCOPES,
  type Scope,
  type SnapshotManifest,
  type SnapshotSection,
  type SnapshotStats,
  TRIGGERS,
  type Trigger,
} from "./repository/manifest.js";
export { type DamagedFile, Repository, type RepositoryOptions } from "./repository/repository.js";
export { type RepositoryStats, repositoryStats } from "./repository/stats.js";
export {
  diffQuestion,
  diffSection,
  type FieldChange,
  type PlanItem,
  type PlanItemsRequest,
  planItems,
} from "./restore/diff.js";
export {
  CHANGE_KINDS,
  type ChangeKind,
  type PlannedQuestion,
  type PlannedSection,
  planRestore,
  RESTORE_MODES,
  type RestoreMode,
  type RestorePlan,
  type RestoreRequest,
} from "./restore/plan.js";
export {
  type DrillReport,
  drill,
  type RestoreOptions,
  type RestoreResult,
  refuse,
  restore,
  samePlan,
} from "./restore/restore.js";
export { type ValidationIssue, type ValidationReport, validateRestore } from "./restore/validate.js";
export {
  applyRetention,
  DEFAULT_RETENTION,
  DELIBERATE_TRIGGERS,
  type RetentionDecision,
  type RetentionPolicy,
} from "./retention/policy.js";
export { type PruneOptions, type PruneReport, prune } from "./retention/prune.js";
export {
  chooseSnapshot,
  choosesByTime,
  describeChoice,
  SAFETY_TRIGGERS,
  type SnapshotCandidate,
  type SnapshotChoice,
} from "./snapshot/choose-snapshot.js";
export {
  type BrowseItem,
  type BrowsePage,
  type BrowseRequest,
  browseSnapshot,
  readSnapshot,
  type SnapshotContents,
  type SnapshotFilter,
} from "./snapshot/read-snapshot.js";
export { createLocalStorage } from "./storage/local-storage.js";
export { createStorage } from "./storage/location.js";
export {
  createS3Storage,
  isS3Location,
  parseS3Location,
  type S3Location,
  type S3Settings,
} from "./storage/s3-storage.js";
export { type Storage, StorageError, storageFailed } from "./storage/storage.js";
export { plural } from "./text/plural.js";
