import { ApolloGatewayDriver, ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { GATEWAY_SIGNATURE_HEADER, PLATFORM_CONFIG, PlatformConfig, requireSubgraphSecret, signGatewayRequest } from '@companyos/platform';
import { getConfigToken } from '@nestjs/config';
import { GatewayConfig, gatewayConfig } from '../gateway.config';
import { queryLimitsRule } from './query-limits';
import { loadSupergraph } from './supergraph';

/** The public graph: Apollo Gateway over the committed supergraph, each subgraph at its configured URL. */
@Module({
  imports: [
    GraphQLModule.forRootAsync<ApolloGatewayDriverConfig>({
      driver: ApolloGatewayDriver,
      inject: [gatewayConfig.KEY, getConfigToken(PLATFORM_CONFIG)],
      useFactory: (config: GatewayConfig, platform: PlatformConfig) => ({
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
          buildService: ({ name, url }) => new SignedDataSource(config.subgraphUrls[name] ?? url, requireSubgraphSecret(platform)),
        },
      }),
    }),
  ],
})
export class GatewayGraphqlModule {}

/** A subgraph called with the gateway's signature (subgraphs refuse anything else). */
class SignedDataSource extends RemoteGraphQLDataSource {
  constructor(
    url: string,
    private readonly secret: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions) {
    // No principal is named yet (identities come with API tokens): the signature binds the empty actor.
    request.http?.headers.set(GATEWAY_SIGNATURE_HEADER, signGatewayRequest(this.secret, ''));
  }
}

