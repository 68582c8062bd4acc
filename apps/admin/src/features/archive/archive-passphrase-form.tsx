/**
 * The passphrase of an encrypted archive, asked for when it cannot be opened without one, and
 * asked again when the one given was wrong. It is kept only in this page's memory.
 */
import { Button, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { type FormEvent, useState } from "react";

export interface ArchivePassphraseFormProps {
  fileName: string;
  /** The last passphrase given did not open the file. */
  wrong: boolean;
  onSubmit(passphrase: string): void;
  onCancel(): void;
}

export function ArchivePassphraseForm({ fileName, wrong, onSubmit, onCancel }: ArchivePassphraseFormProps) {
  const [passphrase, setPassphrase] = useState("");
  const [empty, setEmpty] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase) {
      setEmpty(true);
      return;
    }
    onSubmit(passphrase);
  };
  return (
    <Paper withBorder radius="md" p="lg" maw={560}>
      <form onSubmit={submit} noValidate aria-label="Passphrase of the archive">
        <Stack gap="md">
          <Group gap="xs">
            <IconLock size={20} />
            <Title order={3} size="h4">
              This file is encrypted
            </Title>
          </Group>
          <Text size="sm" c="dimmed">
            <b>{fileName}</b> was encrypted with a passphrase when it was downloaded. Enter it to open the
            file here; it is not sent anywhere.
          </Text>
          <PasswordInput
            label="Passphrase"
            value={passphrase}
            onChange={(event) => {
              setPassphrase(event.currentTarget.value);
              setEmpty(false);
            }}
            error={empty ? "Enter the passphrase" : wrong ? "Wrong passphrase: try again" : undefined}
            autoComplete="off"
            data-autofocus
            autoFocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <Button type="submit" leftSection={<IconLock size={16} />}>
              Open
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
