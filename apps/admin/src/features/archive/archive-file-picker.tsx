/**
 * Where a `.qvar` file is chosen: a button, or a file dropped on the box. The button waits until
 * the reader (the worker and its brotli-wasm) is loaded, so no code or .wasm is fetched after a
 * file is chosen.
 */
import { Button, FileButton, Group, Paper, Stack, Text, ThemeIcon } from "@mantine/core";
import { IconFileSearch, IconFolderOpen } from "@tabler/icons-react";
import { type DragEvent, useRef, useState } from "react";

export interface ArchiveFilePickerProps {
  /** False while the reader loads: the button shows a spinner. */
  ready: boolean;
  /** A smaller box, once a file is open. */
  compact: boolean;
  onFile(file: File): void;
}

export function ArchiveFilePicker({ ready, compact, onFile }: ArchiveFilePickerProps) {
  const reset = useRef<() => void>(null);
  const [dragging, setDragging] = useState(false);

  const pick = (file: File | null) => {
    if (file) onFile(file);
    // The same file may be chosen again (after a failed passphrase, or to reopen it).
    reset.current?.();
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && ready) onFile(file);
  };

  const button = (
    <FileButton
      onChange={pick}
      accept=".qvar,application/octet-stream"
      resetRef={reset}
      disabled={!ready}
      inputProps={{ "aria-label": "Backup file" }}
    >
      {(props) => (
        <Button
          {...props}
          loading={!ready}
          variant={compact ? "default" : "filled"}
          leftSection={<IconFolderOpen size={16} />}
        >
          {compact ? "Open another file…" : "Choose a file…"}
        </Button>
      )}
    </FileButton>
  );

  if (compact) return button;
  return (
    <Paper
      withBorder
      radius="md"
      p="xl"
      onDragOver={(event) => {
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
      style={{
        borderStyle: "dashed",
        borderWidth: 2,
        borderColor: dragging ? "var(--mantine-color-blue-5)" : undefined,
        background: dragging ? "var(--mantine-color-blue-light)" : undefined,
      }}
      aria-label="Choose a backup file"
      role="group"
    >
      <Stack align="center" gap="sm">
        <ThemeIcon size={48} radius="xl" variant="light">
          <IconFileSearch size={28} />
        </ThemeIcon>
        <Text fw={600}>Drop a .qvar file here, or</Text>
        <Group>{button}</Group>
        <Text size="sm" c="dimmed" ta="center" maw={520}>
          The file is read in this browser: its checksum, its backup, sections and questions. Nothing is
          uploaded unless you choose to import it.
        </Text>
      </Stack>
    </Paper>
  );
}
