/**
 * Constants and paths of the repository format (see packages/core/FORMAT.md, the normative spec).
 */
export const FORMAT_VERSION = 1;

/** Kinds of records stored in packs. */
export const RECORD_KINDS = { question: "q", section: "s", listing: "l", delta: "d" } as const;
export type RecordKind = (typeof RECORD_KINDS)[keyof typeof RECORD_KINDS];

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

/** Folder names must be path-safe: other characters of a section id are hex-escaped. */
export function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, (c) => `~${c.charCodeAt(0).toString(16).padStart(2, "0")}`) || "~";
}

/** The section id a pack's folder names (the inverse of {@link safeName}). */
export function sectionOfPackPath(path: string): string {
  const folder = path.split("/")[1] ?? "";
  if (folder === "~") return "";
  return folder.replace(/~([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

export function packPath(sectionId: string, time: Date, packId: string): string {
  return `data/${safeName(sectionId)}/${time.getUTCFullYear()}-${pad(time.getUTCMonth() + 1)}-${pad(time.getUTCDate())}/${packId}.pack`;
}

/** A time-sortable id: 12 hex digits of milliseconds, then 8 random hex digits. */
export function newId(random: Uint8Array, time = Date.now()): string {
  return (
    time.toString(16).padStart(12, "0") +
    Array.from(random.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("")
  );
}
