/**
 * API keys: who may call qvault, with which role.
 *
 * A key's secret is 32 random bytes (`qv_` + base64url) shown once, at creation; the database
 * keeps only its SHA-256, so a leaked database leaks no usable key. A presented secret is hashed,
 * looked up by hash, and the hashes compared in constant time. Revoked keys authenticate nothing.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { badInput, notFound, QvaultError } from "@qvault/core";
import { IsNull } from "typeorm";
import type { BankDatabase } from "../data-source.js";
import { ApiKey, ROLES, type Role } from "../entities/api-key.entity.js";

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The secret to present as `Authorization: Bearer <secret>`; not stored, not shown again. */
  secret: string;
}

export interface ApiKeys {
  create(name: string, role: Role): Promise<CreatedApiKey>;
  /** The active key whose secret this is, or null. Notes when it was used (at most once a minute). */
  authenticate(secret: string): Promise<ApiKey | null>;
  list(): Promise<ApiKey[]>;
  /** Revokes a key. @throws NOT_FOUND; CONFLICT when it is the last active admin key. */
  revoke(id: string): Promise<ApiKey>;
  /**
   * Makes sure an admin can sign in on first start: with `token`, an admin key with that secret
   * exists (created if missing); without, an admin key is created when no active admin key exists.
   * Returns the secret of a key it created from nothing, so it can be shown once.
   */
  bootstrap(token?: string): Promise<CreatedApiKey | null>;
}

const MIN_TOKEN_LENGTH = 16;
const LAST_USED_RESOLUTION_MS = 60_000;

function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

function newSecret(): string {
  return `qv_${randomBytes(32).toString("base64url")}`;
}

export function createApiKeys(db: BankDatabase): ApiKeys {
  const reader = db.reader.manager;

  async function insert(name: string, role: Role, secret: string): Promise<CreatedApiKey> {
    const apiKey = Object.assign(new ApiKey(), {
      id: randomUUID(),
      name,
      role,
      secretHash: hashSecret(secret),
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    });
    await db.transaction((manager) => manager.insert(ApiKey, apiKey));
    return { apiKey, secret };
  }

  return {
    async create(name, role) {
      const trimmed = name.trim();
      if (trimmed.length === 0 || trimmed.length > 100)
        throw badInput("name", "name must be 1 to 100 characters");
      if (!ROLES.includes(role)) throw badInput("role", `role must be one of ${ROLES.join(", ")}`);
      return insert(trimmed, role, newSecret());
    },

    async authenticate(secret) {
      if (!secret || secret.length > 512) return null;
      const hash = hashSecret(secret);
      const key = await reader.findOneBy(ApiKey, { secretHash: hash });
      if (!key || key.revokedAt) return null;
      if (!timingSafeEqual(Buffer.from(key.secretHash, "hex"), Buffer.from(hash, "hex"))) return null;
      const now = new Date();
      if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
        key.lastUsedAt = now;
        // Bookkeeping only: a busy writer must not slow down authentication.
        void db
          .transaction((manager) => manager.update(ApiKey, { id: key.id }, { lastUsedAt: now }))
          .catch(() => {});
      }
      return key;
    },

    list() {
      return reader.find(ApiKey, { order: { createdAt: "ASC" } });
    },

    async revoke(id) {
      return db.transaction(async (manager) => {
        const key = await manager.findOneBy(ApiKey, { id });
        if (!key) throw notFound("ApiKey", id);
        if (key.revokedAt) return key;
        if (key.role === "ADMIN") {
          const admins = await manager.countBy(ApiKey, { role: "ADMIN", revokedAt: IsNull() });
          if (admins <= 1)
            throw new QvaultError(
              "CONFLICT",
              "The last active admin key cannot be revoked; create another first",
              {
                details: { id },
              },
            );
        }
        key.revokedAt = new Date();
        await manager.update(ApiKey, { id }, { revokedAt: key.revokedAt });
        return key;
      });
    },

    async bootstrap(token) {
      if (token !== undefined) {
        if (token.length < MIN_TOKEN_LENGTH)
          throw badInput(
            "QVAULT_ADMIN_TOKEN",
            `QVAULT_ADMIN_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`,
          );
        const existing = await reader.findOneBy(ApiKey, { secretHash: hashSecret(token) });
        if (existing) return null;
        await insert("admin (QVAULT_ADMIN_TOKEN)", "ADMIN", token);
        return null;
      }
      const admins = await reader.countBy(ApiKey, { role: "ADMIN", revokedAt: IsNull() });
      if (admins > 0) return null;
      return insert("admin (first start)", "ADMIN", newSecret());
    },
  };
}
