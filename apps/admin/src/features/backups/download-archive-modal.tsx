/**
 * "Download" on a backup's page: the backup as one `.qvar` archive file, optionally encrypted
 * with a passphrase typed twice. The server writes the archive as it sends it, so its size is
 * known only at the end: the modal counts the bytes received. The file is saved by the browser's
 * usual download once complete; a cut-short download saves nothing.
 */
import { Alert, Button, Group, Modal, PasswordInput, Stack, Switch, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconDownload, IconLock } from "@tabler/icons-react";
import { type FormEvent, type RefObject, useRef, useState } from "react";
import { errorMessage } from "../../lib/api-errors";
import { downloadArchive, MIN_ARCHIVE_PASSPHRASE, saveFile } from "../../lib/archive-http";
import { formatBytes } from "../../lib/format";

export interface DownloadArchiveModalProps {
  backupId: string;
  opened: boolean;
  onClose(): void;
}

export function DownloadArchiveModal({ backupId, opened, onClose }: DownloadArchiveModalProps) {
  const abort = useRef<AbortController | null>(null);
  const close = () => {
    abort.current?.abort();
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title="Download this backup" centered>
      {opened && <DownloadForm backupId={backupId} abort={abort} onClose={close} />}
    </Modal>
  );
}

type FieldErrors = Partial<Record<"passphrase" | "repeated", string>>;

function DownloadForm({
  backupId,
  abort,
  onClose,
}: {
  backupId: string;
  abort: RefObject<AbortController | null>;
  onClose(): void;
}) {
  const [encrypt, setEncrypt] = useState(false);
  const [passphrase, setPassphrase] = useState("");
  const [repeated, setRepeated] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [received, setReceived] = useState<number | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    const found: FieldErrors = {};
    if (encrypt && passphrase.length < MIN_ARCHIVE_PASSPHRASE)
      found.passphrase = `At least ${MIN_ARCHIVE_PASSPHRASE} characters`;
    else if (encrypt && repeated !== passphrase) found.repeated = "The two passphrases differ";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const controller = new AbortController();
    abort.current = controller;
    setReceived(0);
    try {
      const { blob, fileName } = await downloadArchive(backupId, {
        passphrase: encrypt ? passphrase : null,
        signal: controller.signal,
        onProgress: setReceived,
      });
      saveFile(blob, fileName);
      notifications.show({
        color: "green",
        title: "Backup downloaded",
        message: `${fileName} (${formatBytes(blob.size)})${encrypt ? ", encrypted" : ""}`,
      });
      onClose();
    } catch (error) {
      if (!controller.signal.aborted) setProblem(error);
    } finally {
      if (abort.current === controller) abort.current = null;
      setReceived(null);
    }
  };

  const downloading = received !== null;
  return (
    <form onSubmit={submit} noValidate aria-label="Download this backup">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          One <b>.qvar</b> file with the backup's questions and sections. It can be opened in this admin
          ("Open a backup file") and imported into any qvault server.
        </Text>
        <Switch
          label="Encrypt with a passphrase"
          checked={encrypt}
          onChange={(event) => {
            setEncrypt(event.currentTarget.checked);
            setErrors({});
          }}
          disabled={downloading}
        />
        {encrypt && (
          <>
            <PasswordInput
              label="Passphrase"
              description={`At least ${MIN_ARCHIVE_PASSPHRASE} characters. Without it the file cannot be opened or imported: keep it safe.`}
              leftSection={<IconLock size={16} />}
              value={passphrase}
              onChange={(event) => setPassphrase(event.currentTarget.value)}
              error={errors.passphrase}
              disabled={downloading}
              autoComplete="new-password"
              required
            />
            <PasswordInput
              label="Passphrase again"
              leftSection={<IconLock size={16} />}
              value={repeated}
              onChange={(event) => setRepeated(event.currentTarget.value)}
              error={errors.repeated}
              disabled={downloading}
              autoComplete="new-password"
              required
            />
          </>
        )}
        {!encrypt && (
          <Text size="xs" c="dimmed">
            Without a passphrase the file is not encrypted, even when the repository is: anyone who has it can
            read the questions.
          </Text>
        )}
        {problem !== null && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert" title="Not downloaded">
            {errorMessage(problem)}
          </Alert>
        )}
        {downloading && (
          <Text size="sm" aria-live="polite" role="status" aria-label="Download progress">
            {received === 0 ? "Preparing the archive…" : `${formatBytes(received)} received…`}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={downloading} leftSection={<IconDownload size={16} />}>
            Download
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
