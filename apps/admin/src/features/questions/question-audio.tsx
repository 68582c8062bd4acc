/**
 * A question's recording in its editor: a player for the file the bank has now, and for an admin
 * a button to upload one (or replace it) and one to remove it. The upload goes straight to the
 * server (`PUT /questions/:id/audio`), which tells its type by its bytes and changes the question
 * in the same transaction; the editor then shows the question as saved. While the form has unsaved
 * edits, the recording waits: saving it would reload the question under them.
 */
import { Alert, Button, FileButton, Group, Stack, Text, Title, Tooltip } from "@mantine/core";
import { IconMicrophone, IconTrash, IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import { AudioPlayer } from "../../components/audio-player";
import { removeAudio, uploadAudio } from "../../lib/archive-http";
import { useSession } from "../../lib/session";

export interface QuestionAudioProps {
  question: {
    id: string;
    audioPath: string | null;
    audio: { url: string; bytes: number; durationMs: number | null } | null;
  };
  /** The form has unsaved edits. */
  dirty: boolean;
  /** The question changed on the server. */
  onChanged(): void;
}

export function QuestionAudio({ question, dirty, onChanged }: QuestionAudioProps) {
  const session = useSession();
  const [busy, setBusy] = useState<"upload" | "remove" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async (what: "upload" | "remove", work: () => Promise<void>) => {
    setBusy(what);
    setProblem(null);
    try {
      await work();
      onChanged();
    } catch (error) {
      setProblem((error as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const { audio } = question;
  const waiting = dirty ? "Save or discard your edits first" : null;
  return (
    <Stack gap="xs" mb="md" role="group" aria-label="Recording">
      <Title order={5} size="xs" c="dimmed" tt="uppercase">
        Recording
      </Title>
      {audio ? (
        <AudioPlayer
          url={audio.url}
          label="Recording of this question"
          bytes={audio.bytes}
          durationMs={audio.durationMs}
        />
      ) : (
        <Text size="sm" c="dimmed">
          {question.audioPath
            ? `No recording in the bank at ${question.audioPath}.`
            : "This question has no recording."}
        </Text>
      )}
      {session.canWriteBank && (
        <Group gap="xs">
          <FileButton
            accept="audio/*"
            onChange={(file) => file && void run("upload", () => uploadAudio(question.id, file))}
          >
            {(props) => (
              <Tooltip label={waiting} disabled={!waiting}>
                <Button
                  {...props}
                  size="xs"
                  variant="light"
                  leftSection={audio ? <IconUpload size={14} /> : <IconMicrophone size={14} />}
                  loading={busy === "upload"}
                  disabled={Boolean(waiting) || busy !== null}
                >
                  {audio ? "Replace the recording" : "Upload a recording"}
                </Button>
              </Tooltip>
            )}
          </FileButton>
          {audio && (
            <Tooltip label={waiting} disabled={!waiting}>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                leftSection={<IconTrash size={14} />}
                loading={busy === "remove"}
                disabled={Boolean(waiting) || busy !== null}
                onClick={() => void run("remove", () => removeAudio(question.id))}
              >
                Remove the recording
              </Button>
            </Tooltip>
          )}
        </Group>
      )}
      {problem && (
        <Alert color="red" title="The recording was not saved" role="alert">
          {problem}
        </Alert>
      )}
    </Stack>
  );
}
