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

export interface Connection<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** Declares `<Name>Connection { nodes pageInfo totalCount }` for a model. */
export function ConnectionType<T>(node: Type<T>, name: string): Type<Connection<T>> {
  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [node])
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'All items matching the filter, on every page.' })
    totalCount: number;
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

/** Builds a page from `first + 1` rows fetched after the cursor. */
export function toConnection<R, T>(
  rows: R[],
  first: number,
  totalCount: number,
  keyOf: (row: R) => number,
  map: (row: R) => T,
): Connection<T> {
  const page = rows.slice(0, first);
  const last = page[page.length - 1];
  return {
    nodes: page.map(map),
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(keyOf(last)) : null },
    totalCount,
  };
}
