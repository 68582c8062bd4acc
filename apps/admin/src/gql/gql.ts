/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query NamedBackup($id: ID!) {\n    backup(id: $id) {\n      id\n      createdAt\n    }\n  }\n": typeof types.NamedBackupDocument,
    "\n  mutation CancelJobButton($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      ...JobProgress\n    }\n  }\n": typeof types.CancelJobButtonDocument,
    "\n  fragment JobProgress on Job {\n    id\n    status\n    phase\n    done\n    total\n    bytesDone\n    ratePerSecond\n    etaMs\n  }\n": typeof types.JobProgressFragmentDoc,
    "\n  fragment RestoreChangeDiff on RestorePlanItem {\n    kind\n    entity\n    id\n    sectionId\n    title\n    fields {\n      path\n      before\n      after\n    }\n  }\n": typeof types.RestoreChangeDiffFragmentDoc,
    "\n  query RestoreDiffCurrentQuestion($id: ID!) {\n    question(id: $id) {\n      id\n      type\n      prompt\n      explanation\n      difficulty\n      tags\n      audioPath\n      position\n      section {\n        id\n      }\n      answers {\n        id\n        text\n        isCorrect\n        position\n      }\n    }\n  }\n": typeof types.RestoreDiffCurrentQuestionDocument,
    "\n  subscription RestoreJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      kind\n      ...JobProgress\n      ...RestoreJobOutcome\n    }\n  }\n": typeof types.RestoreJobProgressDocument,
    "\n  fragment RestoreJobOutcome on Job {\n    id\n    status\n    message\n    error {\n      code\n      message\n    }\n    report\n    backup {\n      id\n      createdAt\n    }\n    safetyBackup {\n      id\n      createdAt\n    }\n  }\n": typeof types.RestoreJobOutcomeFragmentDoc,
    "\n  mutation UndoRestore($jobId: ID!) {\n    undoRestore(jobId: $jobId) {\n      id\n      ...JobProgress\n    }\n  }\n": typeof types.UndoRestoreDocument,
    "\n  query SignInCheck {\n    me {\n      id\n      name\n      role\n    }\n  }\n": typeof types.SignInCheckDocument,
    "\n  mutation StartBackup($input: BackupInput!) {\n    startBackup(input: $input) {\n      id\n      ...StartedBackup\n    }\n  }\n": typeof types.StartBackupDocument,
    "\n  fragment StartedBackup on Job {\n    id\n    kind\n    createdAt\n    ...JobProgress\n  }\n": typeof types.StartedBackupFragmentDoc,
    "\n  mutation PinBackup($id: ID!, $pinned: Boolean!) {\n    pinBackup(id: $id, pinned: $pinned) {\n      id\n      pinned\n    }\n  }\n": typeof types.PinBackupDocument,
    "\n  mutation DeleteBackup($id: ID!) {\n    deleteBackup(id: $id)\n  }\n": typeof types.DeleteBackupDocument,
    "\n  query BackupPinned($id: ID!) {\n    backup(id: $id) {\n      id\n      pinned\n    }\n  }\n": typeof types.BackupPinnedDocument,
    "\n  query BackupDetail($id: ID!) {\n    backup(id: $id) {\n      id\n      ...BackupSummary\n    }\n  }\n": typeof types.BackupDetailDocument,
    "\n  query BackupHistory($trigger: BackupTrigger, $sectionId: ID, $first: Int!, $after: String) {\n    backups(trigger: $trigger, sectionId: $sectionId, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...BackupRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.BackupHistoryDocument,
    "\n  subscription BackupCreated {\n    backupCreated {\n      id\n      ...BackupRow\n    }\n  }\n": typeof types.BackupCreatedDocument,
    "\n  fragment BackupRow on Backup {\n    id\n    createdAt\n    trigger\n    scope\n    note\n    pinned\n    sectionCount\n    questionCount\n    changedCount\n    addedBytes\n    durationMs\n    sections {\n      sectionId\n      name\n    }\n  }\n": typeof types.BackupRowFragmentDoc,
    "\n  fragment BackupSummary on Backup {\n    id\n    ...BackupRow\n    logicalBytes\n    encrypted\n    parent {\n      id\n      createdAt\n    }\n    sections {\n      sectionId\n      name\n      questionCount\n      complete\n    }\n  }\n": typeof types.BackupSummaryFragmentDoc,
    "\n  query BackupQuestionSearch($search: String!, $first: Int!) {\n    questions(search: $search, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          prompt\n          section {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": typeof types.BackupQuestionSearchDocument,
    "\n  subscription RunningBackup($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobProgress\n      message\n      error {\n        code\n        message\n      }\n      backup {\n        id\n        ...BackupRow\n      }\n    }\n  }\n": typeof types.RunningBackupDocument,
    "\n  fragment SnapshotQuestion on QuestionSnapshot {\n    id\n    sectionId\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    audio {\n      url\n      bytes\n      durationMs\n    }\n    position\n    digest\n    answers {\n      text\n      isCorrect\n      position\n    }\n  }\n": typeof types.SnapshotQuestionFragmentDoc,
    "\n  query BackupQuestions($id: ID!, $sectionId: ID, $search: String, $first: Int!, $after: String) {\n    backup(id: $id) {\n      id\n      questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...SnapshotQuestion\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.BackupQuestionsDocument,
    "\n  query BackupSectionChoices {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n": typeof types.BackupSectionChoicesDocument,
    "\n  mutation AcknowledgeFailure($jobId: ID!) {\n    acknowledgeFailure(jobId: $jobId) {\n      id\n      acknowledgedAt\n      acknowledgedBy\n    }\n  }\n": typeof types.AcknowledgeFailureDocument,
    "\n  query DashboardProtection($days: Int!) {\n    protectionHistory(days: $days) {\n      to\n      recoveryPoint {\n        at\n        ageSeconds\n      }\n      backupDays {\n        day\n        succeeded\n        failed\n      }\n      drills {\n        at\n        ok\n        jobId\n        message\n      }\n      storage {\n        at\n        bytes\n      }\n      growthBytesPerDay\n      diskFullAt\n    }\n  }\n": typeof types.DashboardProtectionDocument,
    "\n  fragment DashboardHealth on SystemHealth {\n    status\n    checks {\n      name\n      status\n      message\n    }\n    lastBackupAt\n    lastFailure {\n      code\n      message\n    }\n    unresolvedFailures {\n      id\n      kind\n      finishedAt\n      error {\n        code\n        message\n      }\n    }\n    pendingChanges\n    pendingSince\n    storage {\n      bytesOnDisk\n      logicalBytes\n      compressionRatio\n      dedupRatio\n      snapshotCount\n      recordCount\n      freeBytes\n    }\n    nextScheduledBackupAt\n  }\n": typeof types.DashboardHealthFragmentDoc,
    "\n  subscription DashboardHealthChanged {\n    healthChanged {\n      ...DashboardHealth\n    }\n  }\n": typeof types.DashboardHealthChangedDocument,
    "\n  fragment DashboardBackup on Backup {\n    id\n    createdAt\n    trigger\n    changedCount\n    addedBytes\n    logicalBytes\n    durationMs\n  }\n": typeof types.DashboardBackupFragmentDoc,
    "\n  query DashboardBackups($first: Int!) {\n    backups(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...DashboardBackup\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.DashboardBackupsDocument,
    "\n  subscription DashboardBackupCreated {\n    backupCreated {\n      id\n      ...DashboardBackup\n    }\n  }\n": typeof types.DashboardBackupCreatedDocument,
    "\n  fragment JobDetailFields on Job {\n    id\n    kind\n    ...JobRow\n    updatedAt\n    ...JobPhases\n    input\n    report\n    backup {\n      id\n      createdAt\n      note\n    }\n    safetyBackup {\n      id\n      createdAt\n    }\n  }\n": typeof types.JobDetailFieldsFragmentDoc,
    "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      ...JobDetailFields\n    }\n  }\n": typeof types.JobDetailDocument,
    "\n  subscription JobDetailProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobDetailFields\n    }\n  }\n": typeof types.JobDetailProgressDocument,
    "\n  query JobList($kind: JobKind, $status: JobStatus, $first: Int!, $after: String) {\n    jobs(kind: $kind, status: $status, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...JobRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.JobListDocument,
    "\n  subscription JobUpdates {\n    jobUpdates {\n      id\n      ...JobRow\n    }\n  }\n": typeof types.JobUpdatesDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      ...JobRow\n    }\n  }\n": typeof types.CancelJobDocument,
    "\n  fragment JobPhases on Job {\n    phases {\n      phase\n      startedAt\n      finishedAt\n    }\n  }\n": typeof types.JobPhasesFragmentDoc,
    "\n  query JobReport($id: ID!) {\n    job(id: $id) {\n      id\n      status\n      message\n      error {\n        code\n        message\n      }\n      finishedAt\n      report\n    }\n    sections {\n      id\n      name\n    }\n  }\n": typeof types.JobReportDocument,
    "\n  fragment JobRow on Job {\n    id\n    kind\n    status\n    ...JobProgress\n    message\n    error {\n      code\n      message\n    }\n    createdAt\n    startedAt\n    finishedAt\n    backup {\n      id\n      createdAt\n    }\n  }\n": typeof types.JobRowFragmentDoc,
    "\n  mutation VerifyRepository($readData: Boolean!) {\n    verifyRepository(readData: $readData) {\n      id\n      ...JobRow\n    }\n  }\n": typeof types.VerifyRepositoryDocument,
    "\n  subscription WatchedJob($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobRow\n    }\n  }\n": typeof types.WatchedJobDocument,
    "\n  mutation CreateApiKey($name: String!, $role: Role!) {\n    createApiKey(name: $name, role: $role) {\n      apiKey {\n        id\n        ...ApiKeyRow\n      }\n      secret\n    }\n  }\n": typeof types.CreateApiKeyDocument,
    "\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": typeof types.ApiKeyRowFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      ...ApiKeyRow\n    }\n  }\n": typeof types.ApiKeysDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      ...ApiKeyRow\n    }\n  }\n": typeof types.RevokeApiKeyDocument,
    "\n  query QuestionEditor($id: ID!) {\n    question(id: $id) {\n      id\n      ...QuestionEditorFields\n    }\n    sections {\n      id\n      name\n    }\n  }\n": typeof types.QuestionEditorDocument,
    "\n  fragment QuestionEditorFields on Question {\n    id\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    audio {\n      url\n      bytes\n      durationMs\n    }\n    position\n    version\n    updatedAt\n    answers {\n      id\n      text\n      isCorrect\n      position\n    }\n    section {\n      id\n      name\n    }\n  }\n": typeof types.QuestionEditorFieldsFragmentDoc,
    "\n  mutation SaveQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n      ...QuestionEditorFields\n      ...QuestionRow\n    }\n  }\n": typeof types.SaveQuestionDocument,
    "\n  query QuestionHistory($id: ID!, $first: Int!, $after: String) {\n    question(id: $id) {\n      id\n      history(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            digest\n            backup {\n              id\n              createdAt\n              trigger\n              note\n            }\n            firstBackup {\n              id\n              createdAt\n              trigger\n            }\n            backupCount\n            question {\n              id\n              sectionId\n              type\n              prompt\n              explanation\n              difficulty\n              tags\n              audioPath\n              position\n              answers {\n                text\n                isCorrect\n                position\n              }\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.QuestionHistoryDocument,
    "\n  query QuestionList($sectionId: ID, $search: String, $first: Int!, $after: String) {\n    questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...QuestionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.QuestionListDocument,
    "\n  fragment QuestionRow on Question {\n    id\n    prompt\n    type\n    difficulty\n    tags\n    section {\n      id\n      name\n    }\n  }\n": typeof types.QuestionRowFragmentDoc,
    "\n  query QuestionVersionPlan($input: RestoreInput!) {\n    restorePlan(input: $input) {\n      added\n      changed\n      deleted\n      validation {\n        ok\n        errors {\n          message\n        }\n        warnings {\n          message\n        }\n      }\n      items(first: 10) {\n        edges {\n          node {\n            ...RestoreChangeDiff\n          }\n        }\n      }\n    }\n  }\n": typeof types.QuestionVersionPlanDocument,
    "\n  mutation RestoreQuestionVersion($input: RestoreInput!) {\n    startRestore(input: $input) {\n      id\n      ...JobProgress\n    }\n  }\n": typeof types.RestoreQuestionVersionDocument,
    "\n  query QuestionSections {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n": typeof types.QuestionSectionsDocument,
    "\n  query RestoreQuestionSearch($id: ID!, $search: String, $first: Int!) {\n    backup(id: $id) {\n      id\n      questions(search: $search, first: $first) {\n        totalCount\n        edges {\n          node {\n            id\n            sectionId\n            prompt\n          }\n        }\n      }\n    }\n  }\n": typeof types.RestoreQuestionSearchDocument,
    "\n  query RestorePlanItems($input: RestoreInput!, $kind: ChangeKind, $first: Int!, $after: String) {\n    restorePlan(input: $input) {\n      items(kind: $kind, first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...RestoreChangeDiff\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": typeof types.RestorePlanItemsDocument,
    "\n  mutation StartRestore($input: RestoreInput!) {\n    startRestore(input: $input) {\n      id\n      ...JobProgress\n    }\n  }\n": typeof types.StartRestoreDocument,
    "\n  query RestorePlanSummary($input: RestoreInput!) {\n    restorePlan(input: $input) {\n      scope\n      mode\n      added\n      changed\n      deleted\n      unchanged\n      media {\n        questionId\n        kind\n        bytes\n        liveBytes\n        url\n        liveUrl\n      }\n      validation {\n        ok\n        errors {\n          code\n          message\n          entity\n          id\n        }\n        warnings {\n          code\n          message\n          entity\n          id\n        }\n      }\n    }\n  }\n": typeof types.RestorePlanSummaryDocument,
    "\n  query RestoreWizardBackup($id: ID!) {\n    backup(id: $id) {\n      id\n      createdAt\n      trigger\n      scope\n      note\n      questionCount\n      sections {\n        sectionId\n        name\n        questionCount\n        complete\n      }\n    }\n    sections {\n      id\n      name\n    }\n  }\n": typeof types.RestoreWizardBackupDocument,
    "\n  query PendingRestoreRecent {\n    jobs(kind: RESTORE, first: 10) {\n      edges {\n        node {\n          id\n          kind\n          input\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.PendingRestoreRecentDocument,
    "\n  subscription PendingRestoreUpdates {\n    jobUpdates {\n      id\n      kind\n      input\n      createdAt\n    }\n  }\n": typeof types.PendingRestoreUpdatesDocument,
    "\n  mutation PruneBackups($dryRun: Boolean!) {\n    pruneBackups(dryRun: $dryRun) {\n      id\n      status\n    }\n  }\n": typeof types.PruneBackupsDocument,
    "\n  subscription CleanupProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      status\n      message\n      error {\n        code\n        message\n      }\n      report\n    }\n  }\n": typeof types.CleanupProgressDocument,
    "\n  mutation StartCopy {\n    startCopy {\n      id\n      status\n    }\n  }\n": typeof types.StartCopyDocument,
    "\n  mutation StartDrill {\n    startDrill {\n      id\n      status\n    }\n  }\n": typeof types.StartDrillDocument,
    "\n  subscription JobNowProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      status\n      phase\n      done\n      total\n      message\n      error {\n        code\n        message\n      }\n    }\n  }\n": typeof types.JobNowProgressDocument,
    "\n  fragment NotificationSettingsFields on NotificationSettings {\n    webhookUrl\n    webhookSecretSet\n    smtpUrl\n    emailFrom\n    emailTo\n    pingUrl\n  }\n": typeof types.NotificationSettingsFieldsFragmentDoc,
    "\n  query NotificationSettingsPage {\n    notificationSettings {\n      ...NotificationSettingsFields\n    }\n    notificationDeliveries(first: 10) {\n      id\n      at\n      channel\n      event\n      check\n      status\n      message\n      ok\n      attempts\n      error\n    }\n  }\n": typeof types.NotificationSettingsPageDocument,
    "\n  mutation SaveNotificationSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n": typeof types.SaveNotificationSettingsDocument,
    "\n  mutation SendTestNotification($channel: NotificationChannel!) {\n    sendTestNotification(channel: $channel) {\n      id\n      ok\n      attempts\n      error\n    }\n  }\n": typeof types.SendTestNotificationDocument,
    "\n  query RetentionPreview($retention: RetentionPolicyInput) {\n    retentionPreview(retention: $retention) {\n      keepCount\n      bytesFreed\n      forget {\n        id\n        createdAt\n        trigger\n        addedBytes\n      }\n      kept {\n        backup {\n          id\n          createdAt\n          trigger\n        }\n        reasons\n      }\n    }\n  }\n": typeof types.RetentionPreviewDocument,
    "\n  query ScheduleRuns($schedule: String!) {\n    scheduleRuns(schedule: $schedule, count: 5)\n  }\n": typeof types.ScheduleRunsDocument,
    "\n  mutation SaveBackupSettings($input: BackupSettingsInput!) {\n    updateBackupSettings(input: $input) {\n      ...SettingsFields\n    }\n  }\n": typeof types.SaveBackupSettingsDocument,
    "\n  fragment SettingsFields on BackupSettings {\n    autoBackupEnabled\n    autoBackupDebounceMs\n    autoBackupMaxDelayMs\n    schedule\n    retention {\n      keepLast\n      keepHourly\n      keepDaily\n      keepWeekly\n      keepMonthly\n      keepYearly\n      keepWithinDays\n      keepDeliberateDays\n      groupByTrigger\n    }\n    autoPruneEnabled\n    compressionQuality\n    encrypted\n    nextScheduledRuns(count: 5)\n    copyTo\n    copyAfterBackup\n    copySchedule\n    drillSchedule\n  }\n": typeof types.SettingsFieldsFragmentDoc,
    "\n  query BackupSettingsPage {\n    backupSettings {\n      ...SettingsFields\n    }\n  }\n": typeof types.BackupSettingsPageDocument,
    "\n  query SessionMe {\n    me {\n      id\n      name\n      role\n    }\n  }\n": typeof types.SessionMeDocument,
};
const documents: Documents = {
    "\n  query NamedBackup($id: ID!) {\n    backup(id: $id) {\n      id\n      createdAt\n    }\n  }\n": types.NamedBackupDocument,
    "\n  mutation CancelJobButton($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      ...JobProgress\n    }\n  }\n": types.CancelJobButtonDocument,
    "\n  fragment JobProgress on Job {\n    id\n    status\n    phase\n    done\n    total\n    bytesDone\n    ratePerSecond\n    etaMs\n  }\n": types.JobProgressFragmentDoc,
    "\n  fragment RestoreChangeDiff on RestorePlanItem {\n    kind\n    entity\n    id\n    sectionId\n    title\n    fields {\n      path\n      before\n      after\n    }\n  }\n": types.RestoreChangeDiffFragmentDoc,
    "\n  query RestoreDiffCurrentQuestion($id: ID!) {\n    question(id: $id) {\n      id\n      type\n      prompt\n      explanation\n      difficulty\n      tags\n      audioPath\n      position\n      section {\n        id\n      }\n      answers {\n        id\n        text\n        isCorrect\n        position\n      }\n    }\n  }\n": types.RestoreDiffCurrentQuestionDocument,
    "\n  subscription RestoreJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      kind\n      ...JobProgress\n      ...RestoreJobOutcome\n    }\n  }\n": types.RestoreJobProgressDocument,
    "\n  fragment RestoreJobOutcome on Job {\n    id\n    status\n    message\n    error {\n      code\n      message\n    }\n    report\n    backup {\n      id\n      createdAt\n    }\n    safetyBackup {\n      id\n      createdAt\n    }\n  }\n": types.RestoreJobOutcomeFragmentDoc,
    "\n  mutation UndoRestore($jobId: ID!) {\n    undoRestore(jobId: $jobId) {\n      id\n      ...JobProgress\n    }\n  }\n": types.UndoRestoreDocument,
    "\n  query SignInCheck {\n    me {\n      id\n      name\n      role\n    }\n  }\n": types.SignInCheckDocument,
    "\n  mutation StartBackup($input: BackupInput!) {\n    startBackup(input: $input) {\n      id\n      ...StartedBackup\n    }\n  }\n": types.StartBackupDocument,
    "\n  fragment StartedBackup on Job {\n    id\n    kind\n    createdAt\n    ...JobProgress\n  }\n": types.StartedBackupFragmentDoc,
    "\n  mutation PinBackup($id: ID!, $pinned: Boolean!) {\n    pinBackup(id: $id, pinned: $pinned) {\n      id\n      pinned\n    }\n  }\n": types.PinBackupDocument,
    "\n  mutation DeleteBackup($id: ID!) {\n    deleteBackup(id: $id)\n  }\n": types.DeleteBackupDocument,
    "\n  query BackupPinned($id: ID!) {\n    backup(id: $id) {\n      id\n      pinned\n    }\n  }\n": types.BackupPinnedDocument,
    "\n  query BackupDetail($id: ID!) {\n    backup(id: $id) {\n      id\n      ...BackupSummary\n    }\n  }\n": types.BackupDetailDocument,
    "\n  query BackupHistory($trigger: BackupTrigger, $sectionId: ID, $first: Int!, $after: String) {\n    backups(trigger: $trigger, sectionId: $sectionId, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...BackupRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.BackupHistoryDocument,
    "\n  subscription BackupCreated {\n    backupCreated {\n      id\n      ...BackupRow\n    }\n  }\n": types.BackupCreatedDocument,
    "\n  fragment BackupRow on Backup {\n    id\n    createdAt\n    trigger\n    scope\n    note\n    pinned\n    sectionCount\n    questionCount\n    changedCount\n    addedBytes\n    durationMs\n    sections {\n      sectionId\n      name\n    }\n  }\n": types.BackupRowFragmentDoc,
    "\n  fragment BackupSummary on Backup {\n    id\n    ...BackupRow\n    logicalBytes\n    encrypted\n    parent {\n      id\n      createdAt\n    }\n    sections {\n      sectionId\n      name\n      questionCount\n      complete\n    }\n  }\n": types.BackupSummaryFragmentDoc,
    "\n  query BackupQuestionSearch($search: String!, $first: Int!) {\n    questions(search: $search, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          prompt\n          section {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n": types.BackupQuestionSearchDocument,
    "\n  subscription RunningBackup($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobProgress\n      message\n      error {\n        code\n        message\n      }\n      backup {\n        id\n        ...BackupRow\n      }\n    }\n  }\n": types.RunningBackupDocument,
    "\n  fragment SnapshotQuestion on QuestionSnapshot {\n    id\n    sectionId\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    audio {\n      url\n      bytes\n      durationMs\n    }\n    position\n    digest\n    answers {\n      text\n      isCorrect\n      position\n    }\n  }\n": types.SnapshotQuestionFragmentDoc,
    "\n  query BackupQuestions($id: ID!, $sectionId: ID, $search: String, $first: Int!, $after: String) {\n    backup(id: $id) {\n      id\n      questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...SnapshotQuestion\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.BackupQuestionsDocument,
    "\n  query BackupSectionChoices {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n": types.BackupSectionChoicesDocument,
    "\n  mutation AcknowledgeFailure($jobId: ID!) {\n    acknowledgeFailure(jobId: $jobId) {\n      id\n      acknowledgedAt\n      acknowledgedBy\n    }\n  }\n": types.AcknowledgeFailureDocument,
    "\n  query DashboardProtection($days: Int!) {\n    protectionHistory(days: $days) {\n      to\n      recoveryPoint {\n        at\n        ageSeconds\n      }\n      backupDays {\n        day\n        succeeded\n        failed\n      }\n      drills {\n        at\n        ok\n        jobId\n        message\n      }\n      storage {\n        at\n        bytes\n      }\n      growthBytesPerDay\n      diskFullAt\n    }\n  }\n": types.DashboardProtectionDocument,
    "\n  fragment DashboardHealth on SystemHealth {\n    status\n    checks {\n      name\n      status\n      message\n    }\n    lastBackupAt\n    lastFailure {\n      code\n      message\n    }\n    unresolvedFailures {\n      id\n      kind\n      finishedAt\n      error {\n        code\n        message\n      }\n    }\n    pendingChanges\n    pendingSince\n    storage {\n      bytesOnDisk\n      logicalBytes\n      compressionRatio\n      dedupRatio\n      snapshotCount\n      recordCount\n      freeBytes\n    }\n    nextScheduledBackupAt\n  }\n": types.DashboardHealthFragmentDoc,
    "\n  subscription DashboardHealthChanged {\n    healthChanged {\n      ...DashboardHealth\n    }\n  }\n": types.DashboardHealthChangedDocument,
    "\n  fragment DashboardBackup on Backup {\n    id\n    createdAt\n    trigger\n    changedCount\n    addedBytes\n    logicalBytes\n    durationMs\n  }\n": types.DashboardBackupFragmentDoc,
    "\n  query DashboardBackups($first: Int!) {\n    backups(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...DashboardBackup\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.DashboardBackupsDocument,
    "\n  subscription DashboardBackupCreated {\n    backupCreated {\n      id\n      ...DashboardBackup\n    }\n  }\n": types.DashboardBackupCreatedDocument,
    "\n  fragment JobDetailFields on Job {\n    id\n    kind\n    ...JobRow\n    updatedAt\n    ...JobPhases\n    input\n    report\n    backup {\n      id\n      createdAt\n      note\n    }\n    safetyBackup {\n      id\n      createdAt\n    }\n  }\n": types.JobDetailFieldsFragmentDoc,
    "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      ...JobDetailFields\n    }\n  }\n": types.JobDetailDocument,
    "\n  subscription JobDetailProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobDetailFields\n    }\n  }\n": types.JobDetailProgressDocument,
    "\n  query JobList($kind: JobKind, $status: JobStatus, $first: Int!, $after: String) {\n    jobs(kind: $kind, status: $status, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...JobRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.JobListDocument,
    "\n  subscription JobUpdates {\n    jobUpdates {\n      id\n      ...JobRow\n    }\n  }\n": types.JobUpdatesDocument,
    "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      ...JobRow\n    }\n  }\n": types.CancelJobDocument,
    "\n  fragment JobPhases on Job {\n    phases {\n      phase\n      startedAt\n      finishedAt\n    }\n  }\n": types.JobPhasesFragmentDoc,
    "\n  query JobReport($id: ID!) {\n    job(id: $id) {\n      id\n      status\n      message\n      error {\n        code\n        message\n      }\n      finishedAt\n      report\n    }\n    sections {\n      id\n      name\n    }\n  }\n": types.JobReportDocument,
    "\n  fragment JobRow on Job {\n    id\n    kind\n    status\n    ...JobProgress\n    message\n    error {\n      code\n      message\n    }\n    createdAt\n    startedAt\n    finishedAt\n    backup {\n      id\n      createdAt\n    }\n  }\n": types.JobRowFragmentDoc,
    "\n  mutation VerifyRepository($readData: Boolean!) {\n    verifyRepository(readData: $readData) {\n      id\n      ...JobRow\n    }\n  }\n": types.VerifyRepositoryDocument,
    "\n  subscription WatchedJob($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobRow\n    }\n  }\n": types.WatchedJobDocument,
    "\n  mutation CreateApiKey($name: String!, $role: Role!) {\n    createApiKey(name: $name, role: $role) {\n      apiKey {\n        id\n        ...ApiKeyRow\n      }\n      secret\n    }\n  }\n": types.CreateApiKeyDocument,
    "\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n": types.ApiKeyRowFragmentDoc,
    "\n  query ApiKeys {\n    apiKeys {\n      id\n      ...ApiKeyRow\n    }\n  }\n": types.ApiKeysDocument,
    "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      ...ApiKeyRow\n    }\n  }\n": types.RevokeApiKeyDocument,
    "\n  query QuestionEditor($id: ID!) {\n    question(id: $id) {\n      id\n      ...QuestionEditorFields\n    }\n    sections {\n      id\n      name\n    }\n  }\n": types.QuestionEditorDocument,
    "\n  fragment QuestionEditorFields on Question {\n    id\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    audio {\n      url\n      bytes\n      durationMs\n    }\n    position\n    version\n    updatedAt\n    answers {\n      id\n      text\n      isCorrect\n      position\n    }\n    section {\n      id\n      name\n    }\n  }\n": types.QuestionEditorFieldsFragmentDoc,
    "\n  mutation SaveQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n      ...QuestionEditorFields\n      ...QuestionRow\n    }\n  }\n": types.SaveQuestionDocument,
    "\n  query QuestionHistory($id: ID!, $first: Int!, $after: String) {\n    question(id: $id) {\n      id\n      history(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            digest\n            backup {\n              id\n              createdAt\n              trigger\n              note\n            }\n            firstBackup {\n              id\n              createdAt\n              trigger\n            }\n            backupCount\n            question {\n              id\n              sectionId\n              type\n              prompt\n              explanation\n              difficulty\n              tags\n              audioPath\n              position\n              answers {\n                text\n                isCorrect\n                position\n              }\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.QuestionHistoryDocument,
    "\n  query QuestionList($sectionId: ID, $search: String, $first: Int!, $after: String) {\n    questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...QuestionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.QuestionListDocument,
    "\n  fragment QuestionRow on Question {\n    id\n    prompt\n    type\n    difficulty\n    tags\n    section {\n      id\n      name\n    }\n  }\n": types.QuestionRowFragmentDoc,
    "\n  query QuestionVersionPlan($input: RestoreInput!) {\n    restorePlan(input: $input) {\n      added\n      changed\n      deleted\n      validation {\n        ok\n        errors {\n          message\n        }\n        warnings {\n          message\n        }\n      }\n      items(first: 10) {\n        edges {\n          node {\n            ...RestoreChangeDiff\n          }\n        }\n      }\n    }\n  }\n": types.QuestionVersionPlanDocument,
    "\n  mutation RestoreQuestionVersion($input: RestoreInput!) {\n    startRestore(input: $input) {\n      id\n      ...JobProgress\n    }\n  }\n": types.RestoreQuestionVersionDocument,
    "\n  query QuestionSections {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n": types.QuestionSectionsDocument,
    "\n  query RestoreQuestionSearch($id: ID!, $search: String, $first: Int!) {\n    backup(id: $id) {\n      id\n      questions(search: $search, first: $first) {\n        totalCount\n        edges {\n          node {\n            id\n            sectionId\n            prompt\n          }\n        }\n      }\n    }\n  }\n": types.RestoreQuestionSearchDocument,
    "\n  query RestorePlanItems($input: RestoreInput!, $kind: ChangeKind, $first: Int!, $after: String) {\n    restorePlan(input: $input) {\n      items(kind: $kind, first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...RestoreChangeDiff\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n": types.RestorePlanItemsDocument,
    "\n  mutation StartRestore($input: RestoreInput!) {\n    startRestore(input: $input) {\n      id\n      ...JobProgress\n    }\n  }\n": types.StartRestoreDocument,
    "\n  query RestorePlanSummary($input: RestoreInput!) {\n    restorePlan(input: $input) {\n      scope\n      mode\n      added\n      changed\n      deleted\n      unchanged\n      media {\n        questionId\n        kind\n        bytes\n        liveBytes\n        url\n        liveUrl\n      }\n      validation {\n        ok\n        errors {\n          code\n          message\n          entity\n          id\n        }\n        warnings {\n          code\n          message\n          entity\n          id\n        }\n      }\n    }\n  }\n": types.RestorePlanSummaryDocument,
    "\n  query RestoreWizardBackup($id: ID!) {\n    backup(id: $id) {\n      id\n      createdAt\n      trigger\n      scope\n      note\n      questionCount\n      sections {\n        sectionId\n        name\n        questionCount\n        complete\n      }\n    }\n    sections {\n      id\n      name\n    }\n  }\n": types.RestoreWizardBackupDocument,
    "\n  query PendingRestoreRecent {\n    jobs(kind: RESTORE, first: 10) {\n      edges {\n        node {\n          id\n          kind\n          input\n          createdAt\n        }\n      }\n    }\n  }\n": types.PendingRestoreRecentDocument,
    "\n  subscription PendingRestoreUpdates {\n    jobUpdates {\n      id\n      kind\n      input\n      createdAt\n    }\n  }\n": types.PendingRestoreUpdatesDocument,
    "\n  mutation PruneBackups($dryRun: Boolean!) {\n    pruneBackups(dryRun: $dryRun) {\n      id\n      status\n    }\n  }\n": types.PruneBackupsDocument,
    "\n  subscription CleanupProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      status\n      message\n      error {\n        code\n        message\n      }\n      report\n    }\n  }\n": types.CleanupProgressDocument,
    "\n  mutation StartCopy {\n    startCopy {\n      id\n      status\n    }\n  }\n": types.StartCopyDocument,
    "\n  mutation StartDrill {\n    startDrill {\n      id\n      status\n    }\n  }\n": types.StartDrillDocument,
    "\n  subscription JobNowProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      status\n      phase\n      done\n      total\n      message\n      error {\n        code\n        message\n      }\n    }\n  }\n": types.JobNowProgressDocument,
    "\n  fragment NotificationSettingsFields on NotificationSettings {\n    webhookUrl\n    webhookSecretSet\n    smtpUrl\n    emailFrom\n    emailTo\n    pingUrl\n  }\n": types.NotificationSettingsFieldsFragmentDoc,
    "\n  query NotificationSettingsPage {\n    notificationSettings {\n      ...NotificationSettingsFields\n    }\n    notificationDeliveries(first: 10) {\n      id\n      at\n      channel\n      event\n      check\n      status\n      message\n      ok\n      attempts\n      error\n    }\n  }\n": types.NotificationSettingsPageDocument,
    "\n  mutation SaveNotificationSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n": types.SaveNotificationSettingsDocument,
    "\n  mutation SendTestNotification($channel: NotificationChannel!) {\n    sendTestNotification(channel: $channel) {\n      id\n      ok\n      attempts\n      error\n    }\n  }\n": types.SendTestNotificationDocument,
    "\n  query RetentionPreview($retention: RetentionPolicyInput) {\n    retentionPreview(retention: $retention) {\n      keepCount\n      bytesFreed\n      forget {\n        id\n        createdAt\n        trigger\n        addedBytes\n      }\n      kept {\n        backup {\n          id\n          createdAt\n          trigger\n        }\n        reasons\n      }\n    }\n  }\n": types.RetentionPreviewDocument,
    "\n  query ScheduleRuns($schedule: String!) {\n    scheduleRuns(schedule: $schedule, count: 5)\n  }\n": types.ScheduleRunsDocument,
    "\n  mutation SaveBackupSettings($input: BackupSettingsInput!) {\n    updateBackupSettings(input: $input) {\n      ...SettingsFields\n    }\n  }\n": types.SaveBackupSettingsDocument,
    "\n  fragment SettingsFields on BackupSettings {\n    autoBackupEnabled\n    autoBackupDebounceMs\n    autoBackupMaxDelayMs\n    schedule\n    retention {\n      keepLast\n      keepHourly\n      keepDaily\n      keepWeekly\n      keepMonthly\n      keepYearly\n      keepWithinDays\n      keepDeliberateDays\n      groupByTrigger\n    }\n    autoPruneEnabled\n    compressionQuality\n    encrypted\n    nextScheduledRuns(count: 5)\n    copyTo\n    copyAfterBackup\n    copySchedule\n    drillSchedule\n  }\n": types.SettingsFieldsFragmentDoc,
    "\n  query BackupSettingsPage {\n    backupSettings {\n      ...SettingsFields\n    }\n  }\n": types.BackupSettingsPageDocument,
    "\n  query SessionMe {\n    me {\n      id\n      name\n      role\n    }\n  }\n": types.SessionMeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NamedBackup($id: ID!) {\n    backup(id: $id) {\n      id\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query NamedBackup($id: ID!) {\n    backup(id: $id) {\n      id\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJobButton($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      ...JobProgress\n    }\n  }\n"): (typeof documents)["\n  mutation CancelJobButton($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      ...JobProgress\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobProgress on Job {\n    id\n    status\n    phase\n    done\n    total\n    bytesDone\n    ratePerSecond\n    etaMs\n  }\n"): (typeof documents)["\n  fragment JobProgress on Job {\n    id\n    status\n    phase\n    done\n    total\n    bytesDone\n    ratePerSecond\n    etaMs\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RestoreChangeDiff on RestorePlanItem {\n    kind\n    entity\n    id\n    sectionId\n    title\n    fields {\n      path\n      before\n      after\n    }\n  }\n"): (typeof documents)["\n  fragment RestoreChangeDiff on RestorePlanItem {\n    kind\n    entity\n    id\n    sectionId\n    title\n    fields {\n      path\n      before\n      after\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RestoreDiffCurrentQuestion($id: ID!) {\n    question(id: $id) {\n      id\n      type\n      prompt\n      explanation\n      difficulty\n      tags\n      audioPath\n      position\n      section {\n        id\n      }\n      answers {\n        id\n        text\n        isCorrect\n        position\n      }\n    }\n  }\n"): (typeof documents)["\n  query RestoreDiffCurrentQuestion($id: ID!) {\n    question(id: $id) {\n      id\n      type\n      prompt\n      explanation\n      difficulty\n      tags\n      audioPath\n      position\n      section {\n        id\n      }\n      answers {\n        id\n        text\n        isCorrect\n        position\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RestoreJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      kind\n      ...JobProgress\n      ...RestoreJobOutcome\n    }\n  }\n"): (typeof documents)["\n  subscription RestoreJobProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      kind\n      ...JobProgress\n      ...RestoreJobOutcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment RestoreJobOutcome on Job {\n    id\n    status\n    message\n    error {\n      code\n      message\n    }\n    report\n    backup {\n      id\n      createdAt\n    }\n    safetyBackup {\n      id\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment RestoreJobOutcome on Job {\n    id\n    status\n    message\n    error {\n      code\n      message\n    }\n    report\n    backup {\n      id\n      createdAt\n    }\n    safetyBackup {\n      id\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UndoRestore($jobId: ID!) {\n    undoRestore(jobId: $jobId) {\n      id\n      ...JobProgress\n    }\n  }\n"): (typeof documents)["\n  mutation UndoRestore($jobId: ID!) {\n    undoRestore(jobId: $jobId) {\n      id\n      ...JobProgress\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SignInCheck {\n    me {\n      id\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  query SignInCheck {\n    me {\n      id\n      name\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartBackup($input: BackupInput!) {\n    startBackup(input: $input) {\n      id\n      ...StartedBackup\n    }\n  }\n"): (typeof documents)["\n  mutation StartBackup($input: BackupInput!) {\n    startBackup(input: $input) {\n      id\n      ...StartedBackup\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment StartedBackup on Job {\n    id\n    kind\n    createdAt\n    ...JobProgress\n  }\n"): (typeof documents)["\n  fragment StartedBackup on Job {\n    id\n    kind\n    createdAt\n    ...JobProgress\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PinBackup($id: ID!, $pinned: Boolean!) {\n    pinBackup(id: $id, pinned: $pinned) {\n      id\n      pinned\n    }\n  }\n"): (typeof documents)["\n  mutation PinBackup($id: ID!, $pinned: Boolean!) {\n    pinBackup(id: $id, pinned: $pinned) {\n      id\n      pinned\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteBackup($id: ID!) {\n    deleteBackup(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteBackup($id: ID!) {\n    deleteBackup(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupPinned($id: ID!) {\n    backup(id: $id) {\n      id\n      pinned\n    }\n  }\n"): (typeof documents)["\n  query BackupPinned($id: ID!) {\n    backup(id: $id) {\n      id\n      pinned\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupDetail($id: ID!) {\n    backup(id: $id) {\n      id\n      ...BackupSummary\n    }\n  }\n"): (typeof documents)["\n  query BackupDetail($id: ID!) {\n    backup(id: $id) {\n      id\n      ...BackupSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupHistory($trigger: BackupTrigger, $sectionId: ID, $first: Int!, $after: String) {\n    backups(trigger: $trigger, sectionId: $sectionId, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...BackupRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackupHistory($trigger: BackupTrigger, $sectionId: ID, $first: Int!, $after: String) {\n    backups(trigger: $trigger, sectionId: $sectionId, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...BackupRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BackupCreated {\n    backupCreated {\n      id\n      ...BackupRow\n    }\n  }\n"): (typeof documents)["\n  subscription BackupCreated {\n    backupCreated {\n      id\n      ...BackupRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BackupRow on Backup {\n    id\n    createdAt\n    trigger\n    scope\n    note\n    pinned\n    sectionCount\n    questionCount\n    changedCount\n    addedBytes\n    durationMs\n    sections {\n      sectionId\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment BackupRow on Backup {\n    id\n    createdAt\n    trigger\n    scope\n    note\n    pinned\n    sectionCount\n    questionCount\n    changedCount\n    addedBytes\n    durationMs\n    sections {\n      sectionId\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BackupSummary on Backup {\n    id\n    ...BackupRow\n    logicalBytes\n    encrypted\n    parent {\n      id\n      createdAt\n    }\n    sections {\n      sectionId\n      name\n      questionCount\n      complete\n    }\n  }\n"): (typeof documents)["\n  fragment BackupSummary on Backup {\n    id\n    ...BackupRow\n    logicalBytes\n    encrypted\n    parent {\n      id\n      createdAt\n    }\n    sections {\n      sectionId\n      name\n      questionCount\n      complete\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupQuestionSearch($search: String!, $first: Int!) {\n    questions(search: $search, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          prompt\n          section {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackupQuestionSearch($search: String!, $first: Int!) {\n    questions(search: $search, first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          prompt\n          section {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RunningBackup($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobProgress\n      message\n      error {\n        code\n        message\n      }\n      backup {\n        id\n        ...BackupRow\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription RunningBackup($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobProgress\n      message\n      error {\n        code\n        message\n      }\n      backup {\n        id\n        ...BackupRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SnapshotQuestion on QuestionSnapshot {\n    id\n    sectionId\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    audio {\n      url\n      bytes\n      durationMs\n    }\n    position\n    digest\n    answers {\n      text\n      isCorrect\n      position\n    }\n  }\n"): (typeof documents)["\n  fragment SnapshotQuestion on QuestionSnapshot {\n    id\n    sectionId\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    audio {\n      url\n      bytes\n      durationMs\n    }\n    position\n    digest\n    answers {\n      text\n      isCorrect\n      position\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupQuestions($id: ID!, $sectionId: ID, $search: String, $first: Int!, $after: String) {\n    backup(id: $id) {\n      id\n      questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...SnapshotQuestion\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query BackupQuestions($id: ID!, $sectionId: ID, $search: String, $first: Int!, $after: String) {\n    backup(id: $id) {\n      id\n      questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...SnapshotQuestion\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupSectionChoices {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n"): (typeof documents)["\n  query BackupSectionChoices {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeFailure($jobId: ID!) {\n    acknowledgeFailure(jobId: $jobId) {\n      id\n      acknowledgedAt\n      acknowledgedBy\n    }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeFailure($jobId: ID!) {\n    acknowledgeFailure(jobId: $jobId) {\n      id\n      acknowledgedAt\n      acknowledgedBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardProtection($days: Int!) {\n    protectionHistory(days: $days) {\n      to\n      recoveryPoint {\n        at\n        ageSeconds\n      }\n      backupDays {\n        day\n        succeeded\n        failed\n      }\n      drills {\n        at\n        ok\n        jobId\n        message\n      }\n      storage {\n        at\n        bytes\n      }\n      growthBytesPerDay\n      diskFullAt\n    }\n  }\n"): (typeof documents)["\n  query DashboardProtection($days: Int!) {\n    protectionHistory(days: $days) {\n      to\n      recoveryPoint {\n        at\n        ageSeconds\n      }\n      backupDays {\n        day\n        succeeded\n        failed\n      }\n      drills {\n        at\n        ok\n        jobId\n        message\n      }\n      storage {\n        at\n        bytes\n      }\n      growthBytesPerDay\n      diskFullAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DashboardHealth on SystemHealth {\n    status\n    checks {\n      name\n      status\n      message\n    }\n    lastBackupAt\n    lastFailure {\n      code\n      message\n    }\n    unresolvedFailures {\n      id\n      kind\n      finishedAt\n      error {\n        code\n        message\n      }\n    }\n    pendingChanges\n    pendingSince\n    storage {\n      bytesOnDisk\n      logicalBytes\n      compressionRatio\n      dedupRatio\n      snapshotCount\n      recordCount\n      freeBytes\n    }\n    nextScheduledBackupAt\n  }\n"): (typeof documents)["\n  fragment DashboardHealth on SystemHealth {\n    status\n    checks {\n      name\n      status\n      message\n    }\n    lastBackupAt\n    lastFailure {\n      code\n      message\n    }\n    unresolvedFailures {\n      id\n      kind\n      finishedAt\n      error {\n        code\n        message\n      }\n    }\n    pendingChanges\n    pendingSince\n    storage {\n      bytesOnDisk\n      logicalBytes\n      compressionRatio\n      dedupRatio\n      snapshotCount\n      recordCount\n      freeBytes\n    }\n    nextScheduledBackupAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardHealthChanged {\n    healthChanged {\n      ...DashboardHealth\n    }\n  }\n"): (typeof documents)["\n  subscription DashboardHealthChanged {\n    healthChanged {\n      ...DashboardHealth\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment DashboardBackup on Backup {\n    id\n    createdAt\n    trigger\n    changedCount\n    addedBytes\n    logicalBytes\n    durationMs\n  }\n"): (typeof documents)["\n  fragment DashboardBackup on Backup {\n    id\n    createdAt\n    trigger\n    changedCount\n    addedBytes\n    logicalBytes\n    durationMs\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardBackups($first: Int!) {\n    backups(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...DashboardBackup\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardBackups($first: Int!) {\n    backups(first: $first) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...DashboardBackup\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription DashboardBackupCreated {\n    backupCreated {\n      id\n      ...DashboardBackup\n    }\n  }\n"): (typeof documents)["\n  subscription DashboardBackupCreated {\n    backupCreated {\n      id\n      ...DashboardBackup\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobDetailFields on Job {\n    id\n    kind\n    ...JobRow\n    updatedAt\n    ...JobPhases\n    input\n    report\n    backup {\n      id\n      createdAt\n      note\n    }\n    safetyBackup {\n      id\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment JobDetailFields on Job {\n    id\n    kind\n    ...JobRow\n    updatedAt\n    ...JobPhases\n    input\n    report\n    backup {\n      id\n      createdAt\n      note\n    }\n    safetyBackup {\n      id\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      ...JobDetailFields\n    }\n  }\n"): (typeof documents)["\n  query JobDetail($id: ID!) {\n    job(id: $id) {\n      id\n      ...JobDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobDetailProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobDetailFields\n    }\n  }\n"): (typeof documents)["\n  subscription JobDetailProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobDetailFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobList($kind: JobKind, $status: JobStatus, $first: Int!, $after: String) {\n    jobs(kind: $kind, status: $status, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...JobRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query JobList($kind: JobKind, $status: JobStatus, $first: Int!, $after: String) {\n    jobs(kind: $kind, status: $status, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...JobRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobUpdates {\n    jobUpdates {\n      id\n      ...JobRow\n    }\n  }\n"): (typeof documents)["\n  subscription JobUpdates {\n    jobUpdates {\n      id\n      ...JobRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      ...JobRow\n    }\n  }\n"): (typeof documents)["\n  mutation CancelJob($id: ID!) {\n    cancelJob(id: $id) {\n      id\n      ...JobRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobPhases on Job {\n    phases {\n      phase\n      startedAt\n      finishedAt\n    }\n  }\n"): (typeof documents)["\n  fragment JobPhases on Job {\n    phases {\n      phase\n      startedAt\n      finishedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobReport($id: ID!) {\n    job(id: $id) {\n      id\n      status\n      message\n      error {\n        code\n        message\n      }\n      finishedAt\n      report\n    }\n    sections {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query JobReport($id: ID!) {\n    job(id: $id) {\n      id\n      status\n      message\n      error {\n        code\n        message\n      }\n      finishedAt\n      report\n    }\n    sections {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment JobRow on Job {\n    id\n    kind\n    status\n    ...JobProgress\n    message\n    error {\n      code\n      message\n    }\n    createdAt\n    startedAt\n    finishedAt\n    backup {\n      id\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment JobRow on Job {\n    id\n    kind\n    status\n    ...JobProgress\n    message\n    error {\n      code\n      message\n    }\n    createdAt\n    startedAt\n    finishedAt\n    backup {\n      id\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyRepository($readData: Boolean!) {\n    verifyRepository(readData: $readData) {\n      id\n      ...JobRow\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyRepository($readData: Boolean!) {\n    verifyRepository(readData: $readData) {\n      id\n      ...JobRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription WatchedJob($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobRow\n    }\n  }\n"): (typeof documents)["\n  subscription WatchedJob($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      ...JobRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiKey($name: String!, $role: Role!) {\n    createApiKey(name: $name, role: $role) {\n      apiKey {\n        id\n        ...ApiKeyRow\n      }\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiKey($name: String!, $role: Role!) {\n    createApiKey(name: $name, role: $role) {\n      apiKey {\n        id\n        ...ApiKeyRow\n      }\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"): (typeof documents)["\n  fragment ApiKeyRow on ApiKey {\n    id\n    name\n    role\n    createdAt\n    lastUsedAt\n    revokedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApiKeys {\n    apiKeys {\n      id\n      ...ApiKeyRow\n    }\n  }\n"): (typeof documents)["\n  query ApiKeys {\n    apiKeys {\n      id\n      ...ApiKeyRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      ...ApiKeyRow\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiKey($id: ID!) {\n    revokeApiKey(id: $id) {\n      id\n      ...ApiKeyRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuestionEditor($id: ID!) {\n    question(id: $id) {\n      id\n      ...QuestionEditorFields\n    }\n    sections {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query QuestionEditor($id: ID!) {\n    question(id: $id) {\n      id\n      ...QuestionEditorFields\n    }\n    sections {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuestionEditorFields on Question {\n    id\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    audio {\n      url\n      bytes\n      durationMs\n    }\n    position\n    version\n    updatedAt\n    answers {\n      id\n      text\n      isCorrect\n      position\n    }\n    section {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment QuestionEditorFields on Question {\n    id\n    type\n    prompt\n    explanation\n    difficulty\n    tags\n    audioPath\n    audio {\n      url\n      bytes\n      durationMs\n    }\n    position\n    version\n    updatedAt\n    answers {\n      id\n      text\n      isCorrect\n      position\n    }\n    section {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n      ...QuestionEditorFields\n      ...QuestionRow\n    }\n  }\n"): (typeof documents)["\n  mutation SaveQuestion($id: ID!, $input: QuestionInput!) {\n    updateQuestion(id: $id, input: $input) {\n      id\n      ...QuestionEditorFields\n      ...QuestionRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuestionHistory($id: ID!, $first: Int!, $after: String) {\n    question(id: $id) {\n      id\n      history(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            digest\n            backup {\n              id\n              createdAt\n              trigger\n              note\n            }\n            firstBackup {\n              id\n              createdAt\n              trigger\n            }\n            backupCount\n            question {\n              id\n              sectionId\n              type\n              prompt\n              explanation\n              difficulty\n              tags\n              audioPath\n              position\n              answers {\n                text\n                isCorrect\n                position\n              }\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query QuestionHistory($id: ID!, $first: Int!, $after: String) {\n    question(id: $id) {\n      id\n      history(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            digest\n            backup {\n              id\n              createdAt\n              trigger\n              note\n            }\n            firstBackup {\n              id\n              createdAt\n              trigger\n            }\n            backupCount\n            question {\n              id\n              sectionId\n              type\n              prompt\n              explanation\n              difficulty\n              tags\n              audioPath\n              position\n              answers {\n                text\n                isCorrect\n                position\n              }\n            }\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuestionList($sectionId: ID, $search: String, $first: Int!, $after: String) {\n    questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...QuestionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query QuestionList($sectionId: ID, $search: String, $first: Int!, $after: String) {\n    questions(sectionId: $sectionId, search: $search, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...QuestionRow\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment QuestionRow on Question {\n    id\n    prompt\n    type\n    difficulty\n    tags\n    section {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  fragment QuestionRow on Question {\n    id\n    prompt\n    type\n    difficulty\n    tags\n    section {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuestionVersionPlan($input: RestoreInput!) {\n    restorePlan(input: $input) {\n      added\n      changed\n      deleted\n      validation {\n        ok\n        errors {\n          message\n        }\n        warnings {\n          message\n        }\n      }\n      items(first: 10) {\n        edges {\n          node {\n            ...RestoreChangeDiff\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query QuestionVersionPlan($input: RestoreInput!) {\n    restorePlan(input: $input) {\n      added\n      changed\n      deleted\n      validation {\n        ok\n        errors {\n          message\n        }\n        warnings {\n          message\n        }\n      }\n      items(first: 10) {\n        edges {\n          node {\n            ...RestoreChangeDiff\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RestoreQuestionVersion($input: RestoreInput!) {\n    startRestore(input: $input) {\n      id\n      ...JobProgress\n    }\n  }\n"): (typeof documents)["\n  mutation RestoreQuestionVersion($input: RestoreInput!) {\n    startRestore(input: $input) {\n      id\n      ...JobProgress\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuestionSections {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n"): (typeof documents)["\n  query QuestionSections {\n    sections {\n      id\n      name\n      questionCount\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RestoreQuestionSearch($id: ID!, $search: String, $first: Int!) {\n    backup(id: $id) {\n      id\n      questions(search: $search, first: $first) {\n        totalCount\n        edges {\n          node {\n            id\n            sectionId\n            prompt\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RestoreQuestionSearch($id: ID!, $search: String, $first: Int!) {\n    backup(id: $id) {\n      id\n      questions(search: $search, first: $first) {\n        totalCount\n        edges {\n          node {\n            id\n            sectionId\n            prompt\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RestorePlanItems($input: RestoreInput!, $kind: ChangeKind, $first: Int!, $after: String) {\n    restorePlan(input: $input) {\n      items(kind: $kind, first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...RestoreChangeDiff\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RestorePlanItems($input: RestoreInput!, $kind: ChangeKind, $first: Int!, $after: String) {\n    restorePlan(input: $input) {\n      items(kind: $kind, first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            ...RestoreChangeDiff\n          }\n        }\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartRestore($input: RestoreInput!) {\n    startRestore(input: $input) {\n      id\n      ...JobProgress\n    }\n  }\n"): (typeof documents)["\n  mutation StartRestore($input: RestoreInput!) {\n    startRestore(input: $input) {\n      id\n      ...JobProgress\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RestorePlanSummary($input: RestoreInput!) {\n    restorePlan(input: $input) {\n      scope\n      mode\n      added\n      changed\n      deleted\n      unchanged\n      media {\n        questionId\n        kind\n        bytes\n        liveBytes\n        url\n        liveUrl\n      }\n      validation {\n        ok\n        errors {\n          code\n          message\n          entity\n          id\n        }\n        warnings {\n          code\n          message\n          entity\n          id\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query RestorePlanSummary($input: RestoreInput!) {\n    restorePlan(input: $input) {\n      scope\n      mode\n      added\n      changed\n      deleted\n      unchanged\n      media {\n        questionId\n        kind\n        bytes\n        liveBytes\n        url\n        liveUrl\n      }\n      validation {\n        ok\n        errors {\n          code\n          message\n          entity\n          id\n        }\n        warnings {\n          code\n          message\n          entity\n          id\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RestoreWizardBackup($id: ID!) {\n    backup(id: $id) {\n      id\n      createdAt\n      trigger\n      scope\n      note\n      questionCount\n      sections {\n        sectionId\n        name\n        questionCount\n        complete\n      }\n    }\n    sections {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  query RestoreWizardBackup($id: ID!) {\n    backup(id: $id) {\n      id\n      createdAt\n      trigger\n      scope\n      note\n      questionCount\n      sections {\n        sectionId\n        name\n        questionCount\n        complete\n      }\n    }\n    sections {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingRestoreRecent {\n    jobs(kind: RESTORE, first: 10) {\n      edges {\n        node {\n          id\n          kind\n          input\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PendingRestoreRecent {\n    jobs(kind: RESTORE, first: 10) {\n      edges {\n        node {\n          id\n          kind\n          input\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PendingRestoreUpdates {\n    jobUpdates {\n      id\n      kind\n      input\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  subscription PendingRestoreUpdates {\n    jobUpdates {\n      id\n      kind\n      input\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PruneBackups($dryRun: Boolean!) {\n    pruneBackups(dryRun: $dryRun) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PruneBackups($dryRun: Boolean!) {\n    pruneBackups(dryRun: $dryRun) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CleanupProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      status\n      message\n      error {\n        code\n        message\n      }\n      report\n    }\n  }\n"): (typeof documents)["\n  subscription CleanupProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      status\n      message\n      error {\n        code\n        message\n      }\n      report\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartCopy {\n    startCopy {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation StartCopy {\n    startCopy {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartDrill {\n    startDrill {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation StartDrill {\n    startDrill {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription JobNowProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      status\n      phase\n      done\n      total\n      message\n      error {\n        code\n        message\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription JobNowProgress($jobId: ID!) {\n    jobProgress(jobId: $jobId) {\n      id\n      status\n      phase\n      done\n      total\n      message\n      error {\n        code\n        message\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NotificationSettingsFields on NotificationSettings {\n    webhookUrl\n    webhookSecretSet\n    smtpUrl\n    emailFrom\n    emailTo\n    pingUrl\n  }\n"): (typeof documents)["\n  fragment NotificationSettingsFields on NotificationSettings {\n    webhookUrl\n    webhookSecretSet\n    smtpUrl\n    emailFrom\n    emailTo\n    pingUrl\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NotificationSettingsPage {\n    notificationSettings {\n      ...NotificationSettingsFields\n    }\n    notificationDeliveries(first: 10) {\n      id\n      at\n      channel\n      event\n      check\n      status\n      message\n      ok\n      attempts\n      error\n    }\n  }\n"): (typeof documents)["\n  query NotificationSettingsPage {\n    notificationSettings {\n      ...NotificationSettingsFields\n    }\n    notificationDeliveries(first: 10) {\n      id\n      at\n      channel\n      event\n      check\n      status\n      message\n      ok\n      attempts\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveNotificationSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SaveNotificationSettings($input: NotificationSettingsInput!) {\n    updateNotificationSettings(input: $input) {\n      ...NotificationSettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SendTestNotification($channel: NotificationChannel!) {\n    sendTestNotification(channel: $channel) {\n      id\n      ok\n      attempts\n      error\n    }\n  }\n"): (typeof documents)["\n  mutation SendTestNotification($channel: NotificationChannel!) {\n    sendTestNotification(channel: $channel) {\n      id\n      ok\n      attempts\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query RetentionPreview($retention: RetentionPolicyInput) {\n    retentionPreview(retention: $retention) {\n      keepCount\n      bytesFreed\n      forget {\n        id\n        createdAt\n        trigger\n        addedBytes\n      }\n      kept {\n        backup {\n          id\n          createdAt\n          trigger\n        }\n        reasons\n      }\n    }\n  }\n"): (typeof documents)["\n  query RetentionPreview($retention: RetentionPolicyInput) {\n    retentionPreview(retention: $retention) {\n      keepCount\n      bytesFreed\n      forget {\n        id\n        createdAt\n        trigger\n        addedBytes\n      }\n      kept {\n        backup {\n          id\n          createdAt\n          trigger\n        }\n        reasons\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScheduleRuns($schedule: String!) {\n    scheduleRuns(schedule: $schedule, count: 5)\n  }\n"): (typeof documents)["\n  query ScheduleRuns($schedule: String!) {\n    scheduleRuns(schedule: $schedule, count: 5)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SaveBackupSettings($input: BackupSettingsInput!) {\n    updateBackupSettings(input: $input) {\n      ...SettingsFields\n    }\n  }\n"): (typeof documents)["\n  mutation SaveBackupSettings($input: BackupSettingsInput!) {\n    updateBackupSettings(input: $input) {\n      ...SettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SettingsFields on BackupSettings {\n    autoBackupEnabled\n    autoBackupDebounceMs\n    autoBackupMaxDelayMs\n    schedule\n    retention {\n      keepLast\n      keepHourly\n      keepDaily\n      keepWeekly\n      keepMonthly\n      keepYearly\n      keepWithinDays\n      keepDeliberateDays\n      groupByTrigger\n    }\n    autoPruneEnabled\n    compressionQuality\n    encrypted\n    nextScheduledRuns(count: 5)\n    copyTo\n    copyAfterBackup\n    copySchedule\n    drillSchedule\n  }\n"): (typeof documents)["\n  fragment SettingsFields on BackupSettings {\n    autoBackupEnabled\n    autoBackupDebounceMs\n    autoBackupMaxDelayMs\n    schedule\n    retention {\n      keepLast\n      keepHourly\n      keepDaily\n      keepWeekly\n      keepMonthly\n      keepYearly\n      keepWithinDays\n      keepDeliberateDays\n      groupByTrigger\n    }\n    autoPruneEnabled\n    compressionQuality\n    encrypted\n    nextScheduledRuns(count: 5)\n    copyTo\n    copyAfterBackup\n    copySchedule\n    drillSchedule\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BackupSettingsPage {\n    backupSettings {\n      ...SettingsFields\n    }\n  }\n"): (typeof documents)["\n  query BackupSettingsPage {\n    backupSettings {\n      ...SettingsFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SessionMe {\n    me {\n      id\n      name\n      role\n    }\n  }\n"): (typeof documents)["\n  query SessionMe {\n    me {\n      id\n      name\n      role\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;