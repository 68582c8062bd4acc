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
    ): { readonly buf: Uint8Array; readonly code: number; readonly input_offset: number; free?(): void };
    free(): void;
  };
}

const NONCE = 12;
const TAG = 16;
/** brotli-wasm's stream result codes: 1 end of stream, 2 needs more input, 3 needs more output. */
const STREAM_DONE = 1;
const STREAM_NEEDS_INPUT = 2;
/**
 * Bytes handed to the stream per call, and asked of it. Each call copies its input into wasm
 * memory, so input goes in pieces: handing over the whole rest each time made the copying grow
 * with the square of the size (a 10 MB trailer took about a second).
 */
const STREAM_INPUT = 64 * 1024;
const STREAM_OUTPUT = 512 * 1024;

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
      const result = stream.decompress(data.subarray(offset, offset + STREAM_INPUT), STREAM_OUTPUT);
      // Each getter of a brotli-wasm result calls into wasm (`buf` copies), and a result not freed
      // keeps its output in wasm memory for good: read each once, then free it.
      let code: number;
      let buf: Uint8Array;
      let consumed: number;
      try {
        code = result.code;
        buf = result.buf;
        consumed = result.input_offset;
      } finally {
        result.free?.();
      }
      if (code !== STREAM_DONE && consumed === 0 && buf.length === 0)
        throw new Error("the brotli stream made no progress");
      offset += consumed;
      total += buf.length;
      if (total > maxBytes) throw new Error(`decompressed data exceeds ${maxBytes} bytes`);
      if (buf.length > 0) parts.push(buf);
      if (code === STREAM_DONE) {
        if (offset !== data.length) throw new Error("data after the end of the brotli stream");
        return parts.length === 1 ? parts[0]! : concatBytes(parts);
      }
      if (code === STREAM_NEEDS_INPUT && offset >= data.length) throw new Error("truncated brotli stream");
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
