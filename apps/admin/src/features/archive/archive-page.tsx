/**
 * "Open a backup file" at /archive: a `.qvar` archive from the user's disk, read entirely in this
 * browser by core's own reader in a worker (use-archive-file.ts): its checksum first, then the
 * backup it carries, its sections and questions with search and paging, while every record is
 * checked in the background. An encrypted file asks for its passphrase (again when wrong); a
 * damaged, foreign or newer file is refused with the reason. Nothing leaves the browser unless
 * an OPERATOR or ADMIN key then presses "Import this backup", which uploads the same file.
 */
import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconAlertTriangle, IconFileUpload, IconX } from "@tabler/icons-react";
import { useState } from "react";
import { BackupHeading } from "../../components/backup-heading";
import { ImportArchiveModal } from "../../components/import-archive-modal";
import { formatBytes, formatDuration } from "../../lib/format";
import { useSession } from "../../lib/session";
import { ArchiveFailureAlert } from "./archive-failure-alert";
import { ArchiveFilePicker } from "./archive-file-picker";
import { ArchiveCheck, ArchiveOverview } from "./archive-overview";
import { ArchivePassphraseForm } from "./archive-passphrase-form";
import { ArchiveProgress } from "./archive-progress";
import { ArchiveQuestionList } from "./archive-question-list";
import { useArchiveFile } from "./use-archive-file";

export function ArchivePage() {
  const session = useSession();
  const { reader, state, open, close, browse, readQuestion } = useArchiveFile();
  const [sectionId, setSectionId] = useState<string | null>(null);
  const [importOpened, importModal] = useDisclosure(false);

  const choose = (file: File) => {
    setSectionId(null);
    open(file);
  };

  return (
    <Stack gap="lg" data-reader={reader.status}>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <div>
          <Title order={2}>Open a backup file</Title>
          <Text c="dimmed" size="sm">
            Look inside a downloaded .qvar file without a server: it is read in this browser.
          </Text>
        </div>
        {state.status !== "empty" && (
          <Group gap="sm">
            <ArchiveFilePicker ready={reader.status === "ready"} compact onFile={choose} />
            <Button variant="subtle" color="gray" leftSection={<IconX size={16} />} onClick={close}>
              Close the file
            </Button>
          </Group>
        )}
      </Group>

      {reader.status === "failed" && (
        <Alert color="red" icon={<IconAlertTriangle />} title="This browser cannot read backup files here">
          {reader.failure.message}
        </Alert>
      )}

      {state.status === "empty" && (
        <ArchiveFilePicker ready={reader.status === "ready"} compact={false} onFile={choose} />
      )}

      {state.status === "opening" && (
        <Paper withBorder radius="md" p="md" maw={720} aria-label="Opening the file">
          <Stack gap="sm">
            <Text fw={600}>
              Opening {state.file.name}{" "}
              <Text span c="dimmed" size="sm">
                ({formatBytes(state.file.size)})
              </Text>
            </Text>
            <ArchiveProgress progress={state.progress} fallback="Opening the file" />
          </Stack>
        </Paper>
      )}

      {state.status === "locked" && (
        <ArchivePassphraseForm
          key={state.wrong ? "again" : "first"}
          fileName={state.file.name}
          wrong={state.wrong}
          onSubmit={(passphrase) => open(state.file, passphrase)}
          onCancel={close}
        />
      )}

      {state.status === "failed" && (
        <ArchiveFailureAlert failure={state.failure} fileName={state.file.name} />
      )}

      {state.status === "open" && (
        <>
          <BackupHeading
            order={3}
            time={state.archive.snapshot.time}
            trigger={state.archive.snapshot.trigger}
            encrypted={state.archive.encrypted}
            actions={
              session.canOperate && (
                <Button leftSection={<IconFileUpload size={16} />} onClick={importModal.open}>
                  Import this backup
                </Button>
              )
            }
          >
            <Text c="dimmed" size="sm" mt={4}>
              From the file {state.archive.fileName}, opened in this browser in{" "}
              {formatDuration(state.archive.openMs)}
            </Text>
          </BackupHeading>
          <ArchiveCheck check={state.check} />
          <ArchiveOverview
            archive={state.archive}
            selectedSection={sectionId}
            onSelectSection={setSectionId}
          />
          <ArchiveQuestionList
            key={state.key}
            browse={browse}
            readQuestion={readQuestion}
            sections={state.archive.sections}
            sectionId={sectionId}
            onSelectSection={setSectionId}
          />
          {session.canOperate && (
            <ImportArchiveModal
              opened={importOpened}
              onClose={importModal.close}
              file={state.file}
              encrypted={state.archive.encrypted}
              passphrase={state.passphrase}
            />
          )}
        </>
      )}
    </Stack>
  );
}
