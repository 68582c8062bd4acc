/**
 * Storing media: a file cut into content-defined chunks (FastCDC, in WebAssembly, loaded on first
 * use) and stored through a write session's record writer (see media.ts for the terms). Node
 * only: the browser reads media, it never writes a repository.
 */
import type { Codec } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import { RECORD_KINDS } from "../repository/format.js";
import type { RecordWriter } from "../repository/record-writer.js";
import { encodeMediaFile, MEDIA_CHUNKS, type StoredMedia } from "./media.js";

type Chunker = (source: Uint8Array, min: number, average: number, max: number) => Uint32Array;
let chunker: Promise<Chunker> | null = null;

/** FastCDC (fastcdc-rs in WebAssembly), loaded on first use: only writers of media need it. */
function loadChunker(): Promise<Chunker> {
  // A CommonJS module: its exports are the default export's.
  chunker ??= import("@dstanesc/wasm-chunking-fastcdc-node").then(
    (m) => (m as unknown as { default: { compute_chunks: Chunker } }).default.compute_chunks,
  );
  return chunker;
}

/** Splits `bytes` into content-defined chunks; a file under the minimum is one chunk. */
export async function chunkMedia(bytes: Uint8Array): Promise<Uint8Array[]> {
  if (bytes.length <= MEDIA_CHUNKS.min) return [bytes];
  const cuts = (await loadChunker())(bytes, MEDIA_CHUNKS.min, MEDIA_CHUNKS.average, MEDIA_CHUNKS.max);
  const chunks: Uint8Array[] = [];
  for (let i = 1; i < cuts.length; i++) chunks.push(bytes.subarray(cuts[i - 1]!, cuts[i]!));
  return chunks;
}

/**
 * Stores a media file through `writer` (its chunks the repository lacks, then its file record),
 * within the writer's session. @throws INTEGRITY_ERROR when `expected` is given and the bytes do
 * not hash to it (the file changed since it was named): nothing is stored then.
 */
export async function storeMedia(
  writer: RecordWriter,
  codec: Codec,
  bytes: Uint8Array,
  expected?: string,
  /** The bytes' SHA-256, when the caller has it already (it is not computed again). */
  known?: string,
): Promise<StoredMedia> {
  const sha256 = known ?? codec.sha256Hex(bytes);
  if (expected !== undefined && sha256 !== expected)
    throw new QvaultError("INTEGRITY_ERROR", `the media file has SHA-256 ${sha256}, not ${expected}`, {
      details: { expected, actual: sha256 },
    });
  const pieces = await chunkMedia(bytes);
  // A file of one chunk is that chunk: its digest is the file's.
  const digests = pieces.length === 1 ? [sha256] : pieces.map((piece) => codec.sha256Hex(piece));
  const record = encodeMediaFile({
    bytes: bytes.length,
    chunks: pieces.map((piece, i) => [digests[i]!, piece.length]),
    sha256,
  });
  const file = codec.sha256Hex(record);
  if (writer.has(file)) return { sha256, bytes: bytes.length, file };
  for (let i = 0; i < pieces.length; i++) await writer.add("", RECORD_KINDS.chunk, digests[i]!, pieces[i]!);
  await writer.add("", RECORD_KINDS.file, file, record);
  return { sha256, bytes: bytes.length, file };
}
