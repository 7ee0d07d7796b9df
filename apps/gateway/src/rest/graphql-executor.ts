import { ApolloGatewayDriver } from '@nestjs/apollo';
import { HttpException, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import type { GraphQLFormattedError } from 'graphql';

/** Status of a GraphQL error for REST callers: the subgraph's own, else by code. */
export function httpStatusOf(error: GraphQLFormattedError): number {
  const status = error.extensions?.status;
  if (typeof status === 'number') return status;
  const code = error.extensions?.code;
  if (code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED') return 400;
  if (code === 'UNAUTHENTICATED') return 401;
  if (code === 'FORBIDDEN') return 403;
  return 502;
}

/**
 * Runs a GraphQL operation through the gateway's own Apollo server, in
 * process, so the REST facade has exactly the graph's behaviour and rules.
 */
@Injectable()
export class GraphqlExecutor {
  constructor(private readonly moduleRef: ModuleRef) {}

  async run<T>(query: string, variables: Record<string, unknown>, req: Request): Promise<T> {
    const graphql = this.moduleRef.get(GraphQLModule<ApolloGatewayDriver>, { strict: false });
    const response = await graphql.graphQlAdapter.instance.executeOperation({ query, variables }, { contextValue: { req } });
    if (response.body.kind !== 'single') throw new HttpException('unexpected incremental GraphQL response', 502);
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const first = errors[0];
      throw new HttpException(
        { code: String(first.extensions?.code ?? 'GRAPHQL_ERROR'), message: errors.map((e) => e.message).join('; '), details: first.extensions?.details },
        httpStatusOf(first),
      );
    }
    return data as T;
  }
}
