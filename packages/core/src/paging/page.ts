/**
 * Paging for every list qvault gives out a page at a time (Relay-style connections: `first`,
 * `after`, then edges, `hasNextPage`, `endCursor`, `totalCount`).
 *
 * Terms:
 * - *sort key*: the values that place an item in its list, as an array of strings and numbers
 *   (`[position, id]`, `[id]`, or `[index]` for a list paged by offset).
 * - *cursor*: the sort key of one item as base64url (no padding) of its JSON. One format for every
 *   list; callers treat it as opaque and only hand it back as `after`.
 * - *page*: at most `first` items (1 to {@link MAX_PAGE_SIZE}, {@link DEFAULT_PAGE_SIZE} when
 *   omitted) that come after the item `after` names, in list order.
 *
 * Invariants: walking a list page by page, each `after` being the previous `endCursor`, yields
 * every item exactly once and in order, provided the list does not change in between.
 *
 * Not guaranteed: stability when the list changes between pages. An offset cursor then skips or
 * repeats items; a key cursor whose item has gone from an in-memory list is refused. A cursor is
 * not signed: one made by hand is accepted when its shape fits the list.
 *
 * Browser-safe (no Buffer): archives are browsed in the admin with the same cursors.
 */
import { fromBase64, toBase64, utf8 } from "../codec/codec.js";
import { badInput } from "../errors/qvault-error.js";

/** The page size when `first` is omitted. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** What a caller asks of a paged list. */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

/** Where an item sits in its list; what a cursor holds. */
export type SortKey = readonly (string | number)[];

export interface Edge<T> {
  node: T;
  cursor: string;
}

/** A page; `Count` is `number` for lists that always count (in-memory lists, snapshots, plans). */
export interface Page<T, Count extends number | null = number | null> {
  edges: Edge<T>[];
  hasNextPage: boolean;
  endCursor: string | null;
  /** How many items the list holds over all pages; null when the caller asked not to count. */
  totalCount: Count;
}

/** The page size asked for, checked. @throws BAD_USER_INPUT (field `first`) outside 1..MAX_PAGE_SIZE. */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE)
    throw badInput("first", `first must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${first}`);
  return first;
}

/** The cursor of the item with this sort key. */
export function encodeCursor(key: SortKey): string {
  return toBase64(utf8.encode(JSON.stringify(key)))
    .replace(/=+$/, "")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
}

const notACursor = () => badInput("after", "after is not a cursor this list gave out");

/** Any sort key inside `cursor`. @throws BAD_USER_INPUT (field `after`) when it holds none. */
function parseCursor(cursor: string): SortKey {
  if (!/^[A-Za-z0-9_-]*$/.test(cursor)) throw notACursor();
  const base64 = cursor.replace(/-/g, "+").replace(/_/g, "/");
  let key: unknown;
  try {
    key = JSON.parse(utf8.decode(fromBase64(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="))));
  } catch {
    throw notACursor();
  }
  if (!Array.isArray(key) || key.some((part) => typeof part !== "string" && typeof part !== "number"))
    throw notACursor();
  return key;
}

/** The sort key inside `cursor`, checked against the expected element types. @throws BAD_USER_INPUT (field `after`). */
export function decodeCursor<K extends readonly ("string" | "number")[]>(
  cursor: string,
  shape: K,
): { [I in keyof K]: K[I] extends "string" ? string : number } {
  const key = parseCursor(cursor);
  if (key.length !== shape.length || key.some((part, index) => typeof part !== shape[index]))
    throw notACursor();
  return key as never;
}

/** The cursor of the item at `index` (from 0) of a list paged by offset. */
export function offsetCursor(index: number): string {
  return encodeCursor([index]);
}

/**
 * The index of the first item after `after` in a list paged by offset; 0 without `after`.
 * @throws BAD_USER_INPUT (field `after`) when `after` is not an offset cursor.
 */
export function offsetAfter(after: string | null | undefined): number {
  if (!after) return 0;
  const [index] = decodeCursor(after, ["number"] as const);
  if (!Number.isSafeInteger(index) || index < 0) throw notACursor();
  return index + 1;
}

/**
 * Builds a page from up to `size + 1` rows fetched in order (the extra row only says that there is
 * a next page).
 */
export function toPage<R, T, Count extends number | null>(
  rows: readonly R[],
  size: number,
  totalCount: Count,
  node: (row: R) => T,
  key: (row: R) => SortKey,
): Page<T, Count> {
  const hasNextPage = rows.length > size;
  const edges = rows.slice(0, size).map((row) => ({ node: node(row), cursor: encodeCursor(key(row)) }));
  return { edges, hasNextPage, endCursor: edges.at(-1)?.cursor ?? null, totalCount };
}

/**
 * A page of a list held in memory. Without `key` the cursors are offsets; with it, each cursor is
 * the item's key and `after` must name an item still in the list. `totalCount` is the list's length.
 * @throws BAD_USER_INPUT (field `first`, then `after`).
 */
export function pageOfList<T>(
  items: readonly T[],
  request: PageRequest,
  key?: (item: T) => SortKey,
): Page<T, number> {
  const size = pageSize(request.first);
  let start = 0;
  if (key && request.after) {
    const wanted = JSON.stringify(parseCursor(request.after));
    start = items.findIndex((item) => JSON.stringify(key(item)) === wanted) + 1;
    if (start === 0) throw notACursor();
  } else start = offsetAfter(request.after);
  const rows = items.slice(start, start + size + 1).map((item, i) => ({ item, index: start + i }));
  return toPage(
    rows,
    size,
    items.length,
    (row) => row.item,
    key ? (row) => key(row.item) : (row) => [row.index],
  );
}

/** The same page with each node mapped (edges and cursors kept). */
export async function mapPage<T, U, Count extends number | null>(
  page: Page<T, Count>,
  node: (node: T) => U | Promise<U>,
): Promise<Page<U, Count>> {
  const edges = await Promise.all(
    page.edges.map(async (edge) => ({ node: await node(edge.node), cursor: edge.cursor })),
  );
  return { ...page, edges };
}
