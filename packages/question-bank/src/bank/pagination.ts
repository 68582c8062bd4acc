/**
 * Cursor pagination for the bank's lists (Relay-style connections). A cursor is an opaque
 * base64url string of the row's sort key; a page holds at most {@link MAX_PAGE_SIZE} rows.
 */
import { badInput } from "@qvault/core";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  edges: { node: T; cursor: string }[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** Null when the caller asked not to count. */
  totalCount: number | null;
}

/** The page size asked for, checked. @throws BAD_USER_INPUT (field `first`) outside 1..MAX_PAGE_SIZE. */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
    throw badInput("first", `first must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${first}`);
  return first;
}

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString("base64url");
}

/** The sort key inside `cursor`, checked against the expected element types. @throws BAD_USER_INPUT (field `after`). */
export function decodeCursor<K extends readonly ("string" | "number")[]>(
  cursor: string,
  shape: K,
): { [I in keyof K]: K[I] extends "string" ? string : number } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== shape.length ||
    key.some((part, index) => typeof part !== shape[index])
  )
    throw badInput("after", "after is not a cursor this list gave out");
  return key as never;
}

/** Builds a page from up to `size + 1` rows fetched in order. */
export function toPage<R, T>(
  rows: R[],
  size: number,
  totalCount: number | null,
  node: (row: R) => T,
  key: (row: R) => readonly (string | number)[],
): Page<T> {
  const hasNextPage = rows.length > size;
  const edges = rows.slice(0, size).map((row) => ({ node: node(row), cursor: encodeCursor(key(row)) }));
  return { edges, hasNextPage, endCursor: edges.at(-1)?.cursor ?? null, totalCount };
}
