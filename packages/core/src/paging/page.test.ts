import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, offsetCursor, type Page, pageOfList, pageSize, toPage } from "./page.js";

/** Every node of a list, page after page, each `after` the previous `endCursor`. */
function walk<T>(next: (after: string | null) => Page<T>): T[] {
  const seen: T[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = next(after);
    seen.push(...page.edges.map((edge) => edge.node));
    expect(page.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
    if (!page.hasNextPage) return seen;
    after = page.endCursor;
  }
  throw new Error("the pages never ended");
}

const sizes = fc.integer({ min: 1, max: 100 });

describe("paging", () => {
  it("walks an in-memory list, by offset or by key, giving every item once and in order", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string(), { maxLength: 250 }),
        sizes,
        fc.boolean(),
        (items, first, byKey) => {
          const key = byKey ? (item: string) => [item] : undefined;
          const seen = walk((after) => {
            const page = pageOfList(items, { first, after }, key);
            expect(page.totalCount).toBe(items.length);
            expect(page.edges.length).toBeLessThanOrEqual(first);
            return page;
          });
          expect(seen).toEqual(items);
        },
      ),
    );
  });

  it("walks rows fetched size + 1 after a key, giving every row once and in order", () => {
    const rows = fc
      .uniqueArray(fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.string()), {
        selector: ([n, s]) => `${n} ${s}`,
        maxLength: 250,
      })
      .map((list) => list.sort(([a, x], [b, y]) => a - b || (x < y ? -1 : x > y ? 1 : 0)));
    fc.assert(
      fc.property(rows, sizes, (sorted, first) => {
        const seen = walk((after) => {
          const size = pageSize(first);
          const from = after ? decodeCursor(after, ["number", "string"] as const) : null;
          const rest = from
            ? sorted.filter(([n, s]) => n > from[0] || (n === from[0] && s > from[1]))
            : sorted;
          return toPage(
            rest.slice(0, size + 1),
            size,
            null,
            (row) => row,
            (row) => row,
          );
        });
        expect(seen).toEqual(sorted);
      }),
    );
  });

  it("round-trips any sort key through a base64url cursor", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.integer())), (key) => {
        const cursor = encodeCursor(key);
        expect(cursor).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeCursor(cursor, key.map((part) => typeof part) as ("string" | "number")[])).toEqual(key);
      }),
    );
  });

  it("refuses bad page sizes and cursors it never gave out with BAD_USER_INPUT", () => {
    for (const first of [0, 101, 2.5, -1])
      expect(() => pageOfList([1, 2, 3], { first })).toThrow(
        expect.objectContaining({
          code: "BAD_USER_INPUT",
          details: expect.objectContaining({ field: "first" }),
        }),
      );
    for (const after of ["9", "not a cursor", "bm90LWEtY3Vyc29y", encodeCursor(["x"]), offsetCursor(-1)])
      expect(() => pageOfList([1, 2, 3], { after })).toThrow(
        expect.objectContaining({
          code: "BAD_USER_INPUT",
          message: "after is not a cursor this list gave out",
        }),
      );
    expect(() => pageOfList(["a", "b"], { after: encodeCursor(["gone"]) }, (item) => [item])).toThrow(
      expect.objectContaining({ code: "BAD_USER_INPUT" }),
    );
  });
});
