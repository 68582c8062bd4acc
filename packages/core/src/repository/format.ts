/**
 * Constants and paths of the repository format (see packages/core/FORMAT.md, the normative spec).
 */
export const FORMAT_VERSION = 1;

/**
 * Kinds of records stored in packs: the bank's (question, section), listings (base, delta), and
 * media: a piece of a media file (chunk) and a file's list of its pieces (file).
 */
export const RECORD_KINDS = {
  question: "q",
  section: "s",
  listing: "l",
  delta: "d",
  chunk: "c",
  file: "f",
} as const;
export type RecordKind = (typeof RECORD_KINDS)[keyof typeof RECORD_KINDS];

/** Media records (chunks and files) go in packs of their own, under this folder of `data/`. */
export const MEDIA_FOLDER = "~media";

/** True for the kinds of records that live in media packs. */
export const isMediaKind = (kind: RecordKind): boolean =>
  kind === RECORD_KINDS.chunk || kind === RECORD_KINDS.file;

export const LIMITS = {
  /** Raw bytes gathered into one compressed frame. */
  frameBytes: 256 * 1024,
  /** Stored bytes after which a pack is closed. */
  packBytes: 8 * 1024 * 1024,
  /** Most deltas chained on a listing base before they are merged. */
  deltaChain: 8,
  /** A merged delta larger than this share of its base's entries is replaced by a new base. */
  deltaShare: 0.25,
} as const;

/**
 * The brotli quality new data is written at unless set otherwise. Measured on this product's
 * records (docs/benchmarks.md): quality 4 compresses about 2.5 times as fast as 5, for 2% more
 * bytes.
 */
export const DEFAULT_COMPRESSION_QUALITY = 4;

export const PATHS = {
  config: "config",
  lock: "locks/writer.lock",
  pins: "pins/",
  snapshots: "snapshots/",
  index: "index/",
  data: "data/",
} as const;

const pad = (n: number) => String(n).padStart(2, "0");

export function snapshotPath(id: string, time: Date): string {
  return `snapshots/${time.getUTCFullYear()}/${pad(time.getUTCMonth() + 1)}/${pad(time.getUTCDate())}/${id}`;
}

/**
 * A section id as a folder name: `[A-Za-z0-9_-]` as is; a code point up to U+00FF as `~` and two
 * hex digits; any other as `~u` and six hex digits; the empty id as `~`. Lowercase hex only, so
 * case-insensitive file systems do not merge two escapes. Lone surrogates are escaped like any
 * other code point, so every string has a name and {@link sectionOfPackPath} gives it back.
 */
export function safeName(id: string): string {
  return (
    id.replace(/[^A-Za-z0-9_-]/gu, (c) => {
      const code = c.codePointAt(0)!;
      return code <= 0xff
        ? `~${code.toString(16).padStart(2, "0")}`
        : `~u${code.toString(16).padStart(6, "0")}`;
    }) || "~"
  );
}

/**
 * The section id a pack's folder names (the inverse of {@link safeName}). Folders written before
 * the `~u` escape existed wrote a code point above U+00FF as `~` and its 3 or 4 hex digits, which
 * cannot be told from `~` + 2 digits followed by hex-digit characters: such a folder reads as it
 * always did (not as the id it came from). Only cleanup reads sections from paths, to group packs.
 */
export function sectionOfPackPath(path: string): string {
  const folder = path.split("/")[1] ?? "";
  if (folder === "~") return "";
  return folder.replace(/~(?:u([0-9a-f]{6})|([0-9a-f]{2}))/g, (match, wide?: string, narrow?: string) => {
    const code = Number.parseInt(wide ?? narrow!, 16);
    return code > 0x10ffff ? match : String.fromCodePoint(code);
  });
}

/**
 * Where a new pack of a section's records goes; `folder` is the section's safe name, or
 * {@link MEDIA_FOLDER} for media (no section's safe name: `~` is followed by hex there).
 */
export function packPath(sectionId: string, time: Date, packId: string): string {
  return packPathIn(safeName(sectionId), time, packId);
}

export function packPathIn(folder: string, time: Date, packId: string): string {
  return `data/${folder}/${time.getUTCFullYear()}-${pad(time.getUTCMonth() + 1)}-${pad(time.getUTCDate())}/${packId}.pack`;
}

/** True when `path` is a media pack's. */
export const isMediaPack = (path: string): boolean => path.split("/")[1] === MEDIA_FOLDER;

/** A time-sortable id: 12 hex digits of milliseconds, then 8 random hex digits. */
export function newId(random: Uint8Array, time = Date.now()): string {
  return (
    time.toString(16).padStart(12, "0") +
    Array.from(random.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("")
  );
}
