/**
 * What every resolver receives: the authenticated API key and the services it may call.
 * A request without a valid key never reaches a resolver (see ../http/auth.ts).
 */
import { QvaultError } from "@qvault/core";
import type { ApiKey, ApiKeys, BankDatabase, QuestionBank, Role } from "@qvault/question-bank";
import type { Vault } from "@qvault/vault";
import type { AuthChecker } from "type-graphql";
import type { Logger } from "../logger.js";
import type { AutoBackup } from "../services/auto-backup.js";
import type { BackupSettingsService } from "../services/backup-settings.js";
import type { Notifier } from "../services/notifications.js";
import type { QvaultPubSub } from "./pubsub.js";

export interface Services {
  db: BankDatabase;
  bank: QuestionBank;
  settings: BackupSettingsService;
  notifier: Notifier;
  /** Set once the server runs. */
  autoBackup?: AutoBackup;
  apiKeys: ApiKeys;
  repo: Vault;
  pubsub: QvaultPubSub;
  /** Closes the open WebSocket connections of a revoked key. */
  disconnectKey(keyId: string): void;
}

export interface Context {
  apiKey: ApiKey;
  services: Services;
  /** The request's logger (its lines carry the request id); absent over WebSocket. */
  log?: Logger;
}

const RANK: Record<Role, number> = { VIEWER: 0, OPERATOR: 1, ADMIN: 2 };

/** True when `role` may do what `needed` may. */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** `@Authorized("OPERATOR")` lets in keys of that role or above; no role named means VIEWER. */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const needed = roles[0] ?? "VIEWER";
  if (hasRole(context.apiKey.role, needed)) return true;
  throw new QvaultError(
    "FORBIDDEN",
    `This needs the ${needed} role; the key "${context.apiKey.name}" is ${context.apiKey.role}`,
    {
      details: { needed, role: context.apiKey.role },
    },
  );
};
