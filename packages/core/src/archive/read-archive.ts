/**
 * Reading an archive over random access (a file, a Blob, bytes in memory), in Node and in the
 * browser alike: this module reaches bytes only through {@link ArchiveSource} and transforms them
 * only through the {@link Codec} it is given.
 *
 * {@link openArchive} trusts nothing before it has hashed the whole file against its footer; it
 * then reads the header, opens the trailer and checks it, and hands back an {@link ArchiveReader}.
 */
import { type Codec, equalBytes, toHex, utf8 } from "../codec/codec.js";
import { QvaultError } from "../errors/qvault-error.js";
import { ignoreProgress, throwIfCancelled, type WorkOptions } from "../jobs/progress.js";
import { openFrame } from "../repository/packs.js";
import {
  ARCHIVE_FOOTER,
  ARCHIVE_HEADER,
  ARCHIVE_LIMITS,
  ARCHIVE_TAIL,
  archiveDamaged,
  decodeFooter,
  decodeHeader,
  endsWithMagic,
  startsWithMagic,
} from "./archive-format.js";
import { ArchiveReader, type ArchiveSource, readExactly } from "./archive-reader.js";
import { checkTrailer } from "./archive-trailer.js";

export interface OpenArchiveOptions extends WorkOptions {
  codec: Codec;
  /** Needed for an encrypted archive; ignored for one that is not. */
  passphrase?: string | null;
  /** Bytes of decompressed frames kept for reads. @default 32 MiB */
  cacheBytes?: number;
}

const HASH_CHUNK = 1024 * 1024;

/**
 * Opens an archive: checks its envelope, hashes the whole file in one streaming pass, then reads
 * and checks its header and trailer.
 * @throws INTEGRITY_ERROR for a foreign, truncated or damaged file; UNSUPPORTED_VERSION for a
 * newer archive format; WRONG_PASSPHRASE when it is encrypted and the passphrase is missing or
 * wrong; CANCELLED when `signal` aborts.
 */
export async function openArchive(
  source: ArchiveSource,
  options: OpenArchiveOptions,
): Promise<ArchiveReader> {
  const { codec } = options;
  const progress = options.progress ?? ignoreProgress;
  const size = source.size;
  if (size < ARCHIVE_HEADER + ARCHIVE_FOOTER)
    throw archiveDamaged(
      size === 0 ? "the file is empty" : `${size} bytes are too few: not a qvault archive, or truncated`,
    );
  const head = await readExactly(source, 0, ARCHIVE_HEADER);
  const foot = await readExactly(source, size - ARCHIVE_FOOTER, ARCHIVE_FOOTER);
  if (!startsWithMagic(head)) throw archiveDamaged("not a qvault archive");
  if (!endsWithMagic(foot)) throw archiveDamaged("it is truncated (no closing magic)");

  const hasher = codec.createSha256();
  const end = size - ARCHIVE_TAIL;
  for (let at = 0; at < end; at += HASH_CHUNK) {
    throwIfCancelled(options.signal);
    const length = Math.min(HASH_CHUNK, end - at);
    hasher.update(await readExactly(source, at, length));
    progress({ phase: "verifying", done: at + length, total: end, bytes: at + length });
  }
  if (!equalBytes(hasher.digest(), foot.subarray(ARCHIVE_FOOTER - ARCHIVE_TAIL, ARCHIVE_FOOTER - 4)))
    throw archiveDamaged("its checksum does not match (a byte changed, or it is truncated)");

  const header = decodeHeader(head);
  const { trailerLength, trailerHash } = decodeFooter(foot);
  const trailerStart = size - ARCHIVE_FOOTER - trailerLength;
  if (
    trailerLength === 0 ||
    trailerStart < ARCHIVE_HEADER ||
    trailerLength > ARCHIVE_LIMITS.trailerMaxBytes + ARCHIVE_LIMITS.sealSlack
  )
    throw archiveDamaged("bad trailer length");
  const stored = await readExactly(source, trailerStart, trailerLength);
  if (!equalBytes(codec.sha256(stored), trailerHash)) throw archiveDamaged("trailer checksum mismatch");

  let key: Uint8Array | null = null;
  let sealed = stored;
  if (header.kdf) {
    if (!options.passphrase)
      throw new QvaultError("WRONG_PASSPHRASE", "The archive is encrypted: a passphrase is required", {
        details: { archive: true },
      });
    key = await codec.deriveKey(options.passphrase, header.kdf.salt, header.kdf);
    try {
      sealed = await codec.decrypt(key, stored);
    } catch {
      // The file's checksum holds, so a failed tag means a different key.
      throw new QvaultError("WRONG_PASSPHRASE", "The passphrase is wrong for this archive", {
        details: { archive: true },
      });
    }
  }
  const raw = await openFrame(
    { codec, key: null },
    sealed,
    "the archive's trailer",
    ARCHIVE_LIMITS.trailerMaxBytes,
  );
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(raw));
  } catch (cause) {
    throw archiveDamaged("its trailer is not JSON", {}, cause);
  }
  const checked = checkTrailer(parsed, trailerStart);
  if (checked.trailer.header !== toHex(codec.sha256(head)))
    throw archiveDamaged("the header does not match the trailer");
  return new ArchiveReader(source, codec, key, header, checked, options.cacheBytes ?? 32 * 1024 * 1024);
}
