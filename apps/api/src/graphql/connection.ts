/** Relay-style connections: `(first, after) -> { edges { node cursor } pageInfo totalCount }`. */
import type { Page } from "@qvault/core";
import type { GraphQLResolveInfo } from "graphql";
import { ArgsType, type ClassType, Field, Int, ObjectType } from "type-graphql";

@ObjectType({ description: "Where a page of a connection ends." })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: "Pass as `after` to get the next page." })
  endCursor!: string | null;
}

export interface ConnectionShape<T> {
  edges: { node: T; cursor: string }[];
  pageInfo: PageInfo;
  /** Null only when the query did not ask for it (see {@link asksForTotalCount}). */
  totalCount: number | null;
}

/** The connection and edge types of `node`, named `${name}Connection` and `${name}Edge`. */
export function connectionOf<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node)
    node!: T;

    @Field(() => String)
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class Connection implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: "How many items match, over all pages." })
    totalCount!: number;
  }
  return Connection;
}

/** A page from core's paging module (or anything paged with it) as a connection. */
export function toConnection<T>(page: Page<T>): ConnectionShape<T> {
  return {
    edges: page.edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
    totalCount: page.totalCount,
  };
}

/**
 * Whether the query selects the connection's `totalCount`: counting every match costs a pass over
 * the whole list, which a page alone does not need. Fragments count as asking.
 */
export function asksForTotalCount(info: GraphQLResolveInfo): boolean {
  return info.fieldNodes.some((node) =>
    (node.selectionSet?.selections ?? []).some(
      (selection) => selection.kind !== "Field" || selection.name.value === "totalCount",
    ),
  );
}

/** `(first, after)`: the arguments of every connection. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: "Page size, 1 to 100; 20 when omitted." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "The endCursor of the previous page." })
  after?: string | null;
}
