/**
 * Who is calling: the API key from `Authorization: Bearer <secret>` over HTTP, or from
 * `connectionParams.authorization` over WebSocket. No key, or an unknown or revoked one, is
 * UNAUTHENTICATED before any resolver runs.
 */
import type { ApiKey, ApiKeys } from "@qvault/question-bank";
import { GraphQLError } from "graphql";

/** The secret in an `Authorization` value; a bare secret is taken as it is. */
export function secretOf(authorization: unknown): string | null {
  if (typeof authorization !== "string") return null;
  const value = authorization.trim();
  const match = /^Bearer\s+(.+)$/i.exec(value);
  return (match ? match[1]! : value).trim() || null;
}

export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/** The key that `authorization` presents. @throws GraphQLError UNAUTHENTICATED */
export async function requireKey(apiKeys: ApiKeys, authorization: unknown): Promise<ApiKey> {
  const secret = secretOf(authorization);
  if (!secret) throw unauthenticated("An API key is required: send Authorization: Bearer <key>");
  const key = await apiKeys.authenticate(secret);
  if (!key) throw unauthenticated("The API key is unknown or revoked");
  return key;
}
