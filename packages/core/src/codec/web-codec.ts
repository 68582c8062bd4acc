/**
 * The Codec for browsers (and any runtime with WebCrypto): brotli from an injected brotli-wasm
 * module, AES-256-GCM from `globalThis.crypto.subtle`, SHA-256 and scrypt from @noble/hashes.
 * Its bytes are interchangeable with the Node codec's: each decodes and decrypts what the other
 * wrote, and both derive the same key from the same passphrase.
 *
 * Not guaranteed: brotli-wasm runs on the calling thread, so large (de)compressions block it; in a
 * page, use this codec inside a Web Worker.
 */
import { scryptAsync } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { type Codec, concatBytes, type ScryptParams, toHex } from "./codec.js";

/** What the codec needs of a brotli-wasm module (`await import("brotli-wasm").default` in a page). */
export interface BrotliModule {
  compress(data: Uint8Array, options?: { quality?: number }): Uint8Array;
  decompress(data: Uint8Array): Uint8Array;
  /** When present, used to stop decompressing once a bound is passed. */
  DecompressStream?: new () => {
    decompress(
      input: Uint8Array,
      outputSize: number,
    ): { buf: Uint8Array; code: number; input_offset: number };
    free(): void;
  };
}

const NONCE = 12;
const TAG = 16;
/** brotli-wasm's stream result codes: 1 end of stream, 2 needs more input, 3 needs more output. */
const STREAM_DONE = 1;
const STREAM_NEEDS_INPUT = 2;
const STREAM_CHUNK = 256 * 1024;

// WebCrypto's types want ArrayBuffer-backed views; these bytes always are.
const buffer = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

function subtle(): SubtleCrypto {
  const crypto = globalThis.crypto;
  if (!crypto?.subtle) throw new Error("WebCrypto (globalThis.crypto.subtle) is not available here");
  return crypto.subtle;
}

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  // getRandomValues fills at most 65536 bytes per call.
  for (let i = 0; i < length; i += 65536) globalThis.crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
}

async function aesKey(key: Uint8Array, usage: KeyUsage): Promise<CryptoKey> {
  return subtle().importKey("raw", buffer(key), "AES-GCM", false, [usage]);
}

function boundedDecompress(brotli: BrotliModule, data: Uint8Array, maxBytes: number): Uint8Array {
  if (!brotli.DecompressStream) {
    const out = brotli.decompress(data);
    if (out.length > maxBytes) throw new Error(`decompressed data exceeds ${maxBytes} bytes`);
    return out;
  }
  const stream = new brotli.DecompressStream();
  try {
    const parts: Uint8Array[] = [];
    let total = 0;
    let offset = 0;
    for (;;) {
      const result = stream.decompress(data.subarray(offset), STREAM_CHUNK);
      offset += result.input_offset;
      total += result.buf.length;
      if (total > maxBytes) throw new Error(`decompressed data exceeds ${maxBytes} bytes`);
      parts.push(result.buf);
      if (result.code === STREAM_DONE) {
        if (offset !== data.length) throw new Error("data after the end of the brotli stream");
        return concatBytes(parts);
      }
      if (result.code === STREAM_NEEDS_INPUT) throw new Error("truncated brotli stream");
    }
  } finally {
    stream.free();
  }
}

/** A Codec over `brotli` (a brotli-wasm module) and the platform's WebCrypto. */
export function createWebCodec(brotli: BrotliModule): Codec {
  return {
    async compress(data, quality) {
      return brotli.compress(data, { quality });
    },
    async decompress(data, maxBytes) {
      return maxBytes === undefined ? brotli.decompress(data) : boundedDecompress(brotli, data, maxBytes);
    },
    sha256(data) {
      return sha256(data);
    },
    createSha256() {
      const hasher = sha256.create();
      return {
        update: (data) => {
          hasher.update(data);
        },
        digest: () => hasher.digest(),
      };
    },
    sha256Hex(data) {
      return toHex(sha256(data));
    },
    async encrypt(key, plaintext) {
      const nonce = randomBytes(NONCE);
      const sealed = await subtle().encrypt(
        { name: "AES-GCM", iv: buffer(nonce), tagLength: TAG * 8 },
        await aesKey(key, "encrypt"),
        buffer(plaintext),
      );
      return concatBytes([nonce, new Uint8Array(sealed)]);
    },
    async decrypt(key, sealed) {
      if (sealed.length < NONCE + TAG) throw new Error("sealed data too short");
      const plain = await subtle().decrypt(
        { name: "AES-GCM", iv: buffer(sealed.slice(0, NONCE)), tagLength: TAG * 8 },
        await aesKey(key, "decrypt"),
        buffer(sealed.slice(NONCE)),
      );
      return new Uint8Array(plain);
    },
    randomBytes,
    async deriveKey(passphrase, salt, params: ScryptParams) {
      return scryptAsync(passphrase.normalize("NFC"), salt, { ...params, dkLen: 32 });
    },
  };
}
