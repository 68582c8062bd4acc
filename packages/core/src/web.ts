/**
 * The browser-safe entry, `@qvault/core/web`: reading archives and the WebCrypto codec, with
 * nothing of node:zlib, node:crypto or node:fs. What the admin needs to open an archive in a page.
 */
export { ARCHIVE_EXTENSION, ARCHIVE_VERSION, type ArchiveHeader } from "./archive/archive-format.js";
export {
  type ArchiveReader,
  type ArchiveRecord,
  type ArchiveSectionSummary,
  type ArchiveSource,
  bytesSource,
} from "./archive/archive-reader.js";
export type { ArchiveSection, ArchiveSnapshot } from "./archive/archive-trailer.js";
export { type OpenArchiveOptions, openArchive } from "./archive/read-archive.js";
export { type ArchiveReport, verifyArchive } from "./archive/verify-archive.js";
export type { Codec, ScryptParams, Sha256Hasher } from "./codec/codec.js";
export { type BrotliModule, createWebCodec } from "./codec/web-codec.js";
export {
  deserializeError,
  ERROR_CODES,
  type ErrorCode,
  isErrorCode,
  isQvaultError,
  QvaultError,
  type SerializedError,
} from "./errors/qvault-error.js";
export type { Progress, ProgressSink, WorkOptions } from "./jobs/progress.js";
export { readMedia } from "./media/media.js";
export type { Edge, Page, PageRequest } from "./paging/page.js";
export type { AnswerRecord, MediaRef, QuestionRecord, SectionRecord } from "./records/record.js";
export type { BrowseItem, BrowsePage, BrowseRequest } from "./snapshot/read-snapshot.js";
