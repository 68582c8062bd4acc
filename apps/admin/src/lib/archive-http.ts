/**
 * The API's HTTP routes besides GraphQL. Archives (the README's "Archives"): downloading a backup
 * as a `.qvar` file (`GET /backups/:id/archive`) and importing one (`POST /backups/import`, the
 * file as the raw body). Audio (the README's "Audio"): fetching a file to play it (`GET /media/…`,
 * `GET /backups/:id/media/:sha256`), uploading a question's (`PUT /questions/:id/audio`) and
 * removing it (`DELETE /questions/:id/audio`). All present the signed-in key as the Apollo links do, and a 401 signs out as
 * an UNAUTHENTICATED GraphQL answer does. A passphrase travels only in the `X-Qvault-Passphrase`
 * header, percent-encoded, never in the URL. Refusals are {@link HttpError}s with the server's
 * code; an aborted request rejects with the browser's AbortError.
 *
 * Not guaranteed: a download is gathered in memory before it is saved, which suits archives of
 * tens of megabytes, not gigabytes.
 */
import { type ApiErrorCode, HttpError } from "./api-errors";
import { clearApiKey, getApiKey } from "./api-key-store";

/** The shortest passphrase the server accepts to encrypt an archive. */
export const MIN_ARCHIVE_PASSPHRASE = 8;

/** What the server answers once an import has finished. */
export interface ImportedArchive {
  backupId: string;
  questionCount: number;
  sectionCount: number;
  addedBytes: number;
  addedRecords: number;
  scope: string;
  note: string | null;
}

const NO_ANSWER = "Cannot reach the qvault server. Check that it is running, then try again.";

function requestHeaders(passphrase: string | null | undefined, extra: Record<string, string> = {}): Headers {
  const headers = new Headers(extra);
  const key = getApiKey();
  if (key) headers.set("authorization", `Bearer ${key}`);
  if (passphrase) headers.set("x-qvault-passphrase", encodeURIComponent(passphrase));
  return headers;
}

async function errorBody(response: Response): Promise<{ code?: unknown; message?: unknown } | null> {
  try {
    return (await response.json()) as { code?: unknown; message?: unknown } | null;
  } catch {
    // Not the API's JSON (a proxy's page, say): the status alone must do.
    return null;
  }
}

async function refusal(response: Response): Promise<HttpError> {
  const body = await errorBody(response);
  const code: ApiErrorCode =
    typeof body?.code === "string"
      ? (body.code as ApiErrorCode)
      : response.status === 401
        ? "UNAUTHENTICATED"
        : response.status >= 500
          ? "INTERNAL_SERVER_ERROR"
          : "BAD_USER_INPUT";
  const message = typeof body?.message === "string" ? body.message : `The server answered ${response.status}`;
  if (code === "UNAUTHENTICATED") clearApiKey("rejected");
  return new HttpError(code, message, response.status);
}

async function send(path: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (init.signal?.aborted) throw error;
    throw new HttpError("NETWORK", NO_ANSWER, null);
  }
  if (!response.ok) throw await refusal(response);
  return response;
}

/** The file name of a `Content-Disposition: attachment; filename="…"` header, or null. */
function attachmentName(response: Response): string | null {
  const disposition = response.headers.get("content-disposition") ?? "";
  return /filename="([^"]+)"/.exec(disposition)?.[1] ?? null;
}

export interface DownloadOptions {
  /** Encrypts the archive with this passphrase (at least {@link MIN_ARCHIVE_PASSPHRASE} characters). */
  passphrase?: string | null;
  signal?: AbortSignal;
  /** Called with the bytes received so far, as they arrive. */
  onProgress?(bytes: number): void;
}

/**
 * Downloads backup `backupId` as an archive and returns its bytes and the server's file name.
 * @throws HttpError: NOT_FOUND for a deleted backup, BAD_USER_INPUT for a passphrase the server
 * refuses, NETWORK when the server cannot be reached or the response was cut short.
 */
export async function downloadArchive(
  backupId: string,
  options: DownloadOptions = {},
): Promise<{ blob: Blob; fileName: string }> {
  const response = await send(`/backups/${encodeURIComponent(backupId)}/archive`, {
    headers: requestHeaders(options.passphrase),
    signal: options.signal,
    cache: "no-store",
  });
  const fileName = attachmentName(response) ?? `qvault-${backupId}.qvar`;
  if (!response.body) return { blob: await response.blob(), fileName };
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let bytes = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      bytes += value.length;
      options.onProgress?.(bytes);
    }
  } catch (error) {
    if (options.signal?.aborted) throw error;
    // The server cuts the response short when writing fails midway; such a file has no footer.
    throw new HttpError("NETWORK", "The download was cut short. Try again.", null);
  }
  return { blob: new Blob(parts, { type: "application/octet-stream" }), fileName };
}

/** Has the browser save `blob` as `fileName` (its usual download, from an object URL). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the URL once the click is handled; after that it only holds memory.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export interface ImportOptions {
  /** Opens an encrypted archive. */
  passphrase?: string | null;
  signal?: AbortSignal;
}

/**
 * Uploads `file` (a `.qvar` archive) as the request body; the server checks all of it, then
 * stores it as a new backup of trigger IMPORT, and answers once that is done.
 * @throws HttpError: INTEGRITY_ERROR (damaged or not an archive), WRONG_PASSPHRASE,
 * UNSUPPORTED_VERSION (a newer archive format), VALIDATION_FAILED, BAD_USER_INPUT with status 413
 * (larger than the server accepts), FORBIDDEN (a VIEWER key), NETWORK.
 */
export async function importArchive(file: Blob, options: ImportOptions = {}): Promise<ImportedArchive> {
  const response = await send("/backups/import", {
    method: "POST",
    headers: requestHeaders(options.passphrase, { "content-type": "application/octet-stream" }),
    body: file,
    signal: options.signal,
  });
  return (await response.json()) as ImportedArchive;
}

/** An audio file the API serves (the `url` of an AudioFile or a media change), to play it. */
export async function fetchAudio(url: string, signal?: AbortSignal): Promise<Blob> {
  return (await send(url, { headers: requestHeaders(null), signal })).blob();
}

/**
 * Makes `file` the question's audio (its type is told by its bytes on the server).
 * @throws HttpError: BAD_USER_INPUT (415 not audio, 413 too large), FORBIDDEN, NOT_FOUND.
 */
export async function uploadAudio(questionId: string, file: File): Promise<void> {
  const type = file.type.startsWith("audio/") ? file.type : "audio/mpeg";
  await send(`/questions/${encodeURIComponent(questionId)}/audio`, {
    method: "PUT",
    headers: requestHeaders(null, { "content-type": type }),
    body: file,
  });
}

/** Takes the question's audio away. @throws HttpError */
export async function removeAudio(questionId: string): Promise<void> {
  await send(`/questions/${encodeURIComponent(questionId)}/audio`, {
    method: "DELETE",
    headers: requestHeaders(null),
  });
}
