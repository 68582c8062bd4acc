/**
 * What an audio file is, told by its bytes (not by a name or a header a client sends): its media
 * type and file extension (file-type), and its length when played (music-metadata).
 */
import { badInput } from "@qvault/core";
import { fileTypeFromBuffer } from "file-type";
import { parseBuffer } from "music-metadata";

export interface AudioKind {
  mimeType: string;
  extension: string;
  /** Its length when played, when the file tells it. */
  durationMs: number | null;
}

/** @throws BAD_USER_INPUT (field `body`, status 415) when the bytes are not an audio file. */
export async function inspectAudio(bytes: Uint8Array): Promise<AudioKind> {
  const type = await fileTypeFromBuffer(bytes);
  // An MPEG-4 or WebM file holding sound only is audio, whatever its container says.
  const mimeType = type?.mime.startsWith("audio/")
    ? type.mime
    : type?.ext === "m4a" || type?.ext === "mp4"
      ? "audio/mp4"
      : type?.ext === "webm"
        ? "audio/webm"
        : null;
  if (!type || !mimeType) {
    const error = badInput("body", `The file is not audio${type ? ` (it is ${type.mime})` : ""}`);
    error.details!.status = 415;
    throw error;
  }
  let durationMs: number | null = null;
  try {
    const { format } = await parseBuffer(bytes, { mimeType }, { duration: true, skipCovers: true });
    if (format.duration !== undefined && Number.isFinite(format.duration))
      durationMs = Math.round(format.duration * 1000);
  } catch {
    // A file whose length cannot be read is still the audio it was sent as.
  }
  return { mimeType, extension: type.ext === "mp4" ? "m4a" : type.ext, durationMs };
}
