import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { LoaderCache, RequestContext } from './request-context';

/** The Federation version every subgraph speaks, pinned here once. */
export const FEDERATION = {
  version: 2 as const,
  importUrl: 'https://specs.apollo.dev/federation/v2.5',
  directives: ['@key', '@shareable', '@external', '@requires', '@provides', '@inaccessible', '@tag', '@override', '@interfaceObject'],
};

/** A code-first Apollo Federation 2 subgraph at `/graphql`. */
@Module({})
export class SubgraphModule {
  static forRoot(): DynamicModule {
    return {
      module: SubgraphModule,
      imports: [
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          path: '/graphql',
          autoSchemaFile: { federation: FEDERATION },
          sortSchema: true,
          playground: false,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          // No per-request federated tracing: nothing here collects it, and it costs every request.
          plugins: [ApolloServerPluginInlineTraceDisabled()],
          context: ({ req }: { req: Request }): RequestContext => ({ req, loaders: new LoaderCache() }),
        }),
      ],
    };
  }
}
