import { ApolloGatewayDriver, ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GatewayConfig, gatewayConfig } from '../gateway.config';
import { queryLimitsRule } from './query-limits';
import { loadSupergraph } from './supergraph';

/** The public graph: Apollo Gateway over the committed supergraph, each subgraph at its configured URL. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloGatewayDriverConfig>({
      driver: ApolloGatewayDriver,
      inject: [gatewayConfig.KEY],
      useFactory: (config: GatewayConfig) => ({
        server: {
          path: '/graphql',
          introspection: config.introspection,
          playground: false,
          includeStacktraceInErrorResponses: false,
          validationRules: [queryLimitsRule(config.queryLimits)],
          context: ({ req }: { req: unknown }) => ({ req }),
        },
        gateway: {
          supergraphSdl: loadSupergraph(),
          buildService: ({ name, url }) => new RemoteGraphQLDataSource({ url: config.subgraphUrls[name] ?? url }),
        },
      }),
    }),
  ],
})
export class GatewayGraphqlModule {}

