/** The Codec for Node: brotli from node:zlib (async, on libuv's thread pool), node:crypto. */
import { createCipheriv, createDecipheriv, createHash, hash, randomBytes, scrypt } from "node:crypto";
import { promisify } from "node:util";
import { brotliCompress, brotliDecompress, constants } from "node:zlib";
import type { Codec, ScryptParams } from "./codec.js";

const compress = promisify(brotliCompress);
const decompress = promisify(brotliDecompress);
const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Uint8Array,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const view = (buffer: Buffer): Uint8Array =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);

export const nodeCodec: Codec = {
  async compress(data, quality) {
    return view(
      await compress(data, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: quality,
          [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
    );
  },
  async decompress(data, maxBytes) {
    return view(await decompress(data, maxBytes === undefined ? {} : { maxOutputLength: maxBytes }));
  },
  sha256(data) {
    return view(hash("sha256", data, "buffer") as unknown as Buffer);
  },
  createSha256() {
    const hasher = createHash("sha256");
    return {
      update: (data) => {
        hasher.update(data);
      },
      digest: () => view(hasher.digest()),
    };
  },
  sha256Hex(data) {
    return hash("sha256", data, "hex");
  },
  async encrypt(key, plaintext) {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    const body = Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
    return view(body);
  },
  async decrypt(key, sealed) {
    if (sealed.length < 28) throw new Error("sealed data too short");
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return view(Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]));
  },
  randomBytes(length) {
    return view(randomBytes(length));
  },
  async deriveKey(passphrase, salt, params: ScryptParams) {
    return view(
      await scryptAsync(passphrase.normalize("NFC"), salt, 32, {
        ...params,
        maxmem: 256 * params.N * params.r + 1024 * 1024,
      }),
    );
  },
};
