/**
 * "Import a backup file" (OPERATOR and ADMIN keys): a `.qvar` archive, chosen here or already
 * opened in the archive viewer, uploaded as it is with its passphrase when it has one. The server
 * checks all of it before it stores anything, then keeps it as a new backup (trigger Import) that
 * the history shows live; a notification links to it. A refusal is explained by its code.
 */
import { Alert, Anchor, Button, FileInput, Group, Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconFileUpload } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";
import { useNavigate } from "react-router";
import { errorCode, errorMessage, HttpError } from "../lib/api-errors";
import { type ImportedArchive, importArchive } from "../lib/archive-http";
import { formatBytes } from "../lib/format";
import { countOf } from "../lib/plural";

/** The heading of a refused import, by the server's code. */
function refusalTitle(error: unknown): string {
  if (error instanceof HttpError && error.status === 413) return "This file is too large for this server";
  switch (errorCode(error)) {
    case "INTEGRITY_ERROR":
      return "This file is damaged or not a qvault archive";
    case "WRONG_PASSPHRASE":
      return "The passphrase is missing or wrong";
    case "UNSUPPORTED_VERSION":
      return "This archive was written by a newer qvault";
    case "VALIDATION_FAILED":
      return "The archive's records are not valid";
    case "FORBIDDEN":
      return "This key may not import backups";
    default:
      return "The backup was not imported";
  }
}

export interface ImportArchiveModalProps {
  opened: boolean;
  onClose(): void;
  /** The file to import; when omitted, the modal asks for one. */
  file?: File | null;
  /** Whether the file is encrypted, when known: the passphrase is asked only then. */
  encrypted?: boolean | null;
  /** The passphrase the file was opened with, if any. */
  passphrase?: string | null;
  onImported?(imported: ImportedArchive): void;
}

export function ImportArchiveModal(props: ImportArchiveModalProps) {
  const { opened, onClose } = props;
  const [importing, setImporting] = useState(false);
  return (
    <Modal
      opened={opened}
      onClose={() => !importing && onClose()}
      closeOnClickOutside={!importing}
      withCloseButton={!importing}
      title="Import a backup file"
      centered
    >
      {/* Mounted only while open, so each opening starts empty. */}
      {opened && <ImportForm {...props} onBusy={setImporting} />}
    </Modal>
  );
}

function ImportForm({
  file: given,
  encrypted,
  passphrase: knownPassphrase,
  onClose,
  onImported,
  onBusy,
}: ImportArchiveModalProps & { onBusy(busy: boolean): void }) {
  const navigate = useNavigate();
  const [picked, setPicked] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState(knownPassphrase ?? "");
  const [fileError, setFileError] = useState<string | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [importing, setImporting] = useState(false);
  const file = given ?? picked;
  const askPassphrase = encrypted !== false;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (!file) {
      setFileError("Choose a .qvar file");
      return;
    }
    setImporting(true);
    onBusy(true);
    try {
      const imported = await importArchive(file, { passphrase: askPassphrase ? passphrase || null : null });
      const link = `/backups/${imported.backupId}`;
      notifications.show({
        color: "green",
        title: "Backup imported",
        autoClose: 15_000,
        message: (
          <Stack gap={4}>
            <Text size="sm">
              {countOf(imported.questionCount, "question")} in {countOf(imported.sectionCount, "section")};{" "}
              {formatBytes(imported.addedBytes)} added to the repository.
            </Text>
            <Anchor
              href={link}
              size="sm"
              onClick={(event) => {
                event.preventDefault();
                navigate(link);
              }}
            >
              Open the imported backup
            </Anchor>
          </Stack>
        ),
      });
      onImported?.(imported);
      onClose();
    } catch (error) {
      setProblem(error);
    } finally {
      setImporting(false);
      onBusy(false);
    }
  };

  const wrongPassphrase = problem !== null && errorCode(problem) === "WRONG_PASSPHRASE";
  return (
    <form onSubmit={submit} noValidate aria-label="Import a backup file">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          The file is uploaded to the server, which checks every record before it stores anything. It then
          becomes a new backup, which you can browse and restore like any other.
        </Text>
        {given ? (
          <Text size="sm">
            File: <b>{given.name}</b> ({formatBytes(given.size)})
          </Text>
        ) : (
          <FileInput
            label="Backup file"
            placeholder="Choose a .qvar file"
            accept=".qvar,application/octet-stream"
            leftSection={<IconFileUpload size={16} />}
            value={picked}
            onChange={(value) => {
              setPicked(value);
              setFileError(null);
              setProblem(null);
            }}
            error={fileError}
            clearable
            required
          />
        )}
        {askPassphrase && (
          <PasswordInput
            label="Passphrase"
            description={
              encrypted ? "The file is encrypted." : "Only for an encrypted file; leave empty otherwise."
            }
            value={passphrase}
            onChange={(event) => {
              setPassphrase(event.currentTarget.value);
              if (wrongPassphrase) setProblem(null);
            }}
            error={wrongPassphrase ? "Wrong passphrase for this file" : undefined}
            autoComplete="off"
          />
        )}
        {problem !== null && (
          <Alert
            color="red"
            icon={<IconAlertTriangle size={18} />}
            role="alert"
            title={refusalTitle(problem)}
          >
            {errorMessage(problem)}
          </Alert>
        )}
        {importing && (
          <Text size="sm" c="dimmed" aria-live="polite">
            Uploading and checking the file…
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={importing}>
            Cancel
          </Button>
          <Button type="submit" loading={importing} leftSection={<IconFileUpload size={16} />}>
            Import
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
