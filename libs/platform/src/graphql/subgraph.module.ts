import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request } from 'express';
import { RolesGuard } from '../auth/roles.guard';
import { GatewaySignatureMiddleware } from './gateway-signature.middleware';
import { LoaderCache, RequestContext } from './request-context';

/** The Federation version every subgraph speaks, pinned here once. */
export const FEDERATION = {
  version: 2 as const,
  importUrl: 'https://specs.apollo.dev/federation/v2.5',
  directives: ['@key', '@shareable', '@external', '@requires', '@provides', '@inaccessible', '@tag', '@override', '@interfaceObject'],
};

/**
 * A code-first Apollo Federation 2 subgraph at `/graphql`, answering only
 * requests the gateway signed, each resolver checked against the signed
 * principal's role (RequiresRole). Guards, interceptors and exception
 * filters run for field resolvers and entity references too
 * (`fieldResolverEnhancers`), not only for root fields: `_entities` and
 * `@ResolveField` are role-checked here, a DomainError thrown in a field
 * keeps its code, and anything unexpected is logged with its stack and
 * answered as a masked INTERNAL error (PlatformExceptionFilter).
 */
@Module({})
export class SubgraphModule implements NestModule {
  configure(consumer: MiddlewareConsumer) {
    consumer.apply(GatewaySignatureMiddleware).forRoutes('graphql');
  }

  /** `orphanedTypes`: entity types of other subgraphs this one only extends (no field of its own returns them). */
  static forRoot(options: { orphanedTypes?: Function[] } = {}): DynamicModule {
    return {
      module: SubgraphModule,
      providers: [{ provide: APP_GUARD, useClass: RolesGuard }],
      imports: [
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          path: '/graphql',
          autoSchemaFile: { federation: FEDERATION },
          sortSchema: true,
          ...(options.orphanedTypes ? { buildSchemaOptions: { orphanedTypes: options.orphanedTypes } } : {}),
          playground: false,
          introspection: true,
          includeStacktraceInErrorResponses: false,
          fieldResolverEnhancers: ['guards', 'interceptors', 'filters'],
          // No per-request federated tracing: nothing here collects it, and it costs every request.
          plugins: [ApolloServerPluginInlineTraceDisabled()],
          context: ({ req }: { req: Request }): RequestContext => ({ req, loaders: new LoaderCache() }),
        }),
      ],
    };
  }
}
