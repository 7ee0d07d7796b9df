import { Type } from '@nestjs/common';
import { ArgsType, Directive, Field, Int, ObjectType } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error';

/** The graph's one pagination style: `first` / `after` with an opaque cursor. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { defaultValue: 50, description: 'How many items (1–200).' })
  @IsInt()
  @Min(1)
  @Max(200)
  first: number = 50;

  @Field({ nullable: true, description: 'The endCursor of the previous page.' })
  @IsOptional()
  @IsString()
  after?: string;
}

/** Shared by every subgraph's connections, hence shareable. */
@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

/**
 * A page. `totalCount` is a getter that counts on first read: GraphQL reads
 * it only when the operation selects `totalCount`, so a page that does not
 * ask never counts its whole filter (a count over a large table costs more
 * than the page itself).
 */
export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}

/** Declares `<Name>Connection { nodes pageInfo totalCount }` for a model. */
export function ConnectionType<T>(node: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [node])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'All items matching the filter, on every page (counted only when asked for).' })
    totalCount: Promise<number>;
  }
  return ConnectionClass;
}

/** Cursors wrap a numeric sort key; clients treat them as opaque. */
export const encodeCursor = (key: number): string => Buffer.from(`k:${key}`).toString('base64url');

export function decodeCursor(cursor: string): number {
  const match = /^k:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new DomainError('INVALID_CURSOR', `cursor "${cursor}" is not one this API issued`);
  return Number(match[1]);
}

/** Builds a page from `first + 1` rows fetched after the cursor; `count` runs only if totalCount is selected, at most once. */
export function toConnection<R, T>(
  rows: R[],
  first: number,
  count: () => Promise<number>,
  keyOf: (row: R) => number,
  map: (row: R) => T,
): Connection<T> {
  const page = rows.slice(0, first);
  let counted: Promise<number> | undefined;
  const last = page[page.length - 1];
  return {
    nodes: page.map(map),
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(keyOf(last)) : null },
    get totalCount() {
      return (counted ??= count());
    },
  };
}
