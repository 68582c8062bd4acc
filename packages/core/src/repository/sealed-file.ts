/**
 * Sealed files: the container of every repository file but packs (config, manifests, indexes).
 *
 *   magic "QVLT" | kind (1 byte) | format version (1) | flags (1) | reserved 0 (1)
 *   sha256(header || body) (32 bytes)
 *   body: JSON (version 1) or an index file's binary form (version 2), brotli-compressed when
 *         flag 2 is set, then AES-256-GCM-encrypted when flag 1 is set
 *
 * Any changed byte fails the checksum (or the GCM tag), so a damaged file is refused with
 * INTEGRITY_ERROR before its JSON is trusted.
 */

import { type Codec, concatBytes, equalBytes, utf8 } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import { FORMAT_VERSION } from "./format.js";

export const SEALED_KINDS = { config: 0x43, manifest: 0x4d, index: 0x49, lock: 0x4c } as const;
export type SealedKind = keyof typeof SEALED_KINDS;

const MAGIC = [0x51, 0x56, 0x4c, 0x54];
const HEADER = 8;
const FLAG_ENCRYPTED = 1;
const FLAG_COMPRESSED = 2;

/** A sealed file that could not be opened, and why. */
export interface DamagedFile {
  path: string;
  error: QvaultError;
}

export interface SealOptions {
  codec: Codec;
  /** Encrypts the body with this key when set. */
  key: Uint8Array | null;
  /** Brotli quality; null stores the JSON uncompressed. */
  quality: number | null;
}

/**
 * The highest version byte a sealed file may carry: 1 for a JSON body; 2 for an index file's
 * binary body (FORMAT.md, "Index files").
 */
export const SEALED_VERSION = 2;

export function sealFile(kind: SealedKind, value: unknown, options: SealOptions): Promise<Uint8Array> {
  return sealBytes(kind, utf8.encode(JSON.stringify(value)), options, FORMAT_VERSION);
}

/** Seals `body` as it is, with `version` in the header (what the body's form is). */
export async function sealBytes(
  kind: SealedKind,
  body: Uint8Array,
  options: SealOptions,
  version: number,
): Promise<Uint8Array> {
  let flags = 0;
  if (options.quality !== null) {
    body = await options.codec.compress(body, options.quality);
    flags |= FLAG_COMPRESSED;
  }
  if (options.key) {
    body = await options.codec.encrypt(options.key, body);
    flags |= FLAG_ENCRYPTED;
  }
  const header = new Uint8Array([...MAGIC, SEALED_KINDS[kind], version, flags, 0]);
  const checksum = options.codec.sha256(concatBytes([header, body]));
  return concatBytes([header, checksum, body]);
}

function damaged(path: string, why: string, cause?: unknown): QvaultError {
  return new QvaultError("INTEGRITY_ERROR", `${path} is damaged: ${why}`, { details: { path }, cause });
}

/**
 * Opens a sealed file holding JSON. @throws INTEGRITY_ERROR when any byte is off or it is not of
 * `kind`; BAD_USER_INPUT when it was written by a newer format version.
 */
export async function openSealedFile<T>(
  path: string,
  bytes: Uint8Array,
  kind: SealedKind,
  codec: Codec,
  key: Uint8Array | null,
): Promise<T> {
  const { version, body } = await openSealedBytes(path, bytes, kind, codec, key);
  if (version !== FORMAT_VERSION) throw damaged(path, `version ${version} does not hold JSON`);
  try {
    return JSON.parse(utf8.decode(body)) as T;
  } catch (cause) {
    throw damaged(path, "cannot be decoded", cause);
  }
}

/**
 * Opens a sealed file: its header's version and its body, checked, decrypted and decompressed.
 * @throws as {@link openSealedFile}
 */
export async function openSealedBytes(
  path: string,
  bytes: Uint8Array,
  kind: SealedKind,
  codec: Codec,
  key: Uint8Array | null,
): Promise<{ version: number; body: Uint8Array }> {
  if (bytes.length < HEADER + 32 || MAGIC.some((byte, i) => bytes[i] !== byte))
    throw damaged(path, "not a qvault file");
  const header = bytes.subarray(0, HEADER);
  const body = bytes.subarray(HEADER + 32);
  if (!equalBytes(codec.sha256(concatBytes([header, body])), bytes.subarray(HEADER, HEADER + 32)))
    throw damaged(path, "checksum mismatch");
  if (header[4] !== SEALED_KINDS[kind]) throw damaged(path, `not a ${kind} file`);
  if (header[5]! > SEALED_VERSION)
    throw new QvaultError(
      "BAD_USER_INPUT",
      `${path} was written by format version ${header[5]}; this qvault reads up to ${SEALED_VERSION}`,
      { details: { path, version: header[5] } },
    );
  const flags = header[6]!;
  if (header[7] !== 0 || flags > 3) throw damaged(path, "unknown flags");
  let plain = body;
  if (flags & FLAG_ENCRYPTED) {
    if (!key)
      throw new QvaultError("WRONG_PASSPHRASE", "The repository is encrypted: a passphrase is required", {
        details: { path },
      });
    try {
      plain = await codec.decrypt(key, plain);
    } catch (cause) {
      throw damaged(path, "authentication failed", cause);
    }
  }
  try {
    if (flags & FLAG_COMPRESSED) plain = await codec.decompress(plain);
  } catch (cause) {
    throw damaged(path, "cannot be decoded", cause);
  }
  return { version: header[5]!, body: plain };
}
