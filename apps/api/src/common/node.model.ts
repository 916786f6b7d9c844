import { Field, ID, InterfaceType, ObjectType } from '@nestjs/graphql';

/** Relay global object identification: every id is opaque and resolvable through node(id). */
@InterfaceType('Node', {
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class NodeModel {
  @Field(() => ID)
  id: string;
}

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field()
  hasNextPage: boolean;
  @Field()
  hasPreviousPage: boolean;
  @Field(() => String, { nullable: true })
  startCursor: string | null;
  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export function pageInfo(cursors: string[], hasNextPage: boolean, hasPreviousPage: boolean): PageInfoModel {
  return { hasNextPage, hasPreviousPage, startCursor: cursors[0] ?? null, endCursor: cursors[cursors.length - 1] ?? null };
}

/** A forward-only page of `{ cursor, view }` items, as a connection of nodes made by `toNode`. */
export function connectionOf<V, N>(
  page: { items: { cursor: string; view: V }[]; hasNextPage: boolean; totalCount: number },
  toNode: (view: V) => N,
): { edges: { cursor: string; node: N }[]; pageInfo: PageInfoModel; totalCount: number } {
  const edges = page.items.map((i) => ({ cursor: i.cursor, node: toNode(i.view) }));
  return {
    edges,
    pageInfo: pageInfo(
      edges.map((e) => e.cursor),
      page.hasNextPage,
      false,
    ),
    totalCount: page.totalCount,
  };
}
