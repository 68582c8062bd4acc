/**
 * The archive's envelope checked as the bytes stream past, without keeping them: the magic at
 * both ends, and the SHA-256 of everything before the last 36 bytes against the footer's. The
 * envelope keeps its meaning in every archive format version (packages/core/FORMAT.md, "The
 * envelope"), so this check holds for archives of any version. A download is checked this way:
 * a file the server or the network cut short, or changed, is never given its name.
 * Not checked here: the trailer, the passphrase, the records (`qvault import --verify-only` does).
 */
import { createHash } from "node:crypto";
import { QvaultError } from "@qvault/core";

const MAGIC = Buffer.from("QVAR");
/** The whole-file SHA-256 and the closing magic. */
const TAIL = 36;
/** The header and the footer. */
const SMALLEST = 64 + 72;

function damaged(why: string): QvaultError {
  return new QvaultError("INTEGRITY_ERROR", `The archive is damaged: ${why}`, { details: { archive: true } });
}

/** Passes chunks through, checking the envelope; throws INTEGRITY_ERROR at the end when it fails. */
export async function* checkEnvelope(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const hash = createHash("sha256");
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (head.length < MAGIC.length) head = Buffer.concat([head, chunk]).subarray(0, MAGIC.length);
    // Everything but the last TAIL bytes seen so far is hashed; those wait for the next chunk.
    const pending = Buffer.concat([tail, chunk]);
    const cut = Math.max(0, pending.length - TAIL);
    hash.update(pending.subarray(0, cut));
    tail = Buffer.from(pending.subarray(cut));
    yield chunk;
  }
  if (size < SMALLEST || !head.equals(MAGIC))
    throw damaged("it is not a qvault archive, or it was cut short");
  if (!tail.subarray(TAIL - MAGIC.length).equals(MAGIC)) throw damaged("it was cut short (no closing magic)");
  if (!hash.digest().equals(tail.subarray(0, TAIL - MAGIC.length)))
    throw damaged("its checksum does not match (a byte changed, or it is truncated)");
}
