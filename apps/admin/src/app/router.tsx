/** The admin's routes. Everything but /sign-in needs a session. */
import { createBrowserRouter } from "react-router";
import { ArchivePage } from "../features/archive/archive-page";
import { SignInPage } from "../features/auth/sign-in-page";
import { BackupDetailPage } from "../features/backups/backup-detail-page";
import { BackupsPage } from "../features/backups/backups-page";
import { DashboardPage } from "../features/dashboard/dashboard-page";
import { JobDetailPage } from "../features/jobs/job-detail-page";
import { JobsPage } from "../features/jobs/jobs-page";
import { KeysPage } from "../features/keys/keys-page";
import { QuestionEditorDrawer } from "../features/questions/question-editor-drawer";
import { QuestionsPage } from "../features/questions/questions-page";
import { RestoreJobPage } from "../features/restore/restore-job-page";
import { RestoreWizardPage } from "../features/restore/restore-wizard-page";
import { SettingsPage } from "../features/settings/settings-page";
import { AppLayout } from "./app-layout";
import { NotFoundPage } from "./not-found-page";
import { RequireSession } from "./require-session";

export function createRouter() {
  return createBrowserRouter([
    { path: "/sign-in", element: <SignInPage /> },
    {
      path: "/",
      element: (
        <RequireSession>
          <AppLayout />
        </RequireSession>
      ),
      children: [
        { index: true, element: <DashboardPage /> },
        {
          path: "questions",
          element: <QuestionsPage />,
          children: [{ path: ":questionId", element: <QuestionEditorDrawer /> }],
        },
        { path: "backups", element: <BackupsPage /> },
        { path: "backups/:backupId", element: <BackupDetailPage /> },
        { path: "backups/:backupId/restore", element: <RestoreWizardPage /> },
        { path: "restores/:jobId", element: <RestoreJobPage /> },
        { path: "archive", element: <ArchivePage /> },
        { path: "jobs", element: <JobsPage /> },
        { path: "jobs/:jobId", element: <JobDetailPage /> },
        { path: "settings", element: <SettingsPage /> },
        { path: "keys", element: <KeysPage /> },
        { path: "*", element: <NotFoundPage /> },
      ],
    },
  ]);
}
