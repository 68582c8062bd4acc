export { backUpBank, backUpBankChanges, snapshotBank, snapshotBankChanges, trimCovered } from "./backup.js";
export { type BackupFilter, type ListedBackup, listBackups, matchesBackup } from "./backups.js";
export { type CopyTarget, copyRepository, describeCopy } from "./copy.js";
export { drillNewestBackup } from "./drill.js";
export {
  type QuestionHistoryEntry,
  type QuestionVersion,
  questionHistory,
  questionVersions,
  versionRecords,
} from "./history.js";
export { createJobThread, type JobThread, type JobThreadOptions } from "./job-thread.js";
export {
  type CopyRun,
  DRILL_TRIGGERS,
  type DrillRun,
  type DrillTrigger,
  failedOnInput,
  inputOf,
  isJobOf,
  type JobInputs,
  type JobOf,
  type JobReports,
  type RestoreReport,
  reportOf,
} from "./jobs.js";
export {
  describeBackup,
  describeCheck,
  describeDrill,
  describeImport,
  describePrune,
  describeRestore,
  formatBytes,
  plural,
  type RestoreSummary,
} from "./report-text.js";
export {
  previewRestore,
  type RestoreBankOptions,
  type RestorePreview,
  restoreBank,
} from "./restore.js";
export { previewRetention, type RetentionPreview } from "./retention.js";
export { BACKUP_ID_LIMIT, createVault, type Vault, type VaultEvents } from "./vault.js";
