/**
 * The byte transforms the repository needs, behind one small interface so that the code that
 * reads the format runs in Node (node:zlib, node:crypto) and in the browser (brotli-wasm,
 * WebCrypto) alike.
 *
 * Compression is brotli. Encryption is AES-256-GCM with a random 96-bit nonce per sealed blob.
 * Hashing is SHA-256. None of these functions keep state between calls.
 */
export interface Codec {
  /** Brotli at `quality` (0-11). Runs off the event loop where the platform allows. */
  compress(data: Uint8Array, quality: number): Promise<Uint8Array>;
  /**
   * Inverse of compress. @throws when the input is not a brotli stream, or when its output would
   * pass `maxBytes` (checked while decompressing where the platform allows).
   */
  decompress(data: Uint8Array, maxBytes?: number): Promise<Uint8Array>;
  sha256(data: Uint8Array): Uint8Array;
  /** A new incremental SHA-256, for data read in pieces. */
  createSha256(): Sha256Hasher;
  /** SHA-256 as 64 lowercase hex digits (the form digests take). */
  sha256Hex(data: Uint8Array): string;
  /** nonce (12 bytes) + ciphertext + tag (16 bytes). */
  encrypt(key: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array>;
  /** @throws when the key is wrong or a bit of `sealed` changed. */
  decrypt(key: Uint8Array, sealed: Uint8Array): Promise<Uint8Array>;
  randomBytes(length: number): Uint8Array;
  /** scrypt(passphrase, salt) -> 32-byte key. */
  deriveKey(passphrase: string, salt: Uint8Array, params: ScryptParams): Promise<Uint8Array>;
}

/** SHA-256 fed in pieces; `digest` ends it. */
export interface Sha256Hasher {
  update(data: Uint8Array): void;
  digest(): Uint8Array;
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += HEX[byte];
  return out;
}

export function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export const utf8 = {
  encode: (text: string): Uint8Array => new TextEncoder().encode(text),
  decode: (bytes: Uint8Array): string => new TextDecoder("utf-8", { fatal: true }).decode(bytes),
};
