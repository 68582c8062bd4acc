/**
 * Keys: the config file and the master key it holds.
 *
 * Terms: the *master key* is 32 random bytes that seal every file but the config and every pack
 * frame; the *wrapping key* is scrypt(passphrase NFC, salt) and seals only the master key, inside
 * the config.
 *
 * Invariants: the config is written once, never encrypted or compressed; a wrong passphrase fails
 * the master key's GCM tag (WRONG_PASSPHRASE) before any other file is read; a folder that holds
 * backups but no readable config is refused, never given a new config (an encrypted repository's
 * key is in the lost one).
 *
 * Not guaranteed: the master key is kept in memory, unprotected, while the repository is open.
 */
import { type Codec, fromBase64, type ScryptParams, toBase64, toHex } from "../codec/codec.js";
import { isQvaultError, QvaultError } from "../errors/qvault-error.js";
import { type Storage, StorageError } from "../storage/storage.js";
import { FORMAT_VERSION, PATHS } from "./format.js";
import { openSealedFile, sealFile } from "./sealed-file.js";

export interface RepositoryConfig {
  version: number;
  id: string;
  createdAt: string;
  encryption: null | {
    cipher: "aes-256-gcm";
    kdf: { name: "scrypt"; N: number; r: number; p: number; salt: string };
    /** The random master key, sealed with the key derived from the passphrase. */
    masterKey: string;
  };
}

/** An open repository's identity. The master key is not part of it: only the parts that seal and open files get it. */
export interface Keys {
  readonly config: RepositoryConfig;
  /** Reads the config file again as stored. @throws INTEGRITY_ERROR when it is damaged; StorageError when missing. */
  verifyConfig(): Promise<void>;
}

/** What opening or creating the config gives: the identity, and the master key (null when not encrypted). */
export interface UnlockedKeys {
  keys: Keys;
  masterKey: Uint8Array | null;
}

/** scrypt cost of new repositories. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 32768, r: 8, p: 1 };

/**
 * Writes the config of a new repository, with a new master key wrapped by `passphrase` when one
 * is given. @throws CONFLICT when a config exists.
 */
export async function createKeys(
  storage: Storage,
  codec: Codec,
  options: { passphrase?: string | null; scrypt?: ScryptParams },
): Promise<UnlockedKeys> {
  if ((await storage.size(PATHS.config)) !== null)
    throw new QvaultError("CONFLICT", `A repository already exists at ${storage.location}`);
  let masterKey: Uint8Array | null = null;
  let encryption: RepositoryConfig["encryption"] = null;
  if (options.passphrase) {
    const params = options.scrypt ?? DEFAULT_SCRYPT;
    const salt = codec.randomBytes(32);
    masterKey = codec.randomBytes(32);
    const wrapping = await codec.deriveKey(options.passphrase, salt, params);
    encryption = {
      cipher: "aes-256-gcm",
      kdf: { name: "scrypt", ...params, salt: toBase64(salt) },
      masterKey: toBase64(await codec.encrypt(wrapping, masterKey)),
    };
  }
  const config: RepositoryConfig = {
    version: FORMAT_VERSION,
    id: toHex(codec.randomBytes(16)),
    createdAt: new Date().toISOString(),
    encryption,
  };
  await storage.write(PATHS.config, await sealFile("config", config, { codec, key: null, quality: null }));
  return keysOf(storage, codec, config, masterKey);
}

/**
 * Reads the config and unwraps the master key. @throws NOT_FOUND when there is no repository;
 * INTEGRITY_ERROR when the config is missing or damaged beside backups; WRONG_PASSPHRASE when the
 * passphrase is missing or wrong.
 */
export async function openKeys(
  storage: Storage,
  codec: Codec,
  passphrase?: string | null,
): Promise<UnlockedKeys> {
  let bytes: Uint8Array;
  try {
    bytes = await storage.read(PATHS.config);
  } catch (error) {
    if (error instanceof StorageError && error.code === "ENOENT") {
      if (await holdsBackups(storage)) throw configLost(storage, "missing");
      throw new QvaultError("NOT_FOUND", `No repository at ${storage.location}`, {
        details: { location: storage.location },
      });
    }
    throw error;
  }
  let config: RepositoryConfig;
  try {
    config = await openSealedFile<RepositoryConfig>(PATHS.config, bytes, "config", codec, null);
  } catch (error) {
    if (isQvaultError(error) && error.code === "INTEGRITY_ERROR") throw configLost(storage, "damaged", error);
    throw error;
  }
  let masterKey: Uint8Array | null = null;
  if (config.encryption) {
    if (!passphrase)
      throw new QvaultError("WRONG_PASSPHRASE", "The repository is encrypted: a passphrase is required");
    const { kdf } = config.encryption;
    const wrapping = await codec.deriveKey(passphrase, fromBase64(kdf.salt), kdf);
    try {
      masterKey = await codec.decrypt(wrapping, fromBase64(config.encryption.masterKey));
    } catch {
      throw new QvaultError("WRONG_PASSPHRASE", "The passphrase is wrong for this repository");
    }
  }
  return keysOf(storage, codec, config, masterKey);
}

/** True when the storage holds snapshots, index files or packs. */
export async function holdsBackups(storage: Storage): Promise<boolean> {
  for (const prefix of [PATHS.snapshots, PATHS.index, PATHS.data])
    if ((await storage.list(prefix)).length) return true;
  return false;
}

function keysOf(
  storage: Storage,
  codec: Codec,
  config: RepositoryConfig,
  masterKey: Uint8Array | null,
): UnlockedKeys {
  const verifyConfig = async () => {
    await openSealedFile(PATHS.config, await storage.read(PATHS.config), "config", codec, null);
  };
  return { keys: { config, verifyConfig }, masterKey };
}

function configLost(storage: Storage, how: "missing" | "damaged", cause?: unknown): QvaultError {
  return new QvaultError(
    "INTEGRITY_ERROR",
    `The repository at ${storage.location} holds backups, but its config file is ${how}: put the config file back from a copy of the repository (an encrypted repository's key is in it); qvault will not create a new repository over these backups`,
    { details: { location: storage.location, path: PATHS.config }, cause },
  );
}
