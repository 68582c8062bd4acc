/**
 * Plays an audio file: one the API serves (`url`; it needs the signed-in key, which an
 * `<audio src>` cannot send, so it is fetched once and played from memory, where seeking works
 * too), or one read some other way (`load`, e.g. from an archive in the browser). Its size and
 * length are shown beside it; a file that cannot be had (gone, damaged) says why.
 */
import { Group, Loader, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { fetchAudio } from "../lib/archive-http";
import { formatBytes, formatDuration } from "../lib/format";

export interface AudioPlayerProps {
  /** Where the API serves it (an AudioFile's or a media change's `url`), or what names the file for `load`. */
  url: string;
  /** Reads the file instead of fetching `url`. */
  load?: (signal: AbortSignal) => Promise<Blob>;
  /** The player's accessible name. */
  label: string;
  bytes?: number | null;
  durationMs?: number | null;
}

export function AudioPlayer({ url, load, label, bytes, durationMs }: AudioPlayerProps) {
  const [source, setSource] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    let made: string | null = null;
    setSource(null);
    setFailure(null);
    (load ?? ((signal: AbortSignal) => fetchAudio(url, signal)))(abort.signal).then(
      (blob) => {
        made = URL.createObjectURL(blob);
        setSource(made);
      },
      (error: Error) => {
        if (!abort.signal.aborted) setFailure(error.message);
      },
    );
    return () => {
      abort.abort();
      if (made) URL.revokeObjectURL(made);
    };
    // `load` is read once per `url`, which names the file.
  }, [url]);
  const facts = [bytes != null && formatBytes(bytes), durationMs != null && formatDuration(durationMs)]
    .filter(Boolean)
    .join(" · ");
  return (
    <Stack gap={4}>
      {failure ? (
        <Text size="sm" c="red" role="alert">
          Cannot play it: {failure}
        </Text>
      ) : source ? (
        // biome-ignore lint/a11y/useMediaCaption: recordings of exam questions carry no captions.
        <audio controls src={source} aria-label={label} style={{ width: "100%", maxWidth: 420 }} />
      ) : (
        <Group gap="xs">
          <Loader size="xs" />
          <Text size="sm" c="dimmed">
            Loading the recording…
          </Text>
        </Group>
      )}
      {facts && (
        <Text size="xs" c="dimmed">
          {facts}
        </Text>
      )}
    </Stack>
  );
}
